// What the fake WeChat platform remembers, in memory only: login codes, the access token,
// face-check sessions, subscription quotas and every message it accepted. A restart
// forgets it all, which a BFF meets as expired codes and a stale token (40001).
import { randomBytes } from 'node:crypto';

import { WxRefusal } from './errors';

export type FaceResult = 'pass' | 'fail' | 'cancel';

export interface LoginCode {
  openid: string;
  unionid?: string;
  issuedAt: number;
  used: boolean;
}

export interface FaceSession {
  verifyId: string;
  openid: string;
  outSeqNo: string;
  certHash: string;
  expiresAt: number;
  result?: FaceResult;
}

export interface SentMessage {
  msgid: number;
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state: string;
  lang: string;
  sentAt: string;
}

export interface WechatSandboxOptions {
  appId: string;
  appSecret: string;
  now?: () => number;
  random?: (size: number) => Uint8Array;
  /** jscode2session exchanges per openid per minute before 45011. */
  loginsPerMinute?: number;
  /**
   * Subscribe-message templates the mini-program has added: template id → data keys
   * (e.g. `thing1`, `amount2`). Leave unset to accept any template and any keys.
   */
  templates?: Record<string, readonly string[]>;
}

export const CODE_TTL_MS = 5 * 60_000;
export const TOKEN_TTL_SEC = 7200;
export const VERIFY_ID_TTL_SEC = 3600;
/** Quota of a long-term subscription (长期订阅, open to medical services): never used up. */
export const LONG_TERM = Number.POSITIVE_INFINITY;

export interface WechatState {
  readonly options: Required<Pick<WechatSandboxOptions, 'appId' | 'appSecret' | 'loginsPerMinute'>> &
    Pick<WechatSandboxOptions, 'templates'>;
  now: () => number;
  /** base64url of `size` random bytes, for codes, keys, tokens and ids. */
  randomText: (size: number) => string;
  codes: Map<string, LoginCode>;
  /** openid → times of its recent code exchanges (for 45011). */
  logins: Map<string, number[]>;
  token?: { value: string; expiresAt: number };
  /** Tokens no longer valid and why, so a stale one gets the right errcode. */
  retiredTokens: Map<string, 'revoked' | 'expired'>;
  tokensIssued: number;
  faces: Map<string, FaceSession>;
  /** `${openid}|${templateId}` (or `${openid}|*` for any template) → messages left. */
  quotas: Map<string, number>;
  messages: SentMessage[];
  knownOpenids: Set<string>;
  highRisk: Set<string>;
  /** How many of the next platform calls answer -1 (system busy). */
  busy: number;
}

export function createWechatState(options: WechatSandboxOptions): WechatState {
  const random = options.random ?? ((size: number) => new Uint8Array(randomBytes(size)));
  return {
    options: {
      appId: options.appId,
      appSecret: options.appSecret,
      loginsPerMinute: options.loginsPerMinute ?? 100,
      templates: options.templates,
    },
    now: options.now ?? Date.now,
    randomText: (size) => Buffer.from(random(size)).toString('base64url'),
    codes: new Map(),
    logins: new Map(),
    retiredTokens: new Map(),
    tokensIssued: 0,
    faces: new Map(),
    quotas: new Map(),
    messages: [],
    knownOpenids: new Set(),
    highRisk: new Set(),
    busy: 0,
  };
}

/** Mints a single-use login code for a user, as wx.login would on their phone. */
export function mintLoginCode(state: WechatState, openid: string, unionid?: string): string {
  const now = state.now();
  for (const [code, entry] of state.codes) {
    if (now - entry.issuedAt > 2 * CODE_TTL_MS) state.codes.delete(code);
  }
  const code = state.randomText(24);
  state.codes.set(code, { openid, ...(unionid ? { unionid } : {}), issuedAt: now, used: false });
  state.knownOpenids.add(openid);
  return code;
}

/** stable_token: the current token while it lives, a new one when forced or expired. */
export function currentToken(
  state: WechatState,
  forceRefresh: boolean,
): { value: string; expiresIn: number } {
  const now = state.now();
  const live = state.token && now < state.token.expiresAt ? state.token : undefined;
  if (live && !forceRefresh)
    return { value: live.value, expiresIn: Math.floor((live.expiresAt - now) / 1000) };
  // A forced refresh invalidates the previous token at once (stable_token force_refresh).
  if (state.token) retireToken(state, state.token.value, live ? 'revoked' : 'expired');
  state.token = { value: state.randomText(96), expiresAt: now + TOKEN_TTL_SEC * 1000 };
  state.tokensIssued += 1;
  return { value: state.token.value, expiresIn: TOKEN_TTL_SEC };
}

export function retireToken(state: WechatState, value: string, why: 'revoked' | 'expired'): void {
  state.retiredTokens.set(value, why);
  if (state.token?.value === value) state.token = undefined;
  // Only recent tokens matter for telling 42001 from 40001.
  if (state.retiredTokens.size > 100) {
    const oldest = state.retiredTokens.keys().next().value;
    if (oldest !== undefined) state.retiredTokens.delete(oldest);
  }
}

/** Checks `?access_token=` of a platform call; throws the errcode WeChat would answer. */
export function requireToken(state: WechatState, value: string | undefined): void {
  if (!value) throw new WxRefusal('ACCESS_TOKEN_MISSING');
  if (state.token?.value === value) {
    if (state.now() < state.token.expiresAt) return;
    retireToken(state, value, 'expired');
  }
  const why = state.retiredTokens.get(value);
  throw new WxRefusal(why === 'expired' ? 'ACCESS_TOKEN_EXPIRED' : 'INVALID_CREDENTIAL');
}
