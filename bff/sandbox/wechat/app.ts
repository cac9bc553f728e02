// The fake WeChat open platform as a Koa app (main.ts listens): the real paths, fields
// and errcodes of jscode2session, stable_token, face verification and subscribe
// messages (PROTOCOL.md §5), plus dev controls under /dev/ for what happens on phones.
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';

import { AUTH_PATHS, createAuthRouter } from './auth';
import { createDevRouter } from './dev';
import { answerError, WxRefusal } from './errors';
import { createFaceRouter, FACE_PATHS } from './face';
import { createWechatState, mintLoginCode, type WechatSandboxOptions, type WechatState } from './state';
import { createSubscribeRouter, SUBSCRIBE_PATH } from './subscribe';

export { certHash, VERIFY_RET } from './face';
export { WX_ERRORS } from './errors';
export type { SentMessage, WechatSandboxOptions } from './state';

export const WECHAT_PATHS = { ...AUTH_PATHS, ...FACE_PATHS, subscribeSend: SUBSCRIBE_PATH } as const;

export interface WechatSandbox {
  app: Koa;
  /** The fake's memory, for tests that want to look inside (the HTTP dev controls do the same). */
  state: WechatState;
  /** Same as POST /dev/login-code, for in-process tests. */
  mintLoginCode(openid: string, unionid?: string): string;
}

export function createWechatSandbox(options: WechatSandboxOptions): WechatSandbox {
  const state = createWechatState(options);
  const app = new Koa();
  app.silent = true;

  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { errcode: 404, errmsg: 'not found' };
      }
    } catch (error) {
      if (error instanceof WxRefusal) return answerError(ctx, error.errorName, error.detail);
      const status = (error as { status?: number; expose?: boolean }).status;
      // The dev controls answer with the status (a body too large is a 413 there).
      if (ctx.path.startsWith('/dev/') && typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { error: (error as Error).message };
      } else if (typeof status === 'number' && status >= 400 && status < 500) {
        // A body WeChat cannot parse (bodyparser's 400/413/415).
        answerError(ctx, 'DATA_FORMAT_ERROR');
      } else {
        ctx.status = 500;
        ctx.body = { errcode: -1, errmsg: 'system error' };
        process.stderr.write(`wechat sandbox error: ${(error as Error).stack ?? String(error)}\n`);
      }
    }
  });

  // An outage set by /dev/busy hits real platform calls only, never the dev controls.
  app.use(async (ctx, next) => {
    if (state.busy > 0 && !ctx.path.startsWith('/dev/') && ctx.path !== '/healthz') {
      state.busy -= 1;
      return answerError(ctx, 'BUSY');
    }
    await next();
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' }));

  const health = new Router();
  health.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const routers = [
    health,
    createAuthRouter(state),
    createFaceRouter(state),
    createSubscribeRouter(state),
    createDevRouter(state),
  ];
  for (const router of routers) app.use(router.routes());

  return { app, state, mintLoginCode: (openid, unionid) => mintLoginCode(state, openid, unionid) };
}
