// The WeChat open platform over HTTP (PROTOCOL.md §5): login-code exchange, face
// verification and subscribe messages. The app's access token (stable_token) is cached
// until shortly before it expires and refreshed once, with the call retried, when
// WeChat says it is stale. Timeouts and outages come back as UpstreamError; refusals
// as WechatError with WeChat's errcode. The base URL comes from config, so production
// points at https://api.weixin.qq.com and local runs at the fake.
import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { UpstreamError } from '../errors';
import { requestJson } from './http';
import { certHash, faceOutcome, WECHAT_CERT_TYPE, type WechatFaceOutcome } from './wechat-face';
import { STALE_TOKEN_ERRCODES, WECHAT_ERRCODE, WechatError } from './wechat-errors';

export { certHash, type WechatFaceOutcome } from './wechat-face';
export { WECHAT_ERRCODE, WechatError } from './wechat-errors';

export interface WechatIdentity {
  openid: string;
  unionid?: string;
}

export interface FaceIdentity {
  openid: string;
  name: string;
  /** 18-character resident ID number: WeChat face verification takes no other document. */
  idNumber: string;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. `pages/pay/index?billId=…`. */
  page?: string;
  /** Template data key → text, e.g. `{ thing1: '门诊缴费', amount2: '¥12.50' }`. */
  data: Record<string, string>;
}

export type SubscribeResult =
  | { ok: true; msgid: string }
  | {
      ok: false;
      /** refused: the user has no subscription left (43101); the rest are our own mistakes. */
      reason: 'refused' | 'bad_data' | 'bad_page' | 'bad_user' | 'bad_template';
      errcode: number;
      errmsg: string;
    };

export interface WechatPlatform {
  /** jscode2session. The session_key is not returned (and not kept): nothing here needs it. */
  codeToSession(jsCode: string): Promise<WechatIdentity>;
  /** Opens a face-verification session; pass `verifyId` to wx.requestFacialVerify. */
  getVerifyId(input: FaceIdentity & { outSeqNo?: string }): Promise<{
    verifyId: string;
    outSeqNo: string;
    expiresInSec: number;
  }>;
  /** What really happened on the phone, for the same person given to getVerifyId. */
  queryVerifyResult(
    input: FaceIdentity & { verifyId: string; outSeqNo?: string },
  ): Promise<WechatFaceOutcome>;
  sendSubscribeMessage(message: SubscribeMessage): Promise<SubscribeResult>;
}

export interface WechatClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
  now?: () => number;
  fetch?: typeof fetch;
  /** Which version of the mini-program a message opens; `formal` in production. */
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

const UPSTREAM = 'wechat';
/** Refresh the token this long before WeChat says it expires, so no call races its end. */
const TOKEN_MARGIN_SEC = 300;

const ErrorAnswer = z.object({ errcode: z.number().int(), errmsg: z.string().optional() });
const SessionAnswer = z.object({ openid: z.string().min(1), unionid: z.string().min(1).optional() });
const TokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const VerifyIdAnswer = z.object({ verify_id: z.string().min(1), expires_in: z.number().int().positive() });
const VerifyInfoAnswer = z.object({ verify_ret: z.number().int().optional() });
const SendAnswer = z.object({ msgid: z.union([z.number(), z.string()]) });

const SEND_REFUSALS: Partial<Record<number, Exclude<SubscribeResult, { ok: true }>['reason']>> = {
  [WECHAT_ERRCODE.USER_REFUSED]: 'refused',
  [WECHAT_ERRCODE.ARGUMENT_INVALID]: 'bad_data',
  [WECHAT_ERRCODE.INVALID_PAGE]: 'bad_page',
  [WECHAT_ERRCODE.INVALID_OPENID]: 'bad_user',
  [WECHAT_ERRCODE.INVALID_TEMPLATE_ID]: 'bad_template',
};

/** The errcode of an answer, 0 when it has none (success may omit it). */
function errcodeOf(body: unknown): { errcode: number; errmsg: string } {
  const parsed = ErrorAnswer.safeParse(body);
  return parsed.success
    ? { errcode: parsed.data.errcode, errmsg: parsed.data.errmsg ?? '' }
    : { errcode: 0, errmsg: '' };
}

