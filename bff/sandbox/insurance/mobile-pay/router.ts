// Mobile payment 62xx (PROTOCOL.md §3) at the PATHS of each transaction, in the GM envelope.
// Any registered channel may call (the demo HIS YBMHIS0000000001, and the BFF's channels).
// Envelopes that cannot be trusted get an unsigned refusal, like the channel gateway;
// everything else is answered signed: code "0" with data, or the refusal's code and message.
import { createHash } from 'node:crypto';

import { Router } from '@koa/router';
import { compactJson, EnvelopeError, ERRORS } from '@ybm/shared';
import { PATHS } from '@ybm/shared/src/protocol';
import * as fields from '@ybm/shared/src/protocol/mobile-pay/fields';
import type { z } from 'zod';

import { PlatformRefusal } from '../channel/operation';
import { isoNow, type SandboxContext } from '../context';
import { requestLog } from '../request-log';
import { payOrder } from './pay';
import { queryOrder, revokeOrder } from './query';
import { refundOrder } from './refund';
import { asRefusal, MobilePayRefusal } from './refusal';
import { uploadFees } from './upload';

interface Transaction {
  infno: string;
  path: string;
  run(data: unknown, requestHash: string): Record<string, unknown>;
}

function transaction<S extends z.ZodType>(
  infno: string,
  path: string,
  schema: S,
  run: (input: z.output<S>, requestHash: string) => Record<string, unknown>,
): Transaction {
  return {
    infno,
    path,
    run(data, requestHash) {
      const parsed = schema.safeParse(data ?? {});
      if (!parsed.success) throw new PlatformRefusal('INPUT_INVALID', fields.describeIssues(parsed.error));
      return run(parsed.data, requestHash);
    },
  };
}

export function createMobilePayRouter(context: SandboxContext): Router {
  const { codec, channels, db } = context;
  const log = requestLog(db);
  const transactions = [
    transaction('6201', PATHS.uploadFees, fields.uploadFees, (input, hash) =>
      uploadFees(context, input, hash),
    ),
    transaction('6202', PATHS.payOrder, fields.payOrder, (input, hash) => payOrder(context, input, hash)),
    transaction('6203', PATHS.refundOrder, fields.refundOrder, (input, hash) =>
      refundOrder(context, input, hash),
    ),
    transaction('6301', PATHS.queryOrder, fields.queryOrder, (input) => queryOrder(context, input)),
    transaction('6401', PATHS.revokeOrder, fields.revokeOrder, (input) => revokeOrder(context, input)),
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
        answer = { data: run(opened.data, requestHash), code: '0', message: '成功' };
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
