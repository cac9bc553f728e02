// POST /session (sign in with a platform login code), DELETE /session, GET /me.
import { Router } from '@koa/router';
import { CreateSessionSchema } from '@ybm/shared';

import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { SessionService } from '../services/session';

export function createSessionRouter(deps: { sessionService: SessionService }): Router<SessionState> {
  const router = new Router<SessionState>();
  const authed = requireSession(deps.sessionService);

  router.post('/session', validate({ body: CreateSessionSchema }), async (ctx) => {
    ctx.body = await deps.sessionService.signIn(ctx.state.input.body);
  });
  router.delete('/session', authed, async (ctx) => {
    await deps.sessionService.signOut(ctx.state.token);
    ctx.body = { ok: true };
  });
  router.get('/me', authed, async (ctx) => {
    ctx.body = await deps.sessionService.me(ctx.state.session);
  });
  return router;
}
