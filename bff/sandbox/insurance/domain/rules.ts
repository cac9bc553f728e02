// The settlement calculator: regional rules (起付线, tiered ratios, 封顶线; employees and
// retirees differ) and catalogue classes (甲/乙/丙, self-pay shares, price limits) applied
// to a basket, giving the setlinfo split, and why the fund paid nothing when it did not.
// Pure: no storage, no clock. Amounts are fen.
//
// CONTRACT (used by the 两定 and 62xx transactions); the implementation follows.
import type { FundZeroReason } from '@ybm/shared';

export type CatalogueClass = '01' | '02' | '03'; // 甲 / 乙 / 丙

export interface SettlementItem {
  code: string;
  qty: number;
  priceFen: number;
  amountFen: number; // det_item_fee_sumamt; = round(qty × price)
  chrgitmLv: CatalogueClass;
  selfpayPropBp: number; // 乙's first self-pay share in basis points
  priceLimitFen: number | null;
}

export interface RegionRule {
  deductibleFen: number;
  capFen: number;
  /** Ascending brackets of the year's cumulative in-policy amount above the deductible. */
  tiers: { upToFen: number | null; ratioBp: number }[];
}

export interface YearToDate {
  deductiblePaidFen: number; // act_pay_dedc already counted this year
  eligibleFen: number; // in-policy amount above the deductible already counted this year
  fundPaidFen: number; // hifp_pay already paid this year (for the cap)
}

export interface SettlementInput {
  kind: 'pharmacy' | 'outpatient';
  insutype: '310' | '390';
  items: SettlementItem[];
  rule: RegionRule;
  /** Whether pooling (the fund) pays at all for this kind of visit under this rule. */
  pooling: boolean;
  yearToDate: YearToDate;
  /** acct_used_flag and the balance; residents have no account (null). */
  useAccount: boolean;
  accountBalanceFen: number | null;
}

export interface SettlementSplit {
  totalFen: number; // medfee_sumamt
  fulamtOwnpayFen: number; // 丙 items: fully self-paid
  overlmtFen: number; // above price limits
  preselfpayFen: number; // 乙 first self-pay share
  inscpFen: number; // in-policy amount (inscp_scp_amt)
  deductibleFen: number; // act_pay_dedc counted by this settlement
  fundFen: number; // hifp_pay = fund_pay_sumamt here
  poolPropSelfpayFen: number; // in-policy above deductible not paid by the ratio
  accountFen: number; // acct_pay
  cashFen: number; // psn_cash_pay
}

// Rounding, all in integer fen (no floating point touches money):
// - a price-limited amount, qty × limit, is rounded half up to the fen (qty may be fractional);
// - 乙's self-pay share, amount × bp / 10 000, is rounded half up to the fen, per item;
// - the fund's part is Σ bracket × ratio over the tiers, summed exactly in fen·bp and floored
//   to the fen once, so the fund never pays a fraction of a fen more than the rule allows and
//   the person's part absorbs the remainder.

const BP = 10_000;

