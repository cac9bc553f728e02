// Writing a settlement, shared by the 两定 interface (2101/2102, 2206/2207) and mobile
// payment (62xx): apply the person's regional rule and year-to-date to the basket, debit
// the personal account, record the settlement, mark the code settled and queue the
// settlement.completed event — all in one transaction. Reversal credits the account back
// and queues settlement.reversed; a 2601 of a reversal takes it again (settlement.reinstated).
// Every settlement event says why the fund paid nothing, when it did not (fundZeroReason).
import type { FundZeroReason } from '@ybm/shared';

import { inTransaction } from '../../lib/sqlite';
import { isoNow, randomDigits, type SandboxContext } from '../context';
import { enqueueEvent } from '../events/outbox';
import { chinaCompact, chinaYear } from './china-time';
import { markCodeSettled } from './codes';
import { balanceOf, post } from './ledger';
import { activeInsurance, regionRule, shanghaiDate, yearToDate } from './people';
import { preparedStatements } from './prepared';
import { computeSettlement, fundZeroReason, type SettlementItem, type SettlementSplit } from './rules';
import {
  settlementRow,
  writeSettlement,
  type SettlementKind,
  type StoredSettlement,
  writeSettlementItems,
} from './settlement-store';
import { adjustedTiers, RemoteCareNotFiled, treatmentAt, type Place, type Treatment } from './treatment';

export type { SettlementKind };

export interface SettlementRequest {
  kind: SettlementKind;
  psnNo: string;
  fixmedinsCode: string;
  mdtrtId: string;
  /** mdtrt_cert_type: 01 ecToken, 02 ID number, 03 social security card (62xx: its own). */
  certType: string;
  /** The e-voucher code behind the ecToken used, moved to 'settled' with the settlement. */
  code?: string | null;
  items: SettlementItem[];
  useAccount: boolean;
  /** 家庭共济: the person whose personal account pays the account part (a guardian); default psnNo. */
  accountOf?: string;
  msgid?: string;
  medType?: string;
  /** Pre-settlement (2101/2206): the same computation, nothing written. */
  dryRun?: boolean;
  /** The channel to tell (settlement.completed); defaults to the channel of `code`. */
  appId?: string | null;
}

export interface SettlementResult {
  /** '' for a pre-settlement, which has no settlement to name. */
  setlId: string;
  status: 'preview' | 'settled' | 'reversed';
  kind: SettlementKind;
  psnNo: string;
  mdtrtId: string;
  insutype: '310' | '390';
  certType: string;
  fixmedinsCode: string;
  institutionName: string;
  code: string | null;
  split: SettlementSplit;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  /** The personal-account balance after this settlement (or reversal); null without an account. */
  balanceAfterFen: number | null;
  settledAt: string;
  reversedAt?: string;
  /** Why the fund paid nothing (丙类, 起付线, the region's pooling rules, 封顶线); none when it paid. */
  fundZeroReason?: FundZeroReason;
  /** The level and 异地就医 adjustments the settlement was paid under. */
  treatment?: Treatment;
}

/** The rule a settlement kind is paid under: 62xx online payments are outpatient visits. */
const visitOf = (kind: SettlementKind) => (kind === 'pharmacy' ? 'pharmacy' : 'outpatient');

export const SETTLEMENT_REFUSALS = {
  NO_ITEMS: '费用明细不能为空',
  INSTITUTION_UNKNOWN: '定点医药机构不存在',
  PERSON_NOT_FOUND: '未查询到该参保人员',
  NOT_INSURED: '该人员无参保信息',
  INSURANCE_SUSPENDED: '该人员参保状态为暂停参保，不能享受医保待遇',
  CODE_NOT_SETTLEABLE: '医保电子凭证码当前状态不能结算，请重新扫码',
  SETTLEMENT_NOT_FOUND: '结算记录不存在',
  SETTLEMENT_REVERSED: '该结算已撤销',
  SETTLEMENT_NOT_REVERSED: '该结算未撤销，无需恢复',
  INSUFFICIENT_BALANCE: '个人账户余额不足',
  REMOTE_CARE_NOT_FILED: new RemoteCareNotFiled().message,
} as const;
export type SettlementRefusalCode = keyof typeof SETTLEMENT_REFUSALS;

