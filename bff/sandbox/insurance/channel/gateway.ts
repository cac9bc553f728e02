// The channel gateway: open and verify the BFF's envelope, run the operation named by
// the signed `method`, answer in a signed and encrypted envelope. Envelopes that cannot
// be trusted get an unsigned refusal with the envelope error's code.
import { Router } from '@koa/router';
import { ERRORS } from '@ybm/shared';
import { EnvelopeError } from '@ybm/shared/gm';
import { CHANNEL_GATEWAY_PATH, SUCCESS_CODE, SUCCESS_MESSAGE } from '@ybm/shared/protocol';

import { isoNow, type SandboxContext } from '../context';
import { requestLog } from '../request-log';
import { PlatformRefusal, type Operations } from './operation';

export function createChannelGateway(context: SandboxContext, operations: Operations): Router {
  const { codec, channels, db, now } = context;
  const log = requestLog(db);
  const router = new Router();

  router.post(CHANNEL_GATEWAY_PATH, async (ctx) => {
    let opened;
    try {
      opened = codec.open((ctx.request as { body?: unknown }).body, channels.find);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      log.record(null, null, error.code, isoNow(context));
      ctx.status = ERRORS[error.code].status;
      ctx.body = { code: error.code, message: ERRORS[error.code].message };
      return;
    }
    const channel = channels.find(opened.appId);
    if (!channel) throw new Error('channel vanished between open and answer');

    const method = opened.method ?? '';
    const handler = operations[method];
    let answer: { data: unknown; code: string; message: string };
    try {
      if (!handler) throw new PlatformRefusal('UNKNOWN_OPERATION', `不支持的交易：${method || '(无)'}`);
      const data = await handler(opened.data, { appId: opened.appId, now });
      context.onAnswer?.({ surface: 'channel', name: method, data });
      answer = { data, code: SUCCESS_CODE, message: SUCCESS_MESSAGE };
    } catch (error) {
      if (!(error instanceof PlatformRefusal)) throw error;
      answer = { data: undefined, code: error.code, message: error.message };
    }
    log.record(opened.appId, method, answer.code, isoNow(context));
    ctx.body = codec.seal(channel, answer.data, { code: answer.code, message: answer.message });
  });
  return router;
}
