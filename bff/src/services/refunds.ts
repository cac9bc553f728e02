// What a refund the platform reported (refund.completed) does to a bill: it joins the bill's
// refunds, and the bill is 'refunded' once they add up to what was paid, 'partly_refunded'
// before. The inbox notice says what came back and where, and what was not refunded.
// Decided inside the webhook's transaction, from the bill as the earlier refunds left it.
import {
  describeParts,
  describeReturned,
  formatYuan,
  notRefunded,
  refundedInFull,
  splitTotal,
  type BillRefund,
  type BillStatus,
  type MoneySplit,
} from '@ybm/shared';

import type { BillRecord } from '../store/records';

export interface RefundOutcome {
  /** Undefined when the bill is not known here: there is nothing to update. */
  bill?: { billId: string; refunds: BillRefund[]; status: BillStatus };
  notice: { title: string; body: string };
}

/**
 * What the person paid: the bill's result, but a cash part still waiting for the cashier was
 * never paid (a refund then can only be of the insurance part). Unknown without a result.
 */
function paidOf(bill: BillRecord): MoneySplit | undefined {
  const { result } = bill;
  if (!result) return undefined;
  return {
    fundFen: result.fundFen,
    accountFen: result.accountFen,
    cashFen: bill.status === 'awaiting_cash' ? 0 : result.cashFen,
  };
}

export function refundOutcome(
  bill: BillRecord | undefined,
  refund: BillRefund,
  refundType: 'ALL' | 'CASH' | 'HI',
): RefundOutcome {
  const back = `已退款${formatYuan(splitTotal(refund))}：${describeReturned(refund)}。`;
  const where = bill?.details.institutionName ? `${bill.details.institutionName}的诊间支付` : '诊间支付';
  if (!bill) {
    return { notice: { title: '退款成功', body: `${where}${back}` } };
  }
  const refunds = [...bill.refunds, refund];
  const paid = paidOf(bill);
  // Without the payment's split, the refund type is all there is to go by.
  const full = paid ? refundedInFull(paid, refunds) : refundType === 'ALL';
  const left = paid ? describeParts(notRefunded(paid, refunds)) : '';
  let rest = '';
  if (full) rest = '这笔费用已全部退回。';
  else if (left) rest = `尚未退还：${left}，仍按原支付结算；如有疑问请联系医院。`;
  return {
    bill: { billId: bill.billId, refunds, status: full ? 'refunded' : 'partly_refunded' },
    notice: { title: full ? '退款成功' : '部分退款成功', body: `${where}${back}${rest}` },
  };
}