export class SettlementRefusal extends Error {
  constructor(readonly code: SettlementRefusalCode) {
    super(SETTLEMENT_REFUSALS[code]);
    this.name = 'SettlementRefusal';
  }
}

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random'>;

const sql = preparedStatements((db) => ({
  institution: db.prepare<[string], { name: string; regionCode: string; level: string | null }>(
    'SELECT name, region_code AS regionCode, level FROM institutions WHERE code = ?',
  ),
  person: db.prepare<[string], number>('SELECT 1 FROM persons WHERE psn_no = ?').pluck(),
  codeChannel: db.prepare<[string], string>('SELECT app_id FROM codes WHERE code = ?').pluck(),
}));

/** The rules' promises, checked before anything is written: a broken split is a bug, not a payment. */
function assertSplit(split: SettlementSplit, items: SettlementItem[], balance: number | null): void {
  const parts = [split.fundFen, split.accountFen, split.cashFen];
  const total = items.reduce((sum, item) => sum + item.amountFen, 0);
  if (
    !parts.every((part) => Number.isSafeInteger(part) && part >= 0) ||
    split.fundFen + split.accountFen + split.cashFen !== split.totalFen ||
    split.totalFen !== total ||
    split.accountFen > (balance ?? 0)
  ) {
    throw new Error(`computeSettlement broke its contract: ${JSON.stringify(split)}`);
  }
}

export interface RulesInput {
  psnNo: string;
  visit: 'pharmacy' | 'outpatient';
  items: SettlementItem[];
  useAccount: boolean;
  /** Where the care happens; null: in the person's own region, at no particular level. */
  place: Place | null;
  /** 家庭共济: whose personal account pays the account part; default psnNo. */
  accountOf?: string;
}

/**
 * The split by the person's rules today at this place: the one computation behind every
 * settlement, pre-settlement and estimate. Refuses as a settlement would.
 */
export function computeByRules(ctx: Ctx, input: RulesInput) {
  if (input.items.length === 0) throw new SettlementRefusal('NO_ITEMS');
  const insurance = activeInsurance(ctx, input.psnNo);
  if (!insurance) {
    throw new SettlementRefusal(sql(ctx).person.get(input.psnNo) ? 'NOT_INSURED' : 'PERSON_NOT_FOUND');
  }
  if (insurance.status !== 'active') throw new SettlementRefusal('INSURANCE_SUSPENDED');
  const rule = regionRule(ctx, insurance.regionCode, insurance.insutype, insurance.psnType);
  let treatment: Treatment;
  try {
    treatment = treatmentAt(
      ctx,
      { psnNo: input.psnNo, regionCode: insurance.regionCode },
      input.place ?? { regionCode: insurance.regionCode, level: null },
      rule,
      shanghaiDate(ctx.now()),
    );
  } catch (error) {
    if (error instanceof RemoteCareNotFiled) throw new SettlementRefusal('REMOTE_CARE_NOT_FILED');
    throw error;
  }
  const balance = balanceOf(ctx, input.accountOf ?? input.psnNo) ?? null;
  const tiers = adjustedTiers(rule.tiers, treatment);
  const pooling = input.visit === 'pharmacy' ? rule.pooling.pharmacy : rule.pooling.outpatient;
  const ytd = yearToDate(ctx, input.psnNo, chinaYear(ctx.now()));
  const split = computeSettlement({
    kind: input.visit,
    insutype: insurance.insutype,
    items: input.items,
    rule: { deductibleFen: rule.deductibleFen, capFen: rule.capFen, tiers },
    pooling,
    yearToDate: ytd,
    useAccount: input.useAccount && balance !== null,
    accountBalanceFen: balance,
  });
  assertSplit(split, input.items, balance);
  return { split, balance, insurance, treatment, tiers, pooling, yearToDate: ytd, rule };
}

