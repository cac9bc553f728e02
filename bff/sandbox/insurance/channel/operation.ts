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

const inputs = new WeakMap<Operation, z.ZodType>();

/** The input schema an operation made by operation() checks (tests judge hostile input by it). */
export function operationInputOf(op: Operation): z.ZodType | undefined {
  return inputs.get(op);
}

export function operation<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>, context: OperationContext) => unknown | Promise<unknown>,
): Operation {
  const op: Operation = (data, context) => {
    const parsed = schema.safeParse(data ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(data)').join(', ');
      throw new PlatformRefusal('INPUT_INVALID', `入参校验失败：${where}`);
    }
    return handler(parsed.data, context);
  };
  inputs.set(op, schema);
  return op;
}