function parseAnswer<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${what}: unexpected answer`);
  return parsed.data;
}

export function createWechatClient(options: WechatClientOptions): WechatPlatform {
  const now = options.now ?? Date.now;
  const base = options.baseUrl.replace(/\/+$/, '');
  const http = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    requestJson({
      upstream: UPSTREAM,
      url: `${base}${path}`,
      method,
      body,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    });

  /** -1 is WeChat's "system busy, try later": an outage, not a refusal. */
  function refusal(what: string, errcode: number, errmsg: string): Error {
    if (errcode === WECHAT_ERRCODE.BUSY)
      return new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${what}: busy (-1)`);
    return new WechatError(errcode, errmsg);
  }

  let cached: { value: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    // Normal mode (force_refresh false): other holders of the token are not cut off.
    const body = await http('POST', '/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: options.appId,
      secret: options.appSecret,
      force_refresh: false,
    });
    const { errcode, errmsg } = errcodeOf(body);
    // Without a token no call can be made. -1 is WeChat busy (an outage); any other errcode is
    // WeChat up and refusing us (a wrong secret, the day's token quota): unusable, but not an
    // outage its breaker should count — that would refuse sign-ins, which need no token.
    if (errcode === WECHAT_ERRCODE.BUSY)
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `stable_token: busy (-1)`);
    if (errcode !== 0)
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `stable_token: ${errcode} ${errmsg}`);
    const token = parseAnswer(TokenAnswer, body, 'stable_token');
    const margin = Math.min(TOKEN_MARGIN_SEC, token.expires_in / 2);
    cached = { value: token.access_token, refreshAt: now() + (token.expires_in - margin) * 1000 };
    return token.access_token;
  }

  function accessToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.value);
    // Concurrent callers share one refresh.
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  /** POSTs to an endpoint that takes ?access_token=, refreshing a stale token once. */
  async function callWithToken(path: string, body: unknown): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      const token = await accessToken();
      const answer = await http('POST', `${path}?access_token=${encodeURIComponent(token)}`, body);
      const { errcode, errmsg } = errcodeOf(answer);
      if (!STALE_TOKEN_ERRCODES.includes(errcode)) return answer;
      if (cached?.value === token) cached = undefined;
      if (attempt === 2) {
        // WeChat up, refusing the token it just gave: not an outage either.
        throw new UpstreamError(
          'UPSTREAM_BAD_RESPONSE',
          UPSTREAM,
          `${path}: fresh token refused: ${errcode} ${errmsg}`,
        );
      }
    }
  }

  return {
    async codeToSession(jsCode) {
      const query = new URLSearchParams({
        appid: options.appId,
        secret: options.appSecret,
        js_code: jsCode,
        grant_type: 'authorization_code',
      });
      const body = await http('GET', `/sns/jscode2session?${query}`);
      const { errcode, errmsg } = errcodeOf(body);
      if (errcode !== 0) throw refusal('jscode2session', errcode, errmsg);
      // session_key stays here and is dropped: no feature decrypts wx data with it, and a
      // key we do not hold cannot leak.
      const session = parseAnswer(SessionAnswer, body, 'jscode2session');
      return { openid: session.openid, ...(session.unionid ? { unionid: session.unionid } : {}) };
    },

    async getVerifyId({ openid, name, idNumber, outSeqNo = newSeqNo() }) {
      const body = await callWithToken('/cityservice/face/identify/getverifyid', {
        out_seq_no: outSeqNo,
        cert_info: { cert_type: WECHAT_CERT_TYPE, cert_name: name, cert_no: idNumber.toUpperCase() },
        openid,
      });
      const { errcode, errmsg } = errcodeOf(body);
      if (errcode !== 0) throw refusal('getverifyid', errcode, errmsg);
      const answer = parseAnswer(VerifyIdAnswer, body, 'getverifyid');
      return { verifyId: answer.verify_id, outSeqNo, expiresInSec: answer.expires_in };
    },

    async queryVerifyResult({ openid, name, idNumber, verifyId, outSeqNo = newSeqNo() }) {
      // out_seq_no is our own serial number for this request; WeChat matches on verify_id.
      const body = await callWithToken('/cityservice/face/identify/queryverifyinfo', {
        verify_id: verifyId,
        out_seq_no: outSeqNo,
        cert_hash: certHash(WECHAT_CERT_TYPE, name, idNumber.toUpperCase()),
        openid,
      });
      const { errcode, errmsg } = errcodeOf(body);
      if (errcode !== 0) throw refusal('queryverifyinfo', errcode, errmsg);
      return faceOutcome(parseAnswer(VerifyInfoAnswer, body, 'queryverifyinfo').verify_ret);
    },

    async sendSubscribeMessage({ touser, templateId, page, data }) {
      const body = await callWithToken('/cgi-bin/message/subscribe/send', {
        touser,
        template_id: templateId,
        ...(page ? { page } : {}),
        data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { value }])),
        miniprogram_state: options.miniprogramState ?? 'formal',
        lang: 'zh_CN',
      });
      const { errcode, errmsg } = errcodeOf(body);
      if (errcode !== 0) {
        const reason = SEND_REFUSALS[errcode];
        if (reason) return { ok: false, reason, errcode, errmsg };
        throw refusal('subscribe/send', errcode, errmsg);
      }
      return { ok: true, msgid: String(parseAnswer(SendAnswer, body, 'subscribe/send').msgid) };
    },
  };
}

function newSeqNo(): string {
  return randomBytes(16).toString('hex');
}
