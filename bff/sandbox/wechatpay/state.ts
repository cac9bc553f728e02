// What the fake WeChat Pay remembers, in memory only: the merchant it serves, every JSAPI
// order and refund, and every notification it sent to a merchant's notify_url. A restart
// forgets it all (the BFF then finds its open orders unknown: ORDER_NOT_EXIST).
import { randomBytes } from 'node:crypto';

export interface WechatPayMerchantOptions {
  mchid: string;
  /** The merchant API certificate's serial number; requests must name it in serial_no. */
  serial: string;
  /** The merchant's public key (SPKI PEM): verifies every request's signature. */
  merchantPublicKey: string;
  /** AES-256-GCM key of notification resources (32 ASCII characters). */
  apiV3Key: string;
  /** The platform's key pair (public-key mode): signs answers and notifications. */
  platformPrivateKey: string;
  publicKeyId: string;
  /** The app ids bound to this merchant (the mini-program's appid). */
  appIds: readonly string[];
}

export interface WechatPaySandboxOptions extends WechatPayMerchantOptions {
  now?: () => number;
  random?: (size: number) => Uint8Array;
  /**
   * Waits before each redelivery of an unacknowledged notification. WeChat Pay's own
   * schedule (15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h) by default.
   */
  retryDelaysMs?: readonly number[];
  /** How long a refund stays PROCESSING before it succeeds (default: until it is next looked at). */
  refundSettleMs?: number;
  /** How long the fake waits for a merchant to answer a notification. */
  notifyTimeoutMs?: number;
}

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

export interface PayOrder {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  notifyUrl: string;
  attach: string;
  totalFen: number;
  openid: string;
  prepayId: string;
  /** After this instant the payer can no longer pay it (time_expire); it stays NOTPAY until closed. */
  expiresAt: number;
  createdAt: number;
  tradeState: TradeState;
  transactionId?: string;
  successAt?: number;
  /** What the payer's WeChat did with the cashier, for the dev log. */
  payerActions: { action: 'pay' | 'cancel'; at: number }[];
  refundedFen: number;
}

export interface PayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  reason: string;
  refundFen: number;
  totalFen: number;
  createdAt: number;
  status: 'PROCESSING' | 'SUCCESS';
  successAt?: number;
}

export interface NotificationDelivery {
  /** The notification's id (as in its body). */
  id: string;
  outTradeNo: string;
  url: string;
  /** The exact JSON text sent, so a redelivery carries the same body under fresh headers. */
  body: string;
  status: 'pending' | 'delivered' | 'gave_up';
  attempts: { at: number; status: number | 'no_answer' }[];
  nextAt: number;
}

/** WeChat Pay's documented redelivery schedule for unacknowledged notifications. */
export const WECHATPAY_RETRY_DELAYS_MS = [
  15_000, 15_000, 30_000, 180_000, 600_000, 1_200_000, 1_800_000, 1_800_000, 1_800_000, 3_600_000, 10_800_000,
  10_800_000, 10_800_000, 21_600_000, 21_600_000,
] as const;

/** A JSAPI order the payer did not pay by then is no longer payable (time_expire's default, 2 h). */
export const DEFAULT_EXPIRY_MS = 2 * 3600_000;

export interface WechatPayState {
  readonly options: WechatPayMerchantOptions;
  now: () => number;
  random: (size: number) => Uint8Array;
  retryDelaysMs: readonly number[];
  refundSettleMs: number;
  notifyTimeoutMs: number;
  orders: Map<string, PayOrder>;
  refunds: Map<string, PayRefund>;
  notifications: NotificationDelivery[];
  /** While set, notifications wait instead of being sent (dev control). */
  holdNotifications: boolean;
  /** How many of the next /v3 calls answer 500 SYSTEM_ERROR. */
  busy: number;
  serial: number;
}

export function createWechatPayState(options: WechatPaySandboxOptions): WechatPayState {
  return {
    options,
    now: options.now ?? Date.now,
    random: options.random ?? ((size) => new Uint8Array(randomBytes(size))),
    retryDelaysMs: options.retryDelaysMs ?? WECHATPAY_RETRY_DELAYS_MS,
    refundSettleMs: options.refundSettleMs ?? 0,
    notifyTimeoutMs: options.notifyTimeoutMs ?? 5000,
    orders: new Map(),
    refunds: new Map(),
    notifications: [],
    holdNotifications: false,
    busy: 0,
    serial: 0,
  };
}

/** Digits for ids shaped like WeChat Pay's (transaction_id, refund_id): a date and a serial. */
export function nextDigits(state: WechatPayState, prefix: string, length: number): string {
  state.serial += 1;
  const day = new Date(state.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const tail = `${state.serial}${Buffer.from(state.random(6)).readUIntBE(0, 6)}`;
  return `${prefix}${day}${tail}`.padEnd(length, '0').slice(0, length);
}

/** Random text of `length` characters from [A-Za-z0-9] (nonces). */
export function randomText(state: WechatPayState, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(state.random(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A refund as it is now: PROCESSING until refundSettleMs has passed since it was made, then SUCCESS. */
export function refundSettled(state: WechatPayState, refund: PayRefund): PayRefund {
  if (refund.status === 'PROCESSING' && state.now() >= refund.createdAt + state.refundSettleMs) {
    refund.status = 'SUCCESS';
    refund.successAt = state.now();
  }
  return refund;
}
