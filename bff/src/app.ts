// createApp(deps): the BFF as a Koa app that never listens (main.ts does).
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';

import type { Deps } from './deps';
import { AppError } from './errors';
import { accessLog } from './middleware/access-log';
import { errorHandler } from './middleware/error-handler';
import { requestId } from './middleware/request-id';
import { staticFiles } from './middleware/static-files';
import { createApiRouter } from './routes/api';
import { ALIPAY_WEBHOOK_PATH, createCashWebhookRouter, WECHATPAY_WEBHOOK_PATH } from './routes/cash-webhooks';
import { createSystemRouter } from './routes/system';
import { createWebhookRouter, WEBHOOK_PATH } from './routes/webhook';

const API_PATHS = /^\/(api|healthz|readyz|webhooks)(\/|$)/;

export function createApp(deps: Deps): Koa {
  const app = new Koa({ proxy: false });
  // Errors are answered and logged by errorHandler; Koa's default printer would repeat them.
  app.silent = true;

  // First: counts every request for the drain, and says Connection: close while draining.
  app.use(deps.drain.middleware);
  app.use(requestId(deps.newId));
  app.use(accessLog(deps.logger, deps.now));
  app.use(errorHandler(deps.logger, deps.now));
  // The platform's webhook takes up to 100 events in one envelope, ≈ 1.4 KB each once
  // encrypted and hex-encoded: 64 KB refused batches of 48 bills (npm run bench), 1 MB takes
  // any batch the schema allows. Everything else the phones send stays far below 64 KB.
  const apiBody = bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', jsonStrict: true });
  const webhookBody = bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', jsonStrict: true });
  // WeChat Pay signs the exact bytes of its notification: kept as text, parsed after the check.
  const wechatPayBody = bodyParser({
    enableTypes: ['text'],
    extendTypes: { text: ['application/json'] },
    textLimit: '64kb',
  });
  // Alipay's notification is a form.
  const alipayBody = bodyParser({ enableTypes: ['form'], formLimit: '64kb' });
  const parsers = new Map([
    [WEBHOOK_PATH, webhookBody],
    [WECHATPAY_WEBHOOK_PATH, wechatPayBody],
    [ALIPAY_WEBHOOK_PATH, alipayBody],
  ]);
  app.use((ctx, next) => (parsers.get(ctx.path) ?? apiBody)(ctx, next));

  const methodNotAllowed = () => new AppError('METHOD_NOT_ALLOWED');
  const { channels } = deps.config.insurance;
  const webhook = createWebhookRouter({
    ...deps,
    channels: [channels.wechat, ...(channels.alipay ? [channels.alipay] : [])],
  });
  const routers = [createSystemRouter(deps), webhook, createCashWebhookRouter(deps), createApiRouter(deps)];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true, methodNotAllowed, notImplemented: methodNotAllowed }));
  }

  if (deps.config.h5Dir) app.use(staticFiles(deps.config.h5Dir, { skip: (path) => API_PATHS.test(path) }));
  return app;
}
