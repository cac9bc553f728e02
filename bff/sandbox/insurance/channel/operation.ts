// Channel operations by `method`. Each validates its input and returns plain data, or
// throws a PlatformRefusal, which the gateway sends back signed with its code.
import type { z } from 'zod';

export class PlatformRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformRefusal';
  }
}

export interface OperationContext {
  appId: string;
  now: () => number;
}

export type Operation = (data: unknown, context: OperationContext) => unknown | Promise<unknown>;
export type Operations = Record<string, Operation>;

export function operation<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>, context: OperationContext) => unknown | Promise<unknown>,
): Operation {
  return (data, context) => {
    const parsed = schema.safeParse(data ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(data)').join(', ');
      throw new PlatformRefusal('INPUT_INVALID', `入参校验失败：${where}`);
    }
    return handler(parsed.data, context);
  };
}
