// The one way the typed client talks to the platform: send the request over the transport
// (sealed, with its timeout), read the answer with the protocol module's schema for it, and
// turn a refusal into the BFF's AppError. An answer that does not fit its schema is
// UPSTREAM_BAD_RESPONSE, with what did not fit logged (paths and zod codes, never values).
import type { ErrorCode } from '@ybm/shared';
import {
  CHANNEL_OPERATIONS,
  MOBILE_PAY_TRANSACTIONS,
  type ChannelAnswer,
  type ChannelMethod,
  type ChannelRefusalCode,
  type ChannelRequest,
  type MobilePayAnswer,
  type MobilePayInfno,
  type MobilePayRefusalCode,
  type MobilePayRequest,
} from '@ybm/shared/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';

import { UpstreamError } from '../../errors';
import { translateRefusal } from './refusals';
import { InsuranceRefusal, UPSTREAM, type InsuranceTransport } from './transport';

/** Refusals one call renames (e.g. an unknown page position is the phone's bad cursor). */
export type OwnRefusals = Partial<Record<ChannelRefusalCode | MobilePayRefusalCode, ErrorCode>>;

export interface Exchange {
  channel<M extends ChannelMethod>(
    method: M,
    data: ChannelRequest<M>,
    own?: OwnRefusals,
  ): Promise<ChannelAnswer<M>>;
  mobilePay<N extends MobilePayInfno>(infno: N, data: MobilePayRequest<N>): Promise<MobilePayAnswer<N>>;
}

export function createExchange(transport: InsuranceTransport, logger: Logger | undefined): Exchange {
  function read<T>(schema: z.ZodType, answer: unknown, name: string): T {
    const parsed = schema.safeParse(answer);
    if (parsed.success) return parsed.data as T;
    const issues = parsed.error.issues.slice(0, 10).map(({ code, path }) => ({ code, path: path.join('.') }));
    logger?.warn({ operation: name, issues }, 'insurance platform answer does not fit its schema');
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${name}: answer does not fit its schema`);
  }

  function refused(error: unknown, own?: OwnRefusals): unknown {
    return error instanceof InsuranceRefusal ? translateRefusal(error, own) : error;
  }

  return {
    async channel(method, data, own) {
      let answer;
      try {
        answer = await transport.call(method, data as Record<string, unknown>);
      } catch (error) {
        throw refused(error, own);
      }
      // The envelope drops an empty object: no data is {}.
      return read(CHANNEL_OPERATIONS[method].answer, answer ?? {}, method);
    },

    async mobilePay(infno, data) {
      const transaction = MOBILE_PAY_TRANSACTIONS[infno];
      let answer;
      try {
        answer = await transport.request(transaction.path, data as Record<string, unknown>);
      } catch (error) {
        throw refused(error);
      }
      return read(transaction.answer, answer ?? {}, infno);
    },
  };
}
