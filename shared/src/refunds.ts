// What came back of a payment and what did not. The refunds of a bill (or of an online
// settlement) are added up part by part against what was paid: the BFF decides a bill's
// status and writes the inbox notice from these sums, and the phone shows the same sums in
// the same words — 统筹基金 back to the fund, 个人账户 back to the account, 现金 back the
// way it was paid (原支付渠道).
import { formatYuan, sumFen, type Fen } from './money';

export interface MoneySplit {
  fundFen: Fen;
  accountFen: Fen;
  cashFen: Fen;
}

export const splitTotal = (split: MoneySplit): Fen =>
  sumFen([split.fundFen, split.accountFen, split.cashFen]);

/** Every refund added up, part by part. */
export function refundedSoFar(refunds: readonly MoneySplit[]): MoneySplit {
  return {
    fundFen: sumFen(refunds.map((refund) => refund.fundFen)),
    accountFen: sumFen(refunds.map((refund) => refund.accountFen)),
    cashFen: sumFen(refunds.map((refund) => refund.cashFen)),
  };
}

/** What of `paid` has not come back, part by part (never below zero). */
export function notRefunded(paid: MoneySplit, refunds: readonly MoneySplit[]): MoneySplit {
  const back = refundedSoFar(refunds);
  return {
    fundFen: Math.max(0, paid.fundFen - back.fundFen),
    accountFen: Math.max(0, paid.accountFen - back.accountFen),
    cashFen: Math.max(0, paid.cashFen - back.cashFen),
  };
}

/** True when the refunds add up to everything that was paid: the payment is refunded in full. */
export function refundedInFull(paid: MoneySplit, refunds: readonly MoneySplit[]): boolean {
  return refunds.length > 0 && splitTotal(refundedSoFar(refunds)) >= splitTotal(paid);
}

/** Each part's name, and how to say that its money went back where it came from. */
export const REFUND_PARTS = [
  { key: 'fundFen', name: '统筹基金', back: (amount: string) => `统筹基金支付的${amount}已退回医保基金` },
  {
    key: 'accountFen',
    name: '个人账户',
    back: (amount: string) => `个人账户支付的${amount}已退回您的个人账户`,
  },
  { key: 'cashFen', name: '现金', back: (amount: string) => `现金${amount}已按原支付渠道退回` },
] as const;

/** "统筹基金支付的¥60.00已退回医保基金，现金¥10.00已按原支付渠道退回": the parts that moved. */
export function describeReturned(split: MoneySplit): string {
  return REFUND_PARTS.filter((part) => split[part.key] > 0)
    .map((part) => part.back(formatYuan(split[part.key])))
    .join('，');
}

/** "统筹基金¥60.00、现金¥10.00": the parts that are not zero, or '' when none is. */
export function describeParts(split: MoneySplit): string {
  return REFUND_PARTS.filter((part) => split[part.key] > 0)
    .map((part) => `${part.name}${formatYuan(split[part.key])}`)
    .join('、');
}
