// DEV CONTROLS — not part of WeChat. They stand in for what happens on a user's phone
// or inside WeChat (wx.login, the face check, the subscription prompt, risk control,
// an outage), so H5 and tests can act as any user. All live under /dev/.
import { Router } from '@koa/router';
import { z } from 'zod';

import { parseDevBody } from '../lib/dev-input';
import { VERIFY_RET } from './face';
import { CODE_TTL_MS, LONG_TERM, mintLoginCode, retireToken, type WechatState } from './state';

export const LoginCodeSchema = z.object({
  openid: z.string().min(1).max(64),
  unionid: z.string().min(1).max(64).optional(),
});
export const FaceResultSchema = z.object({
  verify_id: z.string().min(1),
  result: z.enum(['pass', 'fail', 'cancel']),
});
export const SubscriptionSchema = z.object({
  openid: z.string().min(1).max(64),
  /** Omit for a grant that any template may use. */
  template_id: z.string().min(1).optional(),
  count: z.number().int().min(0).max(1000).default(1),
  long_term: z.boolean().default(false),
});
export const HighRiskSchema = z.object({ openid: z.string().min(1), high_risk: z.boolean().default(true) });
export const BusySchema = z.object({ count: z.number().int().min(0).max(100).default(1) });
export const InvalidateSchema = z.object({ reason: z.enum(['revoked', 'expired']).default('revoked') });

export function createDevRouter(state: WechatState): Router {
  const router = new Router({ prefix: '/dev' });

  /** As wx.login on the user's phone: a fresh single-use code for this openid. */
  router.post('/login-code', (ctx) => {
    const { openid, unionid } = parseDevBody(LoginCodeSchema, ctx);
    ctx.body = { code: mintLoginCode(state, openid, unionid), expires_in: CODE_TTL_MS / 1000 };
  });

  /** As the user finishing (or not) wx.requestFacialVerify. */
  router.post('/face-result', (ctx) => {
    const { verify_id: verifyId, result } = parseDevBody(FaceResultSchema, ctx);
    const session = state.faces.get(verifyId);
    if (!session) {
      ctx.status = 404;
      ctx.body = { error: 'unknown verify_id' };
      return;
    }
    session.result = result;
    ctx.body = { ok: true, verify_ret: VERIFY_RET[result] };
  });

  /** As the user accepting wx.requestSubscribeMessage (once per message, or long-term). */
  router.post('/subscription', (ctx) => {
    const grant = parseDevBody(SubscriptionSchema, ctx);
    const key = `${grant.openid}|${grant.template_id ?? '*'}`;
    const remaining = grant.long_term ? LONG_TERM : (state.quotas.get(key) ?? 0) + grant.count;
    state.quotas.set(key, remaining);
    state.knownOpenids.add(grant.openid);
    ctx.body = { ok: true, remaining: Number.isFinite(remaining) ? remaining : 'long_term' };
  });

  /** Every message WeChat accepted, oldest first; `?touser=` narrows to one user. */
  router.get('/messages', (ctx) => {
    const touser = typeof ctx.query.touser === 'string' ? ctx.query.touser : undefined;
    ctx.body = { messages: state.messages.filter((m) => !touser || m.touser === touser) };
  });

  /** WeChat's risk control flags (or clears) a user: jscode2session answers 40226. */
  router.post('/high-risk', (ctx) => {
    const { openid, high_risk: highRisk } = parseDevBody(HighRiskSchema, ctx);
    if (highRisk) state.highRisk.add(openid);
    else state.highRisk.delete(openid);
    ctx.body = { ok: true };
  });

  /** The next `count` platform calls (not /dev) answer -1 system busy. */
  router.post('/busy', (ctx) => {
    state.busy = parseDevBody(BusySchema, ctx).count;
    ctx.body = { ok: true, busy: state.busy };
  });

  /** Makes the current access token stale: `revoked` → 40001, `expired` → 42001. */
  router.post('/access-token/invalidate', (ctx) => {
    const { reason } = parseDevBody(InvalidateSchema, ctx);
    if (state.token) retireToken(state, state.token.value, reason);
    ctx.body = { ok: true };
  });

  return router;
}
