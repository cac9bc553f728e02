// GET /account: the signed-in person's 个人账户.
import { Router } from '@koa/router';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import type { AccountService } from '../services/account';

export function createAccountRouter(deps: {
  account: AccountService;
  sessionService: SessionResolver;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  router.get('/account', requireSession(deps.sessionService), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await deps.account.get(ctx.state.session);
  });
  return router;
}