function compute(ctx: Ctx, request: SettlementRequest) {
  const institution = sql(ctx).institution.get(request.fixmedinsCode);
  if (request.items.length > 0 && institution === undefined)
    throw new SettlementRefusal('INSTITUTION_UNKNOWN');
  const computed = computeByRules(ctx, {
    psnNo: request.psnNo,
    visit: visitOf(request.kind),
    items: request.items,
    useAccount: request.useAccount,
    place: institution ? { regionCode: institution.regionCode, level: institution.level } : null,
    ...(request.accountOf ? { accountOf: request.accountOf } : {}),
  });
  return { ...computed, institutionName: institution?.name ?? '' };
}

function toResult(stored: StoredSettlement, institutionName: string): SettlementResult {
  const { split } = stored;
  const reason = fundZeroReason(split, visitOf(stored.kind));
  return {
    ...stored,
    institutionName,
    totalFen: split.totalFen,
    fundFen: split.fundFen,
    accountFen: split.accountFen,
    cashFen: split.cashFen,
    ...(reason ? { fundZeroReason: reason } : {}),
  };
}

/** The channel whose BFF hears of a settlement: the request's, else the channel of its code. */
function channelOf(ctx: Ctx, code: string | null | undefined, appId?: string | null): string | null {
  return appId ?? (code ? (sql(ctx).codeChannel.get(code) ?? null) : null);
}

/** What every settlement event says about the settlement: who, where, the split and the balance now. */
function settlementPayload(result: SettlementResult) {
  return {
    setlId: result.setlId,
    psnNo: result.psnNo,
    code: result.code,
    kind: result.kind,
    fixmedinsCode: result.fixmedinsCode,
    institutionName: result.institutionName,
    totalFen: result.totalFen,
    fundFen: result.fundFen,
    accountFen: result.accountFen,
    cashFen: result.cashFen,
    balanceAfterFen: result.balanceAfterFen,
    settledAt: result.settledAt,
    ...(result.fundZeroReason ? { fundZeroReason: result.fundZeroReason } : {}),
  };
}

export function settle(ctx: Ctx, request: SettlementRequest): SettlementResult {
  const settledAt = isoNow(ctx);
  const base = {
    kind: request.kind,
    psnNo: request.psnNo,
    mdtrtId: request.mdtrtId,
    certType: request.certType,
    fixmedinsCode: request.fixmedinsCode,
    code: request.code ?? null,
    settledAt,
  };
  if (request.dryRun) {
    const { split, balance, insurance, institutionName, treatment } = compute(ctx, request);
    const balanceAfterFen = balance === null ? null : balance - split.accountFen;
    return toResult(
      {
        ...base,
        setlId: '',
        status: 'preview',
        insutype: insurance.insutype,
        split,
        balanceAfterFen,
        treatment,
      },
      institutionName,
    );
  }
  return inTransaction(ctx.db, () => {
    // Inside the transaction: the year-to-date and the balance cannot move under us.
    const { split, balance, insurance, institutionName, treatment } = compute(ctx, request);
    const setlId = `SETL${chinaCompact(ctx.now())}${randomDigits(ctx, 8)}`;
    const payer = request.accountOf ?? request.psnNo;
    const payerBalanceAfter =
      split.accountFen > 0
        ? post(ctx, {
            psnNo: payer,
            kind: 'payment',
            amountFen: -split.accountFen,
            refType: 'settlement',
            refId: setlId,
            memo: payer === request.psnNo ? institutionName : `家庭共济·${institutionName}`,
            at: settledAt,
          })
        : balance;
    // The settlement is the member's: with 家庭共济 their own balance is what it was.
    const balanceAfterFen =
      payer === request.psnNo ? payerBalanceAfter : (balanceOf(ctx, request.psnNo) ?? null);
    const stored: StoredSettlement = {
      ...base,
      setlId,
      status: 'settled',
      insutype: insurance.insutype,
      split,
      balanceAfterFen,
      treatment,
      accountPsnNo: payer === request.psnNo ? null : payer,
    };
    writeSettlement(ctx, stored, { msgid: request.msgid ?? null, medType: request.medType ?? null });
    writeSettlementItems(ctx, setlId, request.items);
    if (request.code && !markCodeSettled(ctx, request.code, setlId, settledAt)) {
      throw new SettlementRefusal('CODE_NOT_SETTLEABLE');
    }
    const result = toResult(stored, institutionName);
    enqueueEvent(ctx, {
      type: 'settlement.completed',
      appId: channelOf(ctx, request.code, request.appId),
      payload: settlementPayload(result),
    });
    return result;
  });
}

