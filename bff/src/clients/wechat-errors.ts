// WeChat's errcodes the BFF acts on, and the error a platform refusal becomes.
// Transport failures and outages are UpstreamError instead (see wechat.ts).
import { PlatformRefusal } from '../errors';

export const WECHAT_ERRCODE = {
  BUSY: -1,
  INVALID_CREDENTIAL: 40001,
  INVALID_OPENID: 40003,
  INVALID_ACCESS_TOKEN: 40014,
  INVALID_CODE: 40029,
  INVALID_TEMPLATE_ID: 40037,
  INVALID_ARGS: 40097,
  CODE_BEEN_USED: 40163,
  HIGH_RISK_USER: 40226,
  INVALID_PAGE: 41030,
  ACCESS_TOKEN_EXPIRED: 42001,
  USER_REFUSED: 43101,
  RATE_LIMITED: 45011,
  ARGUMENT_INVALID: 47003,
} as const;

/** Answers meaning "our access token is stale": refresh it and try once more. */
export const STALE_TOKEN_ERRCODES: readonly number[] = [
  WECHAT_ERRCODE.INVALID_CREDENTIAL,
  WECHAT_ERRCODE.INVALID_ACCESS_TOKEN,
  WECHAT_ERRCODE.ACCESS_TOKEN_EXPIRED,
];

/**
 * WeChat answered and refused, with its own errcode. Callers map the ones they know:
 * 40029 / 40163 → PLATFORM_LOGIN_FAILED, 40226 → PLATFORM_RISKY_USER.
 */
export class WechatError extends PlatformRefusal {
  readonly upstream = 'wechat';

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${errcode}: ${errmsg}`);
    this.name = 'WechatError';
  }

  /** The login code was not accepted (invalid, expired or used): the user should log in again. */
  get isLoginCodeRejected(): boolean {
    return this.errcode === WECHAT_ERRCODE.INVALID_CODE || this.errcode === WECHAT_ERRCODE.CODE_BEEN_USED;
  }
}
