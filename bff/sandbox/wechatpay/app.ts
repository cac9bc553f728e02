// The fake WeChat Pay (merchant API v3, 直连商户) as a Koa app: JSAPI orders, query, close,
// refunds and payment notifications with WeChat Pay's paths, fields, signatures and error
// codes (PROTOCOL.md §8), plus dev controls under /dev/pay/. Every /v3 request must carry a
// valid merchant signature; every /v3 answer is signed with the platform key (public-key
// mode). The fake WeChat process serves it beside the open platform (wechat/main.ts).
import { bodyParser } from '@koa/bodyparser';
import type { Router } from '@koa/router';
import Koa from 'koa';

import { createDevRouter } from './dev';
import { PayRefusal } from './errors';
import { createNotifier, type Notifier } from './notify';
import { createRefundsRouter, REFUND_PATHS } from './refunds';
import { platformHeaders, verifyMerchantRequest } from './signing';
import { createWechatPayState, type WechatPaySandboxOptions, type WechatPayState } from './state';
import { createTransactionsRouter, TRANSACTION_PATHS } from './transactions';

export { FORGERIES, type Forgery } from './notify';
export { WECHATPAY_RETRY_DELAYS_MS, type WechatPaySandboxOptions } from './state';

export const WECHATPAY_PATHS = { ...TRANSACTION_PATHS, ...REFUND_PATHS } as const;

/** True for the paths this fake answers (the fake WeChat process routes them here). */
export const isWechatPayPath = (path: string) => path.startsWith('/v3/') || path.startsWith('/dev/pay/');

export interface WechatPaySandbox {
  app: Koa;
  state: WechatPayState;
  notifier: Notifier;
  /** Stops the notification timer. */
  close(): void;
}

export function createWechatPaySandbox(options: WechatPaySandboxOptions): WechatPaySandbox {
  const state = createWechatPayState(options);
  const notifier = createNotifier(state);
  const app = new Koa();
  app.silent = true;

  // Answers (errors included) of /v3 are signed once they are final; dev controls are plain JSON.
  app.use(async (ctx, next) => {
    const api = ctx.path.startsWith('/v3/');
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = api ? { code: 'NOT_FOUND', message: '请求的资源不存在' } : { error: 'not found' };
      }
    } catch (error) {
      if (error instanceof PayRefusal) {
        ctx.status = error.status;
        ctx.body = error.toBody();
      } else {
        const status = (error as { status?: number }).status;
        if (typeof status === 'number' && status >= 400 && status < 500) {
          ctx.status = status;
          ctx.body = api
            ? { code: 'PARAM_ERROR', message: '请求体不是合法的 JSON' }
            : { error: (error as Error).message };
        } else {
          ctx.status = 500;
          ctx.body = api ? { code: 'SYSTEM_ERROR', message: '系统错误' } : { error: 'internal error' };
          process.stderr.write(`wechatpay sandbox error: ${(error as Error).stack ?? String(error)}\n`);
        }
      }
    }
    if (api) {
      const text = ctx.body === undefined || ctx.body === null ? '' : JSON.stringify(ctx.body);
      if (text) {
        ctx.body = text;
        ctx.type = 'application/json; charset=utf-8';
      }
      ctx.set(platformHeaders(state, text));
      ctx.set('Request-ID', `08${state.now()}`);
    }
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', jsonStrict: true }));

  // The merchant's signature is checked before anything else; an outage set by /dev/pay/busy next.
  app.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/v3/')) return next();
    const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
    verifyMerchantRequest(state, {
      method: ctx.method,
      url: ctx.url,
      body: rawBody,
      authorization: ctx.get('authorization') || undefined,
    });
    if (state.busy > 0) {
      state.busy -= 1;
      throw new PayRefusal(500, 'SYSTEM_ERROR', '系统错误，请用相同参数重新调用');
    }
    await next();
  });

  const routers: Router[] = [
    createTransactionsRouter(state),
    createRefundsRouter(state),
    createDevRouter(state, notifier),
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }

  return { app, state, notifier, close: () => notifier.stop() };
}
