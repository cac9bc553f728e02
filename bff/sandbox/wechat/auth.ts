// Sign-in and app credentials: jscode2session (a wx.login code → openid + session_key)
// and stable_token (the app's access token), with the checks and errcodes of the real API.
import { Router } from '@koa/router';

import { WxRefusal } from './errors';
import { CODE_TTL_MS, currentToken, type WechatState } from './state';

export const AUTH_PATHS = {
  jscode2session: '/sns/jscode2session',
  stableToken: '/cgi-bin/stable_token',
} as const;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function checkApp(state: WechatState, appid: unknown, secret: unknown): void {
  if (appid !== state.options.appId) throw new WxRefusal('INVALID_APPID');
  if (secret !== state.options.appSecret) throw new WxRefusal('INVALID_SECRET');
}

/** 45011 per openid: counts exchanges in a sliding minute of the sandbox clock. */
function overRateLimit(state: WechatState, openid: string): boolean {
  const now = state.now();
  const recent = (state.logins.get(openid) ?? []).filter((at) => now - at < 60_000);
  state.logins.set(openid, recent);
  if (recent.length >= state.options.loginsPerMinute) return true;
  recent.push(now);
  return false;
}

export function createAuthRouter(state: WechatState): Router {
  const router = new Router();

  router.get(AUTH_PATHS.jscode2session, (ctx) => {
    // WeChat answers this endpoint as text/plain even though the body is JSON.
    ctx.type = 'text/plain';
    const query = ctx.query;
    checkApp(state, one(query.appid), one(query.secret));
    if (one(query.grant_type) !== 'authorization_code') throw new WxRefusal('INVALID_GRANT_TYPE');
    const code = one(query.js_code);
    if (!code) throw new WxRefusal('CODE_MISSING');

    const entry = state.codes.get(code);
    // An expired code is just "invalid" to WeChat, like one it never issued.
    if (!entry || state.now() - entry.issuedAt > CODE_TTL_MS) throw new WxRefusal('INVALID_CODE');
    if (entry.used) throw new WxRefusal('CODE_BEEN_USED');
    // Over the limit the code stays unused: the caller may try it again next minute.
    if (overRateLimit(state, entry.openid)) throw new WxRefusal('RATE_LIMITED');
    entry.used = true;
    if (state.highRisk.has(entry.openid)) throw new WxRefusal('HIGH_RISK_USER');

    // Success carries no errcode at all, as the real endpoint's often does not.
    ctx.body = JSON.stringify({
      openid: entry.openid,
      session_key: state.randomText(16),
      ...(entry.unionid ? { unionid: entry.unionid } : {}),
    });
  });

  router.post(AUTH_PATHS.stableToken, (ctx) => {
    const body = ((ctx.request as { body?: unknown }).body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credential') throw new WxRefusal('INVALID_GRANT_TYPE');
    checkApp(state, body.appid, body.secret);
    const token = currentToken(state, body.force_refresh === true);
    ctx.body = { access_token: token.value, expires_in: token.expiresIn };
  });

  return router;
}
