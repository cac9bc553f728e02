// GET /account: the signed-in person's 个人账户.
import { Router } from '@koa/router';

import { requireSession, type SessionState } from '../middleware/auth';
import type { AccountService } from '../services/account';
import type { SessionStore } from '../store/sessions';

export function createAccountRouter(deps: { account: AccountService; sessions: SessionStore }): Router {
  const router = new Router();
  router.get('/account', requireSession(deps.sessions), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await deps.account.get((ctx.state as SessionState).session);
  });
  return router;
}
