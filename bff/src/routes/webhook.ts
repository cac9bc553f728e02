// POST /webhooks/insurance: the platform's signed events. Not under /api/v1: the
// mini-program never calls it. The envelope is verified here; the webhook service reads the
// delivery (one event or a batch) and acknowledges it only once all of it is stored, in one
// transaction.
import { Router } from '@koa/router';
import { ERRORS } from '@ybm/shared';
import { EnvelopeError, type EnvelopeChannel, type EnvelopeCodec } from '@ybm/shared/gm';

import type { WebhookService } from '../services/webhook';

export const WEBHOOK_PATH = '/webhooks/insurance';

export function createWebhookRouter(deps: {
  webhookService: WebhookService;
  codec: EnvelopeCodec;
  channels: EnvelopeChannel[];
}): Router {
  const router = new Router();
  const findChannel = (appId: string) => deps.channels.find((channel) => channel.appId === appId);

  router.post(WEBHOOK_PATH, async (ctx) => {
    let opened;
    try {
      // Verifies the platform's SM2 signature and a timestamp within ±5 minutes.
      opened = deps.codec.open((ctx.request as { body?: unknown }).body, findChannel);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      ctx.status = ERRORS[error.code].status;
      ctx.body = { code: error.code, message: ERRORS[error.code].message };
      return;
    }
    const answer = await deps.webhookService.deliver(opened.appId, opened.data);
    ctx.status = answer.status;
    ctx.body = answer.body;
  });
  return router;
}
