// Cash going back through the platform it was paid on: a hospital's refund of the cash part
// (6203 CASH or ALL → the platform's refund.completed event), a second payment of the same bill,
// or a payment the insurance platform would not take. Each refund is a row written before the
// platform is asked, under a number derived from what caused it (so a retry, a redelivered event
// or a second BFF process makes the same refund, never another); the worker asks until the
// platform says done or failed, and whoever paid is told either way (inbox): the person, or the
// guardian who paid a member's cash part (the money goes back to the guardian's own platform
// account; the member is told it went back to the relative who paid).
import { createHash } from 'node:crypto';

import { formatYuan } from '@ybm/shared';
import type { Logger } from 'pino';

import { UpstreamError } from '../errors';

import type { CashOrder, CashRefund } from '../store/records';
import type { BillStore, BindingStore, CashOrderStore, Stores } from '../store/ports';

import type { CashPlatforms } from './cash-platforms';
import { PLATFORM_NAMES } from './cash-settlement';

/** A refund still processing is looked at again this soon. */
const PROCESSING_RECHECK_MS = 5_000;
const MAX_BACKOFF_MS = 3_600_000;

const REASONS: Record<CashRefund['reason'], string> = {
  hospital_refund: '医院退费',
  duplicate_payment: '重复支付退回',
  bill_closed: '账单已撤销或退费，退回现金',
};

/**
 * Queues the cash part of a refund the platform reported (inside the webhook's transaction):
 * only when this bill's cash was paid through an order here, and never more than that order
 * took. The refund's number comes from the event, so the event redelivered queues nothing new.
 */
export async function queueHospitalCashRefund(
  cash: CashOrderStore,
  refund: { billId: string; psnNo: string; cashFen: number; eventId: string },
): Promise<boolean> {
  if (refund.cashFen <= 0) return false;
  const order = await cash.confirmedOf(refund.billId);
  if (!order) return false;
  const before = (await cash.refunds.ofOrder(order.orderId)).reduce((sum, r) => sum + r.amountFen, 0);
  const amountFen = Math.min(refund.cashFen, order.amountFen - before);
  if (amountFen <= 0) return false;
  return cash.refunds.add({
    refundId: `R${createHash('sha256').update(refund.eventId).digest('hex').slice(0, 31).toUpperCase()}`,
    orderId: order.orderId,
    billId: order.billId,
    psnNo: order.psnNo,
    amountFen,
    reason: 'hospital_refund',
    eventId: refund.eventId,
  });
}

export interface CashRefundDeps {
  /** The refund's end, its notice and its audit row: one transaction. */
  stores: Pick<Stores, 'transaction'>;
  cash: CashOrderStore;
  bills: Pick<BillStore, 'get'>;
  /** Whose the paying platform user is (a guardian who paid a member's cash part). */
  bindings?: Pick<BindingStore, 'find'>;
  platforms: CashPlatforms;
  logger: Logger;
  now: () => number;
}

