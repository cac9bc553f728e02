// 异步通知 of trades (PROTOCOL.md §8): a form POST to the trade's notify_url with
// notify_type=trade_status_sync, the trade's fields and `sign`, RSA2 with Alipay's key over
// every parameter but sign and sign_type, sorted, `k=v` joined by `&`. The merchant answers
// the plain text `success`; anything else is sent again on Alipay's schedule. Sent when a
// trade is paid (TRADE_SUCCESS) and when an unpaid one closes (TRADE_CLOSED). Forged ones
// are made here too, for tests of the merchant's checks.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

import { fenToYuan } from '@ybm/shared';

import { chinaTime } from './oauth';
import type { AlipayState } from './state';
import type { Trade, TradeNotification } from './trade-state';

export const TRADE_FORGERIES = [
  /** Signed with a key that is not Alipay's. */
  'bad_signature',
  /** A genuine notification whose total_amount was changed after it was signed. */
  'altered',
  /** Genuinely signed, but its notify_time is two days old (a captured one sent again). */
  'stale',
  /** Genuinely signed, for a trade this merchant never created. */
  'unknown_order',
  /** Genuinely signed, with an amount that is not the trade's. */
  'amount_mismatch',
] as const;
export type TradeForgery = (typeof TRADE_FORGERIES)[number];

/** The signed string: every parameter but sign and sign_type, sorted, `k=v` with `&`. */
export function notifySignContent(form: Record<string, string>): string {
  return Object.keys(form)
    .filter((key) => key !== 'sign' && key !== 'sign_type')
    .sort()
    .map((key) => `${key}=${form[key]}`)
    .join('&');
}

export function signNotification(form: Record<string, string>, privateKey: string): Record<string, string> {
  const sign = createSign('RSA-SHA256').update(notifySignContent(form), 'utf8').sign(privateKey, 'base64');
  return { ...form, sign_type: 'RSA2', sign };
}

export interface TradeNotifier {
  /** Queues the notification of a trade that was paid or closed, and sends it (unless held). */
  changed(trade: Trade): TradeNotification | undefined;
  deliverDue(): Promise<void>;
  replay(notification: TradeNotification): Promise<number | 'no_answer'>;
  forge(
    trade: Trade | undefined,
    kind: TradeForgery,
    url: string,
  ): Promise<{ status: number | 'no_answer'; answer?: string }>;
  stop(): void;
}

export function createTradeNotifier(state: AlipayState): TradeNotifier {
  const book = state.trades;
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<string>();
  const { appId, alipayKeyPair } = state.options;

  function formOf(trade: Trade, notifyId: string, at = state.now()): Record<string, string> {
    const paid = trade.status === 'TRADE_SUCCESS' || trade.status === 'TRADE_FINISHED';
    const amount = fenToYuan(trade.totalFen);
    return {
      notify_time: chinaTime(at),
      notify_type: 'trade_status_sync',
      notify_id: notifyId,
      charset: 'utf-8',
      version: '1.0',
      app_id: appId,
      auth_app_id: appId,
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      ...(trade.buyerId ? { buyer_id: trade.buyerId } : { buyer_open_id: trade.buyerOpenId ?? '' }),
      seller_id: '2088000000000000',
      trade_status: trade.status,
      total_amount: amount,
      subject: trade.subject,
      gmt_create: chinaTime(trade.createdAt),
      ...(paid
        ? {
            receipt_amount: amount,
            buyer_pay_amount: amount,
            invoice_amount: amount,
            point_amount: '0.00',
            gmt_payment: chinaTime(trade.paidAt ?? trade.createdAt),
            fund_bill_list: JSON.stringify([{ amount, fundChannel: 'ALIPAYACCOUNT' }]),
          }
        : { gmt_close: chinaTime(trade.closedAt ?? state.now()) }),
    };
  }

  async function post(url: string, form: Record<string, string>) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(state.notifyTimeoutMs),
      });
      return { status: response.status, answer: (await response.text()).slice(0, 200) };
    } catch {
      return { status: 'no_answer' as const };
    }
  }

  function later(notification: TradeNotification, waitMs: number): void {
    notification.nextAt = state.now() + waitMs;
    const timer = setTimeout(() => {
      timers.delete(notification.id);
      if (!book.holdNotifications) void attempt(notification);
    }, waitMs);
    timer.unref();
    timers.set(notification.id, timer);
  }

  async function attempt(notification: TradeNotification): Promise<void> {
    if (inFlight.has(notification.id) || notification.status !== 'pending') return;
    clearTimeout(timers.get(notification.id));
    timers.delete(notification.id);
    inFlight.add(notification.id);
    try {
      const result = await post(notification.url, notification.form);
      notification.attempts.push({ at: state.now(), ...result });
      // Only the exact text "success" is an acknowledgement.
      if (result.status === 200 && result.answer?.trim() === 'success') {
        notification.status = 'delivered';
        return;
      }
      const wait = state.retryDelaysMs[notification.attempts.length - 1];
      if (wait === undefined) notification.status = 'gave_up';
      else later(notification, wait);
    } finally {
      inFlight.delete(notification.id);
    }
  }

  return {
    changed(trade) {
      if (!trade.notifyUrl) return undefined;
      const id = randomUUID().replace(/-/g, '');
      const notification: TradeNotification = {
        id,
        outTradeNo: trade.outTradeNo,
        url: trade.notifyUrl,
        form: signNotification(formOf(trade, id), alipayKeyPair.privateKey),
        status: 'pending',
        attempts: [],
        nextAt: state.now(),
      };
      book.notifications.push(notification);
      if (!book.holdNotifications) void attempt(notification);
      return notification;
    },
    async deliverDue() {
      await Promise.all(book.notifications.filter((n) => n.status === 'pending').map(attempt));
    },
    replay: async (notification) => (await post(notification.url, notification.form)).status,
    async forge(trade, kind, url) {
      const base: Trade = trade ?? {
        outTradeNo: `FORGED${state.randomHex(6)}`,
        tradeNo: `2026010122${state.randomHex(9).replace(/[a-f]/g, '7')}`.slice(0, 28),
        totalFen: 100,
        subject: '伪造',
        buyerId: '2088000000009999',
        productCode: 'JSAPI_PAY',
        status: 'TRADE_SUCCESS',
        createdAt: state.now(),
        expiresAt: state.now(),
        paidAt: state.now(),
        refunds: new Map(),
        refundedFen: 0,
        payerActions: [],
      };
      const paid: Trade = { ...base, status: 'TRADE_SUCCESS', paidAt: base.paidAt ?? state.now() };
      const id = randomUUID().replace(/-/g, '');
      let form = signNotification(formOf(paid, id), alipayKeyPair.privateKey);
      switch (kind) {
        case 'bad_signature': {
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          const sign = createSign('RSA-SHA256')
            .update(notifySignContent(form), 'utf8')
            .sign(privateKey, 'base64');
          form = { ...form, sign };
          break;
        }
        case 'altered':
          form = { ...form, total_amount: fenToYuan(paid.totalFen + 1) };
          break;
        case 'stale':
          form = signNotification(formOf(paid, id, state.now() - 2 * 86_400_000), alipayKeyPair.privateKey);
          break;
        case 'unknown_order':
          break;
        case 'amount_mismatch':
          form = signNotification(
            formOf({ ...paid, totalFen: paid.totalFen + 1 }, id),
            alipayKeyPair.privateKey,
          );
          break;
      }
      return post(url, form);
    },
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