/**
 * Why a settlement was undone, as the BFF is told: the institution reversed it (2103/2208)
 * or corrected a message it was unsure of (2601).
 */
export type ReversalCause = 'reversed' | 'corrected';

export interface ReversalOptions {
  reason: string;
  cause: ReversalCause;
  /**
   * Whether to queue settlement.reversed. A mobile-payment refund (6203) reverses the
   * insurance part too, but announces it as refund.completed, with the refund's own split.
   */
  announce?: boolean;
}

/** Undoes a settlement: the account part goes back to the account (kind 'reversal'). */
export function reverseSettlement(ctx: Ctx, setlId: string, options: ReversalOptions): SettlementResult {
  return inTransaction(ctx.db, () => {
    const found = settlementRow(ctx, setlId);
    if (!found) throw new SettlementRefusal('SETTLEMENT_NOT_FOUND');
    if (found.stored.status !== 'settled') throw new SettlementRefusal('SETTLEMENT_REVERSED');
    const at = isoNow(ctx);
    const { accountFen } = found.stored.split;
    // The account part goes back to the account that paid it (家庭共济: the guardian's).
    const payer = found.stored.accountPsnNo ?? found.stored.psnNo;
    const payerBalanceAfter =
      accountFen > 0
        ? post(ctx, {
            psnNo: payer,
            kind: 'reversal',
            amountFen: accountFen,
            refType: 'settlement',
            refId: setlId,
            memo: options.reason,
            at,
          })
        : (balanceOf(ctx, payer) ?? null);
    const balanceAfterFen =
      payer === found.stored.psnNo ? payerBalanceAfter : (balanceOf(ctx, found.stored.psnNo) ?? null);
    found.markReversed(at, options.reason);
    const result = toResult(
      { ...found.stored, status: 'reversed', balanceAfterFen, reversedAt: at },
      found.institutionName,
    );
    if (options.announce ?? true) {
      // Everything that came back, and the balance after it: the phone says so in those words.
      enqueueEvent(ctx, {
        type: 'settlement.reversed',
        appId: channelOf(ctx, result.code),
        payload: { ...settlementPayload(result), reversedAt: at, cause: options.cause },
      });
    }
    return result;
  });
}

/**
 * 2601 of a reversal (2103/2208): the reversal never happened, so the settlement stands
 * again and the account part is taken once more — refused if the balance no longer covers it.
 */
export function reinstateSettlement(ctx: Ctx, setlId: string): SettlementResult {
  return inTransaction(ctx.db, () => {
    const found = settlementRow(ctx, setlId);
    if (!found) throw new SettlementRefusal('SETTLEMENT_NOT_FOUND');
    if (found.stored.status !== 'reversed') throw new SettlementRefusal('SETTLEMENT_NOT_REVERSED');
    const { accountFen } = found.stored.split;
    const payer = found.stored.accountPsnNo ?? found.stored.psnNo;
    const balance = balanceOf(ctx, payer) ?? null;
    if (accountFen > (balance ?? 0)) throw new SettlementRefusal('INSUFFICIENT_BALANCE');
    const at = isoNow(ctx);
    const payerBalanceAfter =
      accountFen > 0
        ? post(ctx, {
            psnNo: payer,
            kind: 'payment',
            amountFen: -accountFen,
            refType: 'settlement',
            refId: setlId,
            memo: '冲正恢复结算',
            at,
          })
        : balance;
    const balanceAfterFen =
      payer === found.stored.psnNo ? payerBalanceAfter : (balanceOf(ctx, found.stored.psnNo) ?? null);
    found.markReinstated();
    const { reversedAt: _undone, ...stored } = found.stored;
    const result = toResult({ ...stored, status: 'settled', balanceAfterFen }, found.institutionName);
    enqueueEvent(ctx, {
      type: 'settlement.reinstated',
      appId: channelOf(ctx, result.code),
      payload: { ...settlementPayload(result), reinstatedAt: at },
    });
    return result;
  });
}

export { findSettlement } from './settlement-store';
