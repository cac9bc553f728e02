// Channel operations by `method`. Each validates its input and returns plain data, or
// throws a PlatformRefusal, which the gateway sends back signed with its code.
import { z } from 'zod';

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

type Operation = (data: unknown, context: OperationContext) => unknown;

function operation<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>, context: OperationContext) => unknown,
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

export function createOperations(): Record<string, Operation> {
  return {
    // Proves the round trip: the nonce came through our verification and decryption and
    // goes back signed and encrypted.
    'sys.echo': operation(z.object({ nonce: z.string().min(1).max(128) }), (input, context) => ({
      nonce: input.nonce,
      appId: context.appId,
      serverTime: new Date(context.now()).toISOString(),
    })),
  };
}
