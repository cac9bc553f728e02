// GET /me/consents: what this platform account agreed to (授权管理).
import { Router } from '@koa/router';

import { requireSession, type SessionState } from '../middleware/auth';
import type { ConsentService } from '../services/consents';
import type { SessionStore } from '../store/sessions';

export function createConsentsRouter(deps: {
  consentService: ConsentService;
  sessions: SessionStore;
}): Router {
  const router = new Router();
  router.get('/me/consents', requireSession(deps.sessions), (ctx) => {
    ctx.body = deps.consentService.list((ctx.state as SessionState).session);
  });
  return router;
}
