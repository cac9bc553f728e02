// Channel operations by `method`. Each takes its input as the protocol's schema for that
// method parsed it and returns that method's answer (the protocol's answer schema, checked
// at compile time), or throws a PlatformRefusal, which the gateway sends back signed with
// its code.
import {
  CHANNEL_OPERATIONS,
  type ChannelAnswerData,
  type ChannelInput,
  type ChannelMethod,
  type ChannelRefusalCode,
  type MobilePayRefusalCode,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

export class PlatformRefusal extends Error {
  constructor(
    readonly code: ChannelRefusalCode | MobilePayRefusalCode,
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

export type Operation = (data: unknown, context: OperationContext) => unknown;
export type Operations = Record<string, Operation>;

type Handler<M extends ChannelMethod> = (
  input: ChannelInput<M>,
  context: OperationContext,
) => ChannelAnswerData<M> | Promise<ChannelAnswerData<M>>;

/** The handlers of some methods, each behind its method's input schema. */
export function operations<K extends ChannelMethod>(handlers: { [M in K]: Handler<M> }): Operations {
  const wrapped: Operations = {};
  for (const method of Object.keys(handlers) as K[]) {
    const schema: z.ZodType = CHANNEL_OPERATIONS[method].input;
    // TypeScript cannot pair a method's schema with its handler across the union of methods:
    // the handler of `method` takes what the schema of `method` gives.
    const handler = handlers[method] as (input: unknown, context: OperationContext) => unknown;
    wrapped[method] = (data, context) => {
      const parsed = schema.safeParse(data ?? {});
      if (!parsed.success) {
        const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(data)').join(', ');
        throw new PlatformRefusal('INPUT_INVALID', `入参校验失败：${where}`);
      }
      return handler(parsed.data, context);
    };
  }
  return wrapped;
}
