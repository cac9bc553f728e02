// POST /session (sign in with a platform login code), DELETE /session, GET /me.
import { Router } from '@koa/router';
import { CreateSessionSchema } from '@ybm/shared';

import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { SessionService } from '../services/session';
import type { SessionStore } from '../store/sessions';

export function createSessionRouter(deps: {
  sessionService: SessionService;
  sessions: SessionStore;
}): Router {
  const router = new Router();
  const authed = requireSession(deps.sessions);

  router.post('/session', validate({ body: CreateSessionSchema }), async (ctx) => {
    ctx.body = await deps.sessionService.signIn(ctx.state.input.body);
  });
  router.delete('/session', authed, (ctx) => {
    const { token } = ctx.state as SessionState;
    deps.sessionService.signOut(token);
    ctx.body = { ok: true };
  });
  router.get('/me', authed, async (ctx) => {
    ctx.body = await deps.sessionService.me((ctx.state as SessionState).session);
  });
  return router;
}
