// What the fake Alipay platform remembers, in memory only: auth codes, certify
// sessions, subscriptions, every template message it accepted, and trades (trade-state.ts).
import { createHash, randomBytes } from 'node:crypto';

import { ALIPAY_RETRY_DELAYS_MS, createTradeBook, type TradeBook } from './trade-state';

export type CertifyResult = 'pass' | 'fail' | 'cancel';

export interface AlipayKeyPair {
  /** PKCS8 PEM. */
  privateKey: string;
  /** SPKI PEM. */
  publicKey: string;
}

export interface AlipaySandboxOptions {
  appId: string;
  /** The app's public key (SPKI PEM): verifies the signature of every request. */
  appPublicKey: string;
  /** Alipay's own key pair: signs every response; the BFF holds the public half. */
  alipayKeyPair: AlipayKeyPair;
  now?: () => number;
  random?: (size: number) => Uint8Array;
  /** Template id → data keys (`keyword1`, …). Leave unset to accept any template and keys. */
  templates?: Record<string, readonly string[]>;
  /** Waits before each redelivery of an unacknowledged trade notification (Alipay's schedule by default). */
  retryDelaysMs?: readonly number[];
  /** How long the fake waits for a merchant to answer a notification. */
  notifyTimeoutMs?: number;
}

export interface AuthCode {
  userId: string;
  openId: string;
  issuedAt: number;
  used: boolean;
}

export interface CertifySession {
  certifyId: string;
  outerOrderNo: string;
  certType: string;
  certName: string;
  certNo: string;
  returnUrl?: string;
  result?: CertifyResult;
}

export interface TemplateMessage {
  to_user_id?: string;
  to_open_id?: string;
  user_template_id: string;
  page: string;
  data: Record<string, { value: string }>;
  sentAt: string;
}

/** Alipay auth codes are single-use and short-lived (the fake: 3 minutes). */
export const AUTH_CODE_TTL_MS = 3 * 60_000;
export const LONG_TERM = Number.POSITIVE_INFINITY;

export interface AlipayState {
  readonly options: AlipaySandboxOptions;
  now: () => number;
  randomHex: (size: number) => string;
  authCodes: Map<string, AuthCode>;
  /** open_id → user_id of every user seen, so a grant or message may name either. */
  users: Map<string, string>;
  certifies: Map<string, CertifySession>;
  /** `${user}|${templateId}` or `${user}|*` → messages left (user = user_id or open_id). */
  quotas: Map<string, number>;
  usedFormIds: Set<string>;
  messages: TemplateMessage[];
  /** How many of the next gateway calls answer 20000 (service unavailable). */
  busy: number;
  /** Trades (alipay.trade.*) and their notifications. */
  trades: TradeBook;
  retryDelaysMs: readonly number[];
  notifyTimeoutMs: number;
}

export function createAlipayState(options: AlipaySandboxOptions): AlipayState {
  const random = options.random ?? ((size: number) => new Uint8Array(randomBytes(size)));
  return {
    options,
    now: options.now ?? Date.now,
    randomHex: (size) => Buffer.from(random(size)).toString('hex'),
    authCodes: new Map(),
    users: new Map(),
    certifies: new Map(),
    quotas: new Map(),
    usedFormIds: new Set(),
    messages: [],
    busy: 0,
    trades: createTradeBook(),
    retryDelaysMs: options.retryDelaysMs ?? ALIPAY_RETRY_DELAYS_MS,
    notifyTimeoutMs: options.notifyTimeoutMs ?? 5000,
  };
}

/** open_id is per app: the same person has a different one in every app (the fake: a hash). */
export function openIdOf(state: AlipayState, userId: string): string {
  return `0${createHash('sha256').update(`${state.options.appId}|${userId}`).digest('hex').slice(0, 46)}`;
}

/** The user_id behind a user_id or an open_id (as given when unknown). */
export function canonicalUser(state: AlipayState, id: string): string {
  return state.users.get(id) ?? id;
}

/** As my.getAuthCode on the user's phone: a fresh single-use auth code. */
export function mintAuthCode(state: AlipayState, userId: string, openId = openIdOf(state, userId)): string {
  const now = state.now();
  for (const [code, entry] of state.authCodes) {
    if (now - entry.issuedAt > 2 * AUTH_CODE_TTL_MS) state.authCodes.delete(code);
  }
  const code = state.randomHex(16);
  state.users.set(openId, userId);
  state.authCodes.set(code, { userId, openId, issuedAt: now, used: false });
  return code;
}
