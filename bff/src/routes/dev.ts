// /dev: the H5 demo login, fake face results and the SMS sink. Mounted only when the
// configuration enables DEV_LOGIN (never in production); otherwise these paths are 404.
import { Router } from '@koa/router';
import { DevFaceResultSchema, DevLoginCodeRequestSchema } from '@ybm/shared';
import { z } from 'zod';

import { AppError } from '../errors';
import { requireSession, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { DevPlatformControls } from '../services/platforms';
import type { DevSmsSink } from '../services/sms';
import type { ClaimStore } from '../store/claims';
import type { SessionStore } from '../store/sessions';

/** The fake WeChat openid a persona signs in as. */
export const devOpenid = (persona: string) => `dev-openid-${persona}`;

export function createDevRouter(deps: {
  controls: DevPlatformControls;
  smsSink: DevSmsSink;
  sessions: SessionStore;
  claims: ClaimStore;
}): Router {
  const router = new Router({ prefix: '/dev' });

  router.get('/personas', async (ctx) => {
    const personas = await deps.controls.listPersonas();
    ctx.body = { personas: personas.map((p) => ({ ...p, label: `${p.name} · ${p.note}` })) };
  });
  router.post('/login-code', validate({ body: DevLoginCodeRequestSchema }), async (ctx) => {
    const code = await deps.controls.mintWechatLoginCode(devOpenid(ctx.state.input.body.persona));
    ctx.body = { code, platform: 'h5' };
  });
  router.post('/face', validate({ body: DevFaceResultSchema }), async (ctx) => {
    const { verifyId, result } = ctx.state.input.body;
    await deps.controls.setWechatFaceResult(verifyId, result);
    ctx.body = { ok: true };
  });
  // The last SMS sent for the caller's claim, for H5 demos and tests.
  router.get(
    '/sms/:claimId',
    requireSession(deps.sessions),
    validate({ params: z.object({ claimId: z.string().min(1).max(64) }) }),
    (ctx) => {
      const claim = deps.claims.get(ctx.state.input.params.claimId);
      const session = (ctx.state as unknown as SessionState).session;
      if (!claim || claim.platformUserId !== session.platformUserId || !claim.phone)
        throw new AppError('CLAIM_NOT_FOUND');
      const sms = deps.smsSink.latest(claim.phone);
      if (!sms) throw new AppError('NOT_FOUND');
      ctx.body = sms;
    },
  );
  return router;
}