export function createCashRefunds(deps: CashRefundDeps) {
  let running: Promise<number> | undefined;

  async function notice(
    refund: CashRefund,
    provider: keyof typeof PLATFORM_NAMES,
    ok: boolean,
    forRelative: boolean,
  ) {
    const bill = await deps.bills.get(refund.billId);
    const at = bill?.details.institutionName ? `${bill.details.institutionName}诊间支付` : '诊间支付';
    // A guardian who paid a member's cash part reads that it was the family member's bill.
    const where = forRelative ? `家人的${at}` : at;
    const amount = formatYuan(refund.amountFen);
    const platform = PLATFORM_NAMES[provider];
    if (!ok) {
      return {
        title: '现金退款未成功',
        body: `${where}应退还您的现金${amount}未能原路退回${platform}。请携带付款记录联系医院收费处办理退款。`,
      };
    }
    const to = `已原路退回您的${platform}（原付款的零钱、余额或银行卡），请在${platform}账单中查看。`;
    switch (refund.reason) {
      case 'hospital_refund':
        return { title: '现金退款已到账', body: `${where}的现金部分${amount}${to}` };
      case 'duplicate_payment':
        return {
          title: '重复支付已退回',
          body: `您为${where}多付的现金${amount}${to}该账单已由另一笔付款支付，无需再付。`,
        };
      case 'bill_closed':
        return {
          title: '现金已退回',
          body: `${where}账单已由医院撤销或退费，您支付的现金${amount}${to}`,
        };
    }
  }

  async function finish(
    refund: CashRefund,
    order: CashOrder,
    outcome: 'done' | 'failed',
    why?: string,
    platformRefundId?: string,
  ) {
    const { provider } = order;
    // The money goes back to whoever paid, and so does the notice.
    const payer = (await deps.bindings?.find(order.channel, order.payer))?.psnNo ?? refund.psnNo;
    const forRelative = payer !== refund.psnNo;
    const words = await notice(refund, provider, outcome === 'done', forRelative);
    const createdAt = new Date(deps.now()).toISOString();
    const eventId = `cash-refund:${refund.refundId}`;
    await deps.stores.transaction(async (tx) => {
      if (!(await tx.cash.refunds.end(refund.refundId, outcome, why, platformRefundId))) return;
      await tx.inbox.add({
        psnNo: payer,
        kind: 'refund',
        ...words,
        billId: refund.billId,
        eventId,
        createdAt,
      });
      if (forRelative && outcome === 'done') {
        await tx.inbox.add({
          psnNo: refund.psnNo,
          kind: 'refund',
          title: '现金已退回付款的家人',
          body: `家人为您支付的诊间支付现金${formatYuan(refund.amountFen)}已原路退回其${PLATFORM_NAMES[provider]}。`,
          billId: refund.billId,
          eventId,
          createdAt,
        });
      }
      await tx.audit.record({
        action: 'payment.cash.refund',
        outcome: outcome === 'done' ? 'ok' : 'failed',
        // Back to whom: the payer's platform user, for the bill's person.
        channel: order.channel,
        platformUserId: order.payer,
        psnNo: refund.psnNo,
        detail: {
          billId: refund.billId,
          orderId: refund.orderId,
          refundId: refund.refundId,
          reason: refund.reason,
          cashFen: refund.amountFen,
          provider,
        },
      });
    });
  }

  async function one(refund: CashRefund): Promise<void> {
    const order = await deps.cash.get(refund.orderId);
    const platform = order ? deps.platforms[order.provider] : undefined;
    const backoff = Math.min(30_000 * 2 ** refund.attempts, MAX_BACKOFF_MS);
    if (!order || !platform) {
      await deps.cash.refunds.retry(
        refund.refundId,
        refund.status === 'processing' ? 'processing' : 'pending',
        deps.now() + backoff,
        'platform not configured',
      );
      return;
    }
    const input = {
      orderId: order.orderId,
      refundId: refund.refundId,
      amountFen: refund.amountFen,
      totalFen: order.amountFen,
      reason: REASONS[refund.reason],
    };
    try {
      const outcome =
        refund.status === 'processing' ? await platform.refundStatus(input) : await platform.refund(input);
      if (outcome.state === 'processing') {
        await deps.cash.refunds.retry(
          refund.refundId,
          'processing',
          deps.now() + PROCESSING_RECHECK_MS,
          undefined,
          outcome.platformRefundId,
        );
      } else if (outcome.state === 'done') {
        await finish(refund, order, 'done', undefined, outcome.platformRefundId);
      } else {
        deps.logger.error(
          { refundId: refund.refundId, reason: outcome.reason },
          'cash refund refused by the platform',
        );
        await finish(refund, order, 'failed', outcome.reason);
      }
    } catch (error) {
      const why = error instanceof UpstreamError ? `${error.code} ${error.reason}` : String(error);
      deps.logger.warn({ refundId: refund.refundId, err: error }, 'cash refund not made yet; will retry');
      await deps.cash.refunds.retry(
        refund.refundId,
        refund.status === 'processing' ? 'processing' : 'pending',
        deps.now() + backoff,
        why,
      );
    }
  }

  return {
    /** Makes (or looks at) every refund that is due; how many ended. One run at a time. */
    run(): Promise<number> {
      if (running) return running;
      // The clean-up runs after the assignment (a settled promise's callbacks are asynchronous).
      running = (async () => {
        let ended = 0;
        for (const refund of await deps.cash.refunds.due()) {
          await one(refund);
          const after = await deps.cash.refunds.get(refund.refundId);
          if (after && (after.status === 'done' || after.status === 'failed')) ended += 1;
        }
        return ended;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

export type CashRefunds = ReturnType<typeof createCashRefunds>;
