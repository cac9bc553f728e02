// alipay.system.oauth.token: a my.getAuthCode auth code → the user's ids and tokens.
// The code is single-use and short-lived; a bad one is refused under error_response
// with 40002 / isv.code-invalid, as Alipay does.
import { AlipayRefusal } from './errors';
import type { MethodHandler } from './gateway';
import { AUTH_CODE_TTL_MS, type AlipayState } from './state';

/** `YYYY-MM-DD HH:mm:ss` in China time, the gateway's format for times. */
export function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function oauthMethods(state: AlipayState): Record<string, MethodHandler> {
  return {
    'alipay.system.oauth.token': ({ params }) => {
      if (params.grant_type !== 'authorization_code') {
        throw new AlipayRefusal('40002', 'isv.grant-type-invalid', 'grant_type参数不正确', true);
      }
      const entry = state.authCodes.get(params.code ?? '');
      if (!entry || entry.used || state.now() - entry.issuedAt > AUTH_CODE_TTL_MS) {
        throw new AlipayRefusal('40002', 'isv.code-invalid', '授权码code无效', true);
      }
      entry.used = true;
      return {
        fields: {
          user_id: entry.userId,
          open_id: entry.openId,
          access_token: `authusrB${state.randomHex(16)}`,
          expires_in: 1296000,
          refresh_token: `authusrB${state.randomHex(16)}`,
          re_expires_in: 2592000,
          auth_start: chinaTime(state.now()),
        },
      };
    },
  };
}
