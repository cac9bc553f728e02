// The platform's word, carried through: an order the platform says was paid is stored as paid
// at once (before anything else is asked), then confirmed to the insurance platform (its
// cashier's confirmation, through the typed client's confirmCash) once — the bill paid in the same transaction, which its inbox notice then
// says — or, when it cannot count (a second order paid for one bill, a bill the platform no
// longer takes), marked returned with a full refund queued through the platform that took it.
// Used by the cash-payment service for notifications, queries and its sweep.
import type { Logger } from 'pino';

import { insuranceFor, InsuranceRefusal, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { CashOrder, CashProvider } from '../store/records';
import type { BillStore, BindingStore, CashOrderStore, Stores, TxStores } from '../store/ports';
import type { CashPlatforms } from './cash-platforms';

export const PLATFORM_NAMES: Record<CashProvider, string> = { wechatpay: '微信支付', alipay: '支付宝' };

export interface CashSettlementDeps {
  /** Each change of an order with what goes with it (refund, bill, audit row): one transaction. */
  stores: Pick<Stores, 'transaction'>;
  bills: BillStore;
  /** Whose the paying platform user is: a guardian who paid a member's cash part. */
  bindings?: Pick<BindingStore, 'find'>;
  cash: CashOrderStore;
  insurance: InsuranceChannels;
  platforms: CashPlatforms;
  logger: Logger;
  now: () => number;
  /** Money to give back was queued (wakes the refund worker). */
  onRefundQueued?: () => void;
}

/** The platform answered and said no (its refusal, as the BFF's error): asking again changes nothing. */
const refusedByPlatform = (error: unknown): error is AppError =>
  error instanceof AppError && error.cause instanceof InsuranceRefusal;

export function createCashSettlement(deps: CashSettlementDeps) {
  const confirming = new Map<string, Promise<boolean>>();

  function platformOf(provider: CashProvider) {
    const platform = deps.platforms[provider];
    if (!platform) throw new AppError('CASH_PAYMENT_UNAVAILABLE');
    return platform;
  }

  /**
   * The platform says an order was paid. Stored at once (the insurance platform is told after,
   * by confirm); money taken by an order that is no longer the bill's live one goes back.
   * Inside a transaction; true when the order is now paid (or was already).
   */
  async function recordPayment(
    tx: TxStores,
    order: CashOrder,
    payment: { tradeNo: string; amountFen: number; paidAt: string },
  ): Promise<boolean> {
    if (payment.amountFen !== order.amountFen) {
      deps.logger.error(
        { orderId: order.orderId, amountFen: payment.amountFen },
        'platform reports another amount',
      );
      return false;
    }
    if (await tx.cash.markPaid(order.orderId, payment)) {
      await tx.audit.record({
        action: 'payment.cash.paid',
        outcome: 'ok',
        // Who paid (the payer's platform user: the person, or a guardian acting for them).
        channel: order.channel,
        platformUserId: order.payer,
        psnNo: order.psnNo,
        detail: {
          billId: order.billId,
          orderId: order.orderId,
          provider: order.provider,
          cashFen: order.amountFen,
        },
      });
      return true;
    }
    const now = await tx.cash.get(order.orderId);
    if (!now || now.status === 'paid' || now.status === 'confirmed' || now.status === 'returned') return true;
    // Closed here, yet paid there (a second device, a close that lost the race): it cannot
    // count for the bill, so it goes back, in full, through the platform that took it.
    await tx.cash.markReturned(order.orderId, { tradeNo: payment.tradeNo, paidAt: payment.paidAt });
    await tx.cash.refunds.add({
      refundId: `D${order.orderId.slice(1)}`,
      orderId: order.orderId,
      billId: order.billId,
      psnNo: order.psnNo,
      amountFen: order.amountFen,
      reason: 'duplicate_payment',
      eventId: null,
    });
    await tx.audit.record({
      action: 'payment.cash.returned',
      outcome: 'ok',
      channel: order.channel,
      platformUserId: order.payer,
      psnNo: order.psnNo,
      detail: {
        billId: order.billId,
        orderId: order.orderId,
        reason: 'duplicate_payment',
        cashFen: order.amountFen,
      },
    });
    deps.onRefundQueued?.();
    return false;
  }

  /** Asks the platform about an order (closing it when asked or when it is past its time). */
  async function settle(order: CashOrder, close: boolean): Promise<'open' | 'paid' | 'closed'> {
    const platform = platformOf(order.provider);
    const state = close ? await platform.close(order.orderId) : await platform.query(order.orderId);
    await deps.cash.markChecked(order.orderId);
    if (state.state === 'paid') {
      const paid = await deps.stores.transaction((tx) => recordPayment(tx, order, state));
      if (paid) void confirm(order.orderId);
      return paid ? 'paid' : 'closed';
    }
    if (state.state === 'closed' || state.state === 'unknown') {
      // Unknown: the platform never took it (a placing whose request was lost), so it cannot be paid.
      await deps.cash.markClosed(order.orderId);
      return 'closed';
    }
    if (!close && deps.now() >= order.expiresAt) return settle(order, true);
    return 'open';
  }

  /**
   * Tells the insurance platform the cash was taken (confirmCash), then marks the bill
   * paid (its inbox notice says so from then on), in one transaction. True once the order is confirmed.
   * One call per order at a time in this process; the platform's confirm is idempotent, so a
   * second process or a retry after a crash confirms nothing twice.
   */
  function confirm(orderId: string): Promise<boolean> {
    const running = confirming.get(orderId);
    if (running) return running;
    const work = confirmOnce(orderId).finally(() => confirming.delete(orderId));
    confirming.set(orderId, work);
    return work;
  }

  async function confirmOnce(orderId: string): Promise<boolean> {
    const order = await deps.cash.get(orderId);
    if (!order || order.status !== 'paid') return order?.status === 'confirmed';
    // Paid by a guardian acting for the bill's person: the platform checks the link still holds.
    const payer = (await deps.bindings?.find(order.channel, order.payer))?.psnNo;
    const guardian = payer && payer !== order.psnNo ? payer : undefined;
    try {
      await insuranceFor(deps.insurance, order.channel).confirmCash(order.psnNo, order.billId, guardian);
    } catch (error) {
      if (refusedByPlatform(error)) return returnUnconfirmed(order, error);
      // Unreachable, timed out, an answer off its schema, or the channel not configured here.
      deps.logger.warn({ orderId, err: error }, 'confirming the cash failed; the sweep tries again');
      return false;
    }
    const bill = await deps.bills.get(order.billId);
    await deps.stores.transaction(async (tx) => {
      if (!(await tx.cash.markConfirmed(orderId))) return;
      if (bill?.result) await tx.bills.move(order.billId, 'awaiting_cash', 'paid', bill.result);
      // No notice of its own: the bill's notice is worded from the bill when the inbox is read
      // (services/inbox.ts), so it says 诊间支付已完成 from now on (one notice per bill).
      await tx.audit.record({
        action: 'payment.cash.confirmed',
        outcome: 'ok',
        channel: order.channel,
        platformUserId: order.payer,
        psnNo: order.psnNo,
        detail: { billId: order.billId, orderId, provider: order.provider, cashFen: order.amountFen },
      });
    });
    return true;
  }

  /** The platform will not take this cash (the bill was revoked or refunded meanwhile): it goes back. */
  async function returnUnconfirmed(order: CashOrder, refusal: AppError): Promise<boolean> {
    deps.logger.warn(
      { orderId: order.orderId, code: refusal.code },
      'the platform refused the cash; returning it',
    );
    await deps.stores.transaction(async (tx) => {
      if (!(await tx.cash.markReturned(order.orderId, { tradeNo: order.tradeNo, paidAt: order.paidAt })))
        return;
      await tx.cash.refunds.add({
        refundId: `B${order.orderId.slice(1)}`,
        orderId: order.orderId,
        billId: order.billId,
        psnNo: order.psnNo,
        amountFen: order.amountFen,
        reason: 'bill_closed',
        eventId: null,
      });
      await tx.audit.record({
        action: 'payment.cash.returned',
        outcome: refusal.code,
        channel: order.channel,
        platformUserId: order.payer,
        psnNo: order.psnNo,
        detail: {
          billId: order.billId,
          orderId: order.orderId,
          reason: 'bill_closed',
          cashFen: order.amountFen,
        },
      });
    });
    deps.onRefundQueued?.();
    return false;
  }

  return { recordPayment, settle, confirm };
}

export type CashSettlement = ReturnType<typeof createCashSettlement>;
