// DEV CONTROLS — not part of Alipay. They stand in for what happens on a user's phone
// (my.getAuthCode, the face scan, accepting a subscription) or inside Alipay (an
// outage), so H5 and tests can act as any user. All live under /dev/.
import { Router } from '@koa/router';
import { z } from 'zod';

import { parseDevBody } from '../lib/dev-input';
import {
  AUTH_CODE_TTL_MS,
  canonicalUser,
  LONG_TERM,
  mintAuthCode,
  openIdOf,
  type AlipayState,
} from './state';

const UserId = z.string().regex(/^[\w-]{1,64}$/);
export const AuthCodeSchema = z.object({ user_id: UserId, open_id: UserId.optional() });
export const CertifyResultSchema = z.object({
  certify_id: z.string().min(1),
  result: z.enum(['pass', 'fail', 'cancel']),
});
export const SubscriptionSchema = z
  .object({
    user_id: UserId.optional(),
    open_id: UserId.optional(),
    template_id: z.string().min(1).optional(),
    count: z.number().int().min(0).max(1000).default(1),
    long_term: z.boolean().default(false),
  })
  .refine((grant) => grant.user_id || grant.open_id, 'user_id or open_id is required');
export const BusySchema = z.object({ count: z.number().int().min(0).max(100).default(1) });

export function createDevRouter(state: AlipayState): Router {
  const router = new Router({ prefix: '/dev' });

  /** As my.getAuthCode on the user's phone: a fresh single-use auth code. */
  router.post('/auth-code', (ctx) => {
    const { user_id: userId, open_id: openId } = parseDevBody(AuthCodeSchema, ctx);
    const resolvedOpenId = openId ?? openIdOf(state, userId);
    ctx.body = {
      code: mintAuthCode(state, userId, resolvedOpenId),
      open_id: resolvedOpenId,
      expires_in: AUTH_CODE_TTL_MS / 1000,
    };
  });

  /** As the user finishing (or abandoning) the face scan opened by my.startAPVerify. */
  router.post('/certify-result', (ctx) => {
    const { certify_id: certifyId, result } = parseDevBody(CertifyResultSchema, ctx);
    const session = state.certifies.get(certifyId);
    if (!session) {
      ctx.status = 404;
      ctx.body = { error: 'unknown certify_id' };
      return;
    }
    session.result = result;
    ctx.body = { ok: true };
  });

  /** As the user accepting a subscription (once per message, or long-term). */
  router.post('/subscription', (ctx) => {
    const grant = parseDevBody(SubscriptionSchema, ctx);
    const user = canonicalUser(state, (grant.user_id ?? grant.open_id)!);
    const key = `${user}|${grant.template_id ?? '*'}`;
    const remaining = grant.long_term ? LONG_TERM : (state.quotas.get(key) ?? 0) + grant.count;
    state.quotas.set(key, remaining);
    ctx.body = { ok: true, remaining: Number.isFinite(remaining) ? remaining : 'long_term' };
  });

  /** Every template message Alipay accepted, oldest first; `?to=` (user_id or open_id) narrows. */
  router.get('/template-messages', (ctx) => {
    const to = typeof ctx.query.to === 'string' ? ctx.query.to : undefined;
    ctx.body = {
      messages: state.messages.filter((m) => !to || m.to_user_id === to || m.to_open_id === to),
    };
  });

  /** The next `count` gateway calls answer 20000 (service unavailable). */
  router.post('/busy', (ctx) => {
    state.busy = parseDevBody(BusySchema, ctx).count;
    ctx.body = { ok: true, busy: state.busy };
  });

  return router;
}
