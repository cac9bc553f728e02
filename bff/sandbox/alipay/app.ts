// The fake Alipay open platform as a Koa app (main.ts listens): the v2 gateway with
// RSA2-signed requests and answers for sign-in, identity verification, template messages
// (PROTOCOL.md §5) and trades with their asynchronous notifications (§8), plus dev controls
// under /dev/ for what happens on phones.
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';

import { certifyMethods } from './certify';
import { createDevRouter } from './dev';
import { createGatewayRouter, type MethodHandler } from './gateway';
import { oauthMethods } from './oauth';
import { createAlipayState, mintAuthCode, type AlipaySandboxOptions, type AlipayState } from './state';
import { templateMessageMethods } from './template-message';
import { tradeMethods } from './trade';
import { createTradeDevRouter } from './trade-dev';
import { createTradeNotifier } from './trade-notify';

export { GATEWAY_PATH } from './gateway';
export { CERTIFY_FAIL_REASON } from './certify';
export { TRADE_FORGERIES, notifySignContent } from './trade-notify';
export type { AlipayKeyPair, AlipaySandboxOptions, TemplateMessage } from './state';

export interface AlipaySandbox {
  app: Koa;
  /** The fake's memory, for tests that want to look inside (the HTTP dev controls do the same). */
  state: AlipayState;
  /** Same as POST /dev/auth-code, for in-process tests. */
  mintAuthCode(userId: string, openId?: string): string;
  /** The gateway's methods by name, for tests that cover every one. */
  methods: Record<string, MethodHandler>;
  /** Stops the trade notifications' timers. */
  close(): void;
}

export function createAlipaySandbox(options: AlipaySandboxOptions): AlipaySandbox {
  const state = createAlipayState(options);
  const app = new Koa();
  app.silent = true;

  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: 'not found' };
      }
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { error: (error as Error).message };
      } else {
        ctx.status = 500;
        ctx.body = { error: 'internal error' };
        process.stderr.write(`alipay sandbox error: ${(error as Error).stack ?? String(error)}\n`);
      }
    }
  });
  // The gateway takes forms (the SDK's exec); the dev controls take JSON.
  app.use(bodyParser({ enableTypes: ['form', 'json'], formLimit: '256kb', jsonLimit: '64kb' }));

  const health = new Router();
  health.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const notifier = createTradeNotifier(state);
  state.trades.onSettled = (trade) => void notifier.changed(trade);
  const methods = {
    ...oauthMethods(state),
    ...certifyMethods(state),
    ...templateMessageMethods(state),
    ...tradeMethods(state),
  };
  const routers = [
    health,
    createGatewayRouter(state, methods),
    createDevRouter(state),
    createTradeDevRouter(state, notifier),
  ];
  for (const router of routers) app.use(router.routes());

  return {
    app,
    state,
    methods,
    mintAuthCode: (userId, openId) => mintAuthCode(state, userId, openId),
    close: () => notifier.stop(),
  };
}
