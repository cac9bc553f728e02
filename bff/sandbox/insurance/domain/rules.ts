// The settlement calculator: regional rules (起付线, tiered ratios, 封顶线; employees and
// retirees differ) and catalogue classes (甲/乙/丙, self-pay shares, price limits) applied
// to a basket, giving the setlinfo split. Pure: no storage, no clock. Amounts are fen.
//
// CONTRACT (used by the 两定 and 62xx transactions); the implementation follows.

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

export function computeSettlement(_input: SettlementInput): SettlementSplit {
  throw new Error('computeSettlement: being implemented (issue 3)');
}
