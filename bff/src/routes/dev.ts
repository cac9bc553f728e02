// /dev: the H5 demo login (as a WeChat or an Alipay user), fake face results, the SMS sink
// and the H5 cashier sheet (pay or cancel a cash order at the fake of the person's platform).
// Mounted only when the configuration enables DEV_LOGIN (never in production); otherwise
// these paths are 404.
import { createHash } from 'node:crypto';

import { Router } from '@koa/router';
import {
  CashOrderParamsSchema,
  DevCashierRequestSchema,
  DevFaceResultSchema,
  DevLoginCodeRequestSchema,
} from '@ybm/shared';
import { z } from 'zod';

import { AppError } from '../errors';
import { requireSession, type SessionResolver, type SessionState } from '../middleware/auth';
import { validate } from '../middleware/validate';
import type { CashPaymentService } from '../services/cash-payments';
import type { DevPlatformControls } from '../services/platforms';
import type { DevSmsReader } from '../services/sms';

/** The fake WeChat openid a persona signs in as. */
export const devOpenid = (persona: string) => `dev-openid-${persona}`;

/** The fake Alipay user_id a persona signs in as: 2088 and twelve digits, as Alipay's look. */
export function devAlipayUserId(persona: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(`ybm-dev|${persona}`).digest('hex')}`).toString();
  return `2088${digits.slice(-12)}`;
}

export function createDevRouter(deps: {
  controls: DevPlatformControls;
  devSms: DevSmsReader;
  sessionService: SessionResolver;
  cashPayments: CashPaymentService;
}): Router<SessionState> {
  const router = new Router<SessionState>({ prefix: '/dev' });

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
    requireSession(deps.sessionService),
    validate({ params: z.object({ claimId: z.string().min(1).max(64) }) }),
    async (ctx) => {
      ctx.body = await deps.devSms.latest(ctx.state.session, ctx.state.input.params.claimId);
    },
  );
  // The H5 cashier sheet (开发环境 · 模拟支付): as the person paying or cancelling in their
  // platform's cashier. Nothing is marked paid here: the fake notifies the BFF as the platform would.
  router.post(
    '/cashier/:orderId',
    requireSession(deps.sessionService),
    validate({ params: CashOrderParamsSchema, body: DevCashierRequestSchema }),
    async (ctx) => {
      const { params, body } = ctx.state.input;
      await deps.cashPayments.devCashier(ctx.state.session, params.orderId, body);
      ctx.body = { ok: true };
    },
  );
  return router;
}
