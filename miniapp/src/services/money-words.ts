// Who pays what, in the words the phone uses everywhere an amount shows: the three parts of a
// settlement (医保统筹 / 个人账户 / 个人现金) and, when the pooled fund pays nothing, why —
// worded here from the platform's reason code (shared FUND_ZERO_REASONS).
import { formatYuan, type FundZeroReason } from '@ybm/shared';

export const PART_LABELS = {
  fund: '医保统筹支付',
  account: '个人账户支付',
  cash: '个人现金支付',
} as const;

const FUND_ZERO_TEXT: Record<FundZeroReason, string> = {
  class_c: '所购均为丙类（全自费）项目，医保统筹不予支付',
  self_pay_items: '所购项目均属个人自付部分（丙类、超出限价或乙类先行自付），医保统筹不予支付',
  deductible: '本年度起付线尚未达到，本次医保范围内的费用计入起付线，医保统筹暂不支付',
  pharmacy_not_pooled: '按参保地政策，在药店购药医保统筹不予支付',
  outpatient_not_pooled: '按参保地政策，此类门诊费用医保统筹不予支付',
  cap_reached: '本年度医保统筹支付已达封顶线',
};

/**
 * Why 医保统筹 paid ¥0.00 of a settlement, in words, from the platform's reason; undefined
 * when it paid something, there was nothing to pay, or the platform gave no reason.
 */
export function fundZeroNote(split: {
  totalFen: number;
  fundFen: number;
  fundZeroReason?: FundZeroReason | undefined;
}): string | undefined {
  if (split.fundFen > 0 || split.totalFen <= 0 || !split.fundZeroReason) return undefined;
  return FUND_ZERO_TEXT[split.fundZeroReason];
}

/** What insurance paid: the fund and the personal account together. */
export const insurancePart = (split: { fundFen: number; accountFen: number }) =>
  split.fundFen + split.accountFen;

/** "医保统筹支付¥a、个人账户支付¥b": the insurance side of a split, each part named. */
export function insuranceParts(split: { fundFen: number; accountFen: number }): string {
  return `${PART_LABELS.fund}${formatYuan(split.fundFen)}、${PART_LABELS.account}${formatYuan(split.accountFen)}`;
}
