// POST /session (sign in with a platform login code), DELETE /session, GET /me — /me says
// when a document changed since the person agreed, so signing in asks them again.
import { Router } from '@koa/router';
import { CreateSessionSchema } from '@ybm/shared';

import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { withConsentState, type ConsentService } from '../services/consents';
import type { SessionService } from '../services/session';

export function createSessionRouter(deps: {
  sessionService: SessionService;
  consentService: ConsentService;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  const authed = requireSession(deps.sessionService);

  router.post('/session', validate({ body: CreateSessionSchema }), async (ctx) => {
    const signedIn = await deps.sessionService.signIn(ctx.state.input.body);
    const session = await deps.sessionService.resolve(signedIn.token);
    ctx.body = session
      ? { ...signedIn, me: await withConsentState(signedIn.me, session, deps.consentService) }
      : signedIn;
  });
  router.delete('/session', authed, async (ctx) => {
    await deps.sessionService.signOut(ctx.state.token);
    ctx.body = { ok: true };
  });
  router.get('/me', authed, async (ctx) => {
    const me = await deps.sessionService.me(ctx.state.session);
    ctx.body = await withConsentState(me, ctx.state.session, deps.consentService);
  });
  return router;
}
