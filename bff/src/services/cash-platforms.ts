// What the cash-payment service needs of a payment platform (WeChat Pay, Alipay), in the
// product's words: place an order for a cash part, ask what became of it, close it, refund it,
// read its signed notification, and hand the phone what it pays with. The clients implement it
// (clients/cashiers.ts); no platform's field names reach the service.
import type { CashPayment } from '@ybm/shared';

import type { CashProvider } from '../store/records';

export interface CashOrderRequest {
  orderId: string;
  amountFen: number;
  /** Shown in the payer's bill at the platform. */
  description: string;
  /** The payer at the platform: WeChat openid, Alipay user_id or open_id. */
  payer: string;
  notifyUrl: string;
  expiresAt: number;
}

/** What the platform says of an order. */
export type CashOrderState =
  | { state: 'open' }
  | { state: 'paid'; tradeNo: string; amountFen: number; paidAt: string }
  | { state: 'closed' }
  /** The platform has no such order (never placed there). */
  | { state: 'unknown' };

/** A payment notification, checked (signature, freshness, merchant) by the client. */
export interface CashNotice {
  notificationId: string;
  orderId: string;
  outcome: 'paid' | 'closed' | 'other';
  tradeNo?: string;
  amountFen: number;
  paidAt?: string;
}

export type CashRefundOutcome =
  | { state: 'done'; platformRefundId?: string }
  | { state: 'processing'; platformRefundId?: string }
  | { state: 'failed'; reason: string };

/** The platform refused to place the order for good: paid already, closed, or another order's number. */
export class CashOrderRefused extends Error {
  constructor(
    readonly reason: 'paid' | 'closed' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'CashOrderRefused';
  }
}

/** A notification that is not the platform's genuine, current word (bad signature, stale, …). */
export class CashNoticeRejected extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'CashNoticeRejected';
  }
}

/** The raw notification as it reached the webhook. */
export interface RawNotice {
  header: (name: string) => string | undefined;
  rawBody: string;
  form?: Record<string, string>;
}

export interface CashPlatform {
  readonly provider: CashProvider;
  /** Places the order (again, with the same content, after a lost answer); the platform's reference. */
  place(order: CashOrderRequest): Promise<string>;
  query(orderId: string): Promise<CashOrderState>;
  /** Closes an unpaid order; answers what it is now ('paid' when it was paid meanwhile). */
  close(orderId: string): Promise<CashOrderState>;
  refund(refund: {
    orderId: string;
    refundId: string;
    amountFen: number;
    totalFen: number;
    reason: string;
  }): Promise<CashRefundOutcome>;
  /** Where a refund got to (a refund still processing). */
  refundStatus(refund: {
    orderId: string;
    refundId: string;
    amountFen: number;
    totalFen: number;
    reason: string;
  }): Promise<CashRefundOutcome>;
  readNotice(notice: RawNotice): CashNotice;
  /** What the phone pays the placed order with (Taro.requestPayment / my.tradePay). */
  phoneParams(orderId: string, platformRef: string): CashPayment;
}

export type CashPlatforms = Partial<Record<CashProvider, CashPlatform>>;
