// The WeChat open platform's error answers the fake gives, with the real errcode and a
// message in WeChat's own (English) words. Every answer is HTTP 200: WeChat reports
// failures only in the body, so clients must read errcode, never the status.
import type { Context } from 'koa';

export const WX_ERRORS = {
  BUSY: [-1, 'system error'],
  INVALID_CREDENTIAL: [40001, 'invalid credential, access_token is invalid or not latest'],
  INVALID_GRANT_TYPE: [40002, 'invalid grant_type'],
  INVALID_OPENID: [40003, 'invalid openid'],
  INVALID_APPID: [40013, 'invalid appid'],
  INVALID_CODE: [40029, 'invalid code'],
  INVALID_TEMPLATE_ID: [40037, 'invalid template_id'],
  INVALID_ARGS: [40097, 'invalid args'],
  INVALID_SECRET: [40125, 'invalid appsecret'],
  CODE_BEEN_USED: [40163, 'code been used'],
  HIGH_RISK_USER: [40226, 'high risk user'],
  ACCESS_TOKEN_MISSING: [41001, 'access_token missing'],
  CODE_MISSING: [41008, 'missing code'],
  INVALID_PAGE: [41030, 'invalid page'],
  ACCESS_TOKEN_EXPIRED: [42001, 'access_token expired'],
  USER_REFUSED: [43101, 'user refuse to accept the msg'],
  RATE_LIMITED: [45011, 'api minute-quota reach limit mustslower retry next minute'],
  DATA_FORMAT_ERROR: [47001, 'data format error'],
  ARGUMENT_INVALID: [47003, 'argument invalid!'],
} as const satisfies Record<string, readonly [number, string]>;

export type WxErrorName = keyof typeof WX_ERRORS;

/** Answers with one of the catalogue's errors; `detail` is appended as WeChat does (`… rid: …`). */
export function answerError(ctx: Context, name: WxErrorName, detail?: string): void {
  const [errcode, errmsg] = WX_ERRORS[name];
  ctx.status = 200;
  ctx.body = { errcode, errmsg: detail ? `${errmsg}: ${detail}` : errmsg };
}

/** Thrown by a handler to answer with a catalogue error (caught by the app's middleware). */
export class WxRefusal extends Error {
  constructor(
    readonly errorName: WxErrorName,
    readonly detail?: string,
  ) {
    super(WX_ERRORS[errorName][1]);
    this.name = 'WxRefusal';
  }
}
