// GET /me/consents: what this platform account agreed to (授权管理); POST /me/consents: the
// person agrees again to documents that changed since (asked by GET /me's consentRequired).
import { Router } from '@koa/router';
import { RenewConsentSchema } from '@ybm/shared';

import { AppError } from '../errors';
import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { withConsentState, type ConsentService } from '../services/consents';
import type { SessionService } from '../services/session';

export function createConsentsRouter(deps: {
  consentService: ConsentService;
  sessionService: SessionService;
}): Router<SessionState> {
  const router = new Router<SessionState>();
  const authed = requireSession(deps.sessionService);
  router.get('/me/consents', authed, async (ctx) => {
    ctx.body = await deps.consentService.list(ctx.state.session);
  });
  router.post('/me/consents', authed, validate({ body: RenewConsentSchema }), async (ctx) => {
    const { session } = ctx.state;
    // Only a voucher's holder has consents to renew: before claiming, the claim asks.
    const psnNo = await deps.sessionService.boundPsnNo(session);
    if (!psnNo) throw new AppError('VOUCHER_NOT_ACTIVATED');
    await deps.consentService.renew(session, psnNo, ctx.state.input.body.version);
    ctx.body = await withConsentState(await deps.sessionService.me(session), session, deps.consentService);
  });
  return router;
}
