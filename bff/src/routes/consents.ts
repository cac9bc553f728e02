// GET /me/consents: what this platform account agreed to (授权管理).
import { Router } from '@koa/router';

import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import type { ConsentService } from '../services/consents';

export function createConsentsRouter(deps: {
  consentService: ConsentService;
  sessionService: SessionResolver;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  router.get('/me/consents', requireSession(deps.sessionService), async (ctx) => {
    ctx.body = await deps.consentService.list(ctx.state.session);
  });
  return router;
}
