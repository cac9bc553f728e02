// /dev: the H5 demo login (as a WeChat or an Alipay user), fake face results and the SMS
// sink. Mounted only when the configuration enables DEV_LOGIN (never in production);
// otherwise these paths are 404.
import { createHash } from 'node:crypto';

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

/** The fake Alipay user_id a persona signs in as: 2088 and twelve digits, as Alipay's look. */
export function devAlipayUserId(persona: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(`ybm-dev|${persona}`).digest('hex')}`).toString();
  return `2088${digits.slice(-12)}`;
}

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
  // A real login code, minted at the fake platform as the phone would get it: WeChat's
  // (for POST /session with platform h5) or an Alipay auth code (platform alipay).
  router.post('/login-code', validate({ body: DevLoginCodeRequestSchema }), async (ctx) => {
    const { persona, platform } = ctx.state.input.body;
    if (platform === 'alipay') {
      if (!deps.controls.mintAlipayAuthCode)
        throw new AppError('DEV_LOGIN_DISABLED', { details: { platform: 'alipay' } });
      ctx.body = { code: await deps.controls.mintAlipayAuthCode(devAlipayUserId(persona)), platform };
      return;
    }
    ctx.body = { code: await deps.controls.mintWechatLoginCode(devOpenid(persona)), platform: 'h5' };
  });
  // verifyId: the face check's id as the claim's face step gave it (WeChat verify_id or Alipay certify_id).
  router.post('/face', validate({ body: DevFaceResultSchema }), async (ctx) => {
    const { verifyId, result } = ctx.state.input.body;
    await deps.controls.setFaceResult(verifyId, result);
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
