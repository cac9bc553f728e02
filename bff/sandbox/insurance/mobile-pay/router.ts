// Mobile payment 62xx (PROTOCOL.md §3) at the path of each transaction, in the GM envelope,
// each request read with the protocol's schema for its infno.
// Any registered channel may call (the demo HIS YBMHIS0000000001, and the BFF's channels).
// Envelopes that cannot be trusted get an unsigned refusal, like the channel gateway;
// everything else is answered signed: code "0" with data, or the refusal's code and message.
import { createHash } from 'node:crypto';

import { Router } from '@koa/router';
import { ERRORS } from '@ybm/shared';
import { compactJson, EnvelopeError } from '@ybm/shared/gm';
import {
  describeMobilePayIssues,
  MOBILE_PAY_TRANSACTIONS,
  SUCCESS_CODE,
  SUCCESS_MESSAGE,
  type MobilePayInfno,
  type MobilePayInput,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

import { PlatformRefusal } from '../channel/operation';
import { isoNow, type SandboxContext } from '../context';
import { requestLog } from '../request-log';
import { payOrder } from './pay';
import { queryOrder, revokeOrder } from './query';
import { refundOrder } from './refund';
import { asRefusal, MobilePayRefusal } from './refusal';
import { uploadFees } from './upload';

type Run<N extends MobilePayInfno> = (
  input: MobilePayInput<N>,
  requestHash: string,
) => Record<string, unknown>;

interface Transaction {
  infno: MobilePayInfno;
  path: string;
  run(data: unknown, requestHash: string): Record<string, unknown>;
}

/** A transaction behind the protocol's input schema for its infno. */
function transaction<N extends MobilePayInfno>(infno: N, run: Run<N>): Transaction {
  const { path, input } = MOBILE_PAY_TRANSACTIONS[infno];
  const schema: z.ZodType = input;
  return {
    infno,
    path,
    run(data, requestHash) {
      const parsed = schema.safeParse(data ?? {});
      if (!parsed.success) throw new PlatformRefusal('INPUT_INVALID', describeMobilePayIssues(parsed.error));
      // TypeScript cannot pair an infno's schema with its handler across the union of infnos:
      // the schema of `infno` gives what the `run` of `infno` takes.
      return run(parsed.data as MobilePayInput<N>, requestHash);
    },
  };
}

export function createMobilePayRouter(context: SandboxContext): Router {
  const { codec, channels, db } = context;
  const log = requestLog(db);
  const transactions = [
    transaction('6201', (input, hash) => uploadFees(context, input, hash)),
    transaction('6202', (input, hash) => payOrder(context, input, hash)),
    transaction('6203', (input, hash) => refundOrder(context, input, hash)),
    transaction('6301', (input) => queryOrder(context, input)),
    transaction('6401', (input) => revokeOrder(context, input)),
  ];

  const router = new Router();
  for (const { infno, path, run } of transactions) {
    router.post(path, (ctx) => {
      let opened;
      try {
        opened = codec.open((ctx.request as { body?: unknown }).body, channels.find);
      } catch (error) {
        if (!(error instanceof EnvelopeError)) throw error;
        log.record(null, infno, error.code, isoNow(context));
        ctx.status = ERRORS[error.code].status;
        ctx.body = { code: error.code, message: ERRORS[error.code].message };
        return;
      }
      const channel = channels.find(opened.appId);
      if (!channel) throw new Error('channel vanished between open and answer');

      let answer: { data?: unknown; code: string; message: string };
      try {
        // The idempotency keys (medOrgOrd, orgBizSer, appRefdSn) compare whole requests by this.
        const requestHash = createHash('sha256').update(compactJson(opened.data)).digest('hex');
        const data = run(opened.data, requestHash);
        context.onAnswer?.({ surface: 'mobile-pay', name: infno, data });
        answer = { data, code: SUCCESS_CODE, message: SUCCESS_MESSAGE };
      } catch (error) {
        const refusal = asRefusal(error);
        if (refusal) {
          answer = {
            data: refusal instanceof MobilePayRefusal ? refusal.data : undefined,
            code: refusal.code,
            message: refusal.message,
          };
        } else {
          // A fault, not a refusal: the transaction rolled back; say so, signed, and log it.
          process.stderr.write(`62xx ${infno} fault: ${(error as Error).stack ?? String(error)}\n`);
          answer = { code: 'SYSTEM_ERROR', message: '医保平台处理异常，请稍后重试' };
        }
      }
      log.record(opened.appId, infno, answer.code, isoNow(context));
      ctx.body = codec.seal(channel, answer.data, { code: answer.code, message: answer.message });
    });
  }
  return router;
}