function assertFen(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be whole fen ≥ 0`);
}

/** Half up for non-negative values; the epsilon keeps 0.5 represented as 0.49999… from rounding down. */
function roundHalfUp(value: number): number {
  return Math.floor(value + 0.5 + 1e-9);
}

interface ItemSplit {
  overlmtFen: number;
  fulamtOwnpayFen: number;
  preselfpayFen: number;
  inscpFen: number;
}

/** One line of the basket by catalogue class: over the price limit, then 甲/乙/丙. */
export function splitItem(item: SettlementItem): ItemSplit {
  assertFen(item.amountFen, 'item amount');
  let overlmtFen = 0;
  if (item.priceLimitFen !== null && item.priceFen > item.priceLimitFen) {
    const allowed = roundHalfUp(item.qty * item.priceLimitFen);
    overlmtFen = Math.max(0, item.amountFen - allowed);
  }
  const rest = item.amountFen - overlmtFen;
  if (item.chrgitmLv === '03') return { overlmtFen, fulamtOwnpayFen: rest, preselfpayFen: 0, inscpFen: 0 };
  if (item.chrgitmLv === '02') {
    const bp = Math.min(BP, Math.max(0, Math.trunc(item.selfpayPropBp)));
    const preselfpayFen = Math.floor((rest * bp + BP / 2) / BP);
    return { overlmtFen, fulamtOwnpayFen: 0, preselfpayFen, inscpFen: rest - preselfpayFen };
  }
  return { overlmtFen, fulamtOwnpayFen: 0, preselfpayFen: 0, inscpFen: rest };
}

/**
 * The fund's share of `eligibleFen` counted from `alreadyFen` of the year's cumulative
 * eligible amount: each tier pays its ratio on the part of this purchase inside its
 * bracket, so a purchase straddling a boundary is paid at both ratios.
 */
export function tieredFund(tiers: RegionRule['tiers'], alreadyFen: number, eligibleFen: number): number {
  let lower = 0;
  let fenBp = 0;
  const start = alreadyFen;
  const end = alreadyFen + eligibleFen;
  for (const tier of tiers) {
    const upper = tier.upToFen ?? Number.POSITIVE_INFINITY;
    const inside = Math.max(0, Math.min(end, upper) - Math.max(start, lower));
    fenBp += inside * tier.ratioBp;
    lower = upper;
    if (lower >= end) break;
  }
  return Math.floor(fenBp / BP);
}

export function computeSettlement(input: SettlementInput): SettlementSplit {
  const { rule, yearToDate } = input;
  let totalFen = 0;
  let fulamtOwnpayFen = 0;
  let overlmtFen = 0;
  let preselfpayFen = 0;
  let inscpFen = 0;
  for (const item of input.items) {
    const split = splitItem(item);
    totalFen += item.amountFen;
    fulamtOwnpayFen += split.fulamtOwnpayFen;
    overlmtFen += split.overlmtFen;
    preselfpayFen += split.preselfpayFen;
    inscpFen += split.inscpFen;
  }

  let deductibleFen = 0;
  let fundFen = 0;
  let poolPropSelfpayFen = 0;
  // Without pooling the purchase counts toward neither the deductible nor the tiers.
  if (input.pooling) {
    const deductibleLeft = Math.max(0, rule.deductibleFen - yearToDate.deductiblePaidFen);
    deductibleFen = Math.min(inscpFen, deductibleLeft);
    const eligibleFen = inscpFen - deductibleFen;
    const capLeft = Math.max(0, rule.capFen - yearToDate.fundPaidFen);
    // Ratios above 100 % would be a broken rule; never let the fund pay more than is eligible.
    fundFen = Math.min(tieredFund(rule.tiers, yearToDate.eligibleFen, eligibleFen), capLeft, eligibleFen);
    poolPropSelfpayFen = eligibleFen - fundFen;
  }

  const personalFen = totalFen - fundFen;
  const balance = input.accountBalanceFen;
  const accountFen = input.useAccount && balance !== null ? Math.min(Math.max(0, balance), personalFen) : 0;
  return {
    totalFen,
    fulamtOwnpayFen,
    overlmtFen,
    preselfpayFen,
    inscpFen,
    deductibleFen,
    fundFen,
    poolPropSelfpayFen,
    accountFen,
    cashFen: personalFen - accountFen,
  };
}

/**
 * Why the fund paid nothing of `split` (undefined when it paid something, or there was nothing
 * to pay), read from the split alone so that a stored settlement says the same as a fresh one:
 * - nothing in policy: the items (丙类 alone, or 丙类 with over-limit and 乙类 self-pay parts);
 * - some of the in-policy amount counted toward the 起付线: the deductible;
 * - in policy, yet counted toward neither the deductible nor a ratio: pooling does not pay
 *   for this kind of visit under the region's rule (computeSettlement's `pooling`);
 * - eligible above the deductible, yet unpaid: the 封顶线. (Every tier pays at least half of
 *   what is eligible, so below the cap only a lone eligible fen can round down to nothing.)
 */
export function fundZeroReason(
  split: Pick<
    SettlementSplit,
    'totalFen' | 'fundFen' | 'inscpFen' | 'fulamtOwnpayFen' | 'deductibleFen' | 'poolPropSelfpayFen'
  >,
  visit: 'pharmacy' | 'outpatient',
): FundZeroReason | undefined {
  if (split.fundFen > 0 || split.totalFen === 0) return undefined;
  if (split.inscpFen === 0) return split.fulamtOwnpayFen === split.totalFen ? 'class_c' : 'self_pay_items';
  if (split.deductibleFen > 0) return 'deductible';
  if (split.poolPropSelfpayFen === 0)
    return visit === 'pharmacy' ? 'pharmacy_not_pooled' : 'outpatient_not_pooled';
  return 'cap_reached';
}
