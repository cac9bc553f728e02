// The settlements table as settle.ts sees it: one row per settlement with its whole split,
// read back for reversals, 2601 and the phone's code status.
import type { SandboxContext } from '../context';
import { preparedStatements } from './prepared';
import { splitItem, type SettlementItem, type SettlementSplit } from './rules';
import type { Treatment } from './treatment';

/** Where a settlement was made: a pharmacy (2206/2207), an outpatient visit (2101/2102), or 62xx. */
export type SettlementKind = 'pharmacy' | 'outpatient' | 'mobile';

export interface StoredSettlement {
  setlId: string;
  status: 'preview' | 'settled' | 'reversed';
  kind: SettlementKind;
  psnNo: string;
  mdtrtId: string;
  insutype: '310' | '390';
  certType: string;
  fixmedinsCode: string;
  code: string | null;
  split: SettlementSplit;
  balanceAfterFen: number | null;
  settledAt: string;
  reversedAt?: string;
  /** Level and 异地就医 adjustments applied; absent on settlements from before they existed. */
  treatment?: Treatment;
  /** 家庭共济: whose personal account paid the account part (a guardian); absent: the person's own. */
  accountPsnNo?: string | null;
}

interface Row {
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
  fixmedins_code: string;
  kind: SettlementKind;
  status: 'settled' | 'reversed';
  insutype: '310' | '390';
  cert_type: string;
  code: string | null;
  total_fen: number;
  fund_fen: number;
  account_fen: number;
  cash_fen: number;
  fulamt_ownpay_fen: number;
  overlmt_fen: number;
  preselfpay_fen: number;
  inscp_fen: number;
  deductible_fen: number;
  pool_prop_selfpay_fen: number;
  balance_after_fen: number | null;
  settled_at: string;
  reversed_at: string | null;
  account_psn_no: string | null;
  institution_name: string;
  institution_region: string;
  institution_level: string | null;
  care_rule: Treatment['careRule'] | null;
  filing_id: string | null;
  remote_adjust_bp: number;
  level_adjust_bp: number;
}

const sql = preparedStatements((db) => ({
  insert: db.prepare(
    `INSERT INTO settlements (setl_id, mdtrt_id, psn_no, fixmedins_code, kind, status, insutype, cert_type,
       code, total_fen, fund_fen, account_fen, cash_fen, fulamt_ownpay_fen, overlmt_fen, preselfpay_fen,
       inscp_fen, deductible_fen, pool_prop_selfpay_fen, balance_after_fen, msgid, med_type, settled_at,
       care_rule, filing_id, remote_adjust_bp, level_adjust_bp, account_psn_no)
     VALUES (@setlId, @mdtrtId, @psnNo, @fixmedinsCode, @kind, 'settled', @insutype, @certType,
       @code, @totalFen, @fundFen, @accountFen, @cashFen, @fulamtOwnpayFen, @overlmtFen, @preselfpayFen,
       @inscpFen, @deductibleFen, @poolPropSelfpayFen, @balanceAfterFen, @msgid, @medType, @settledAt,
       @careRule, @filingId, @remoteAdjustBp, @levelAdjustBp, @accountPsnNo)`,
  ),
  find: db.prepare<[string], Row>(
    `SELECT s.*, i.name AS institution_name, i.region_code AS institution_region,
       i.level AS institution_level FROM settlements s
     JOIN institutions i ON i.code = s.fixmedins_code WHERE s.setl_id = ?`,
  ),
  item: db.prepare(
    `INSERT INTO settlement_items (setl_id, line, code, name, chrgitm_lv, qty, price_fen, amount_fen, selfpay_fen)
     VALUES (?, ?, ?, COALESCE((SELECT name FROM catalogue WHERE code = ?), ?), ?, ?, ?, ?, ?)`,
  ),
  items: db.prepare<[string], SettlementItemLine>(
    `SELECT code, name, chrgitm_lv AS class, qty, price_fen AS priceFen, amount_fen AS amountFen,
       selfpay_fen AS selfpayFen
     FROM settlement_items WHERE setl_id = ? ORDER BY line`,
  ),
  reversed: db.prepare(
    "UPDATE settlements SET status = 'reversed', reversed_at = ?, reversal_reason = ? WHERE setl_id = ?",
  ),
  reinstated: db.prepare(
    "UPDATE settlements SET status = 'settled', reversed_at = NULL, reversal_reason = NULL WHERE setl_id = ?",
  ),
}));

export interface SettlementItemLine {
  code: string;
  name: string;
  class: '01' | '02' | '03';
  qty: number;
  priceFen: number;
  amountFen: number;
  /** The person's own part of the line: 丙 in full, 乙's first share, above the price limit. */
  selfpayFen: number;
}

/** The settlement's lines, with each line's self-paid part (splitItem). */
export function writeSettlementItems(
  ctx: Pick<SandboxContext, 'db'>,
  setlId: string,
  items: SettlementItem[],
): void {
  const insert = sql(ctx).item;
  items.forEach((item, line) => {
    const part = splitItem(item);
    const selfpay = part.overlmtFen + part.fulamtOwnpayFen + part.preselfpayFen;
    insert.run(
      setlId,
      line + 1,
      item.code,
      item.code,
      item.code,
      item.chrgitmLv,
      item.qty,
      item.priceFen,
      item.amountFen,
      selfpay,
    );
  });
}

export function settlementItems(ctx: Pick<SandboxContext, 'db'>, setlId: string): SettlementItemLine[] {
  return sql(ctx).items.all(setlId);
}

export function writeSettlement(
  ctx: Pick<SandboxContext, 'db'>,
  stored: StoredSettlement,
  extra: { msgid: string | null; medType: string | null },
): void {
  const { split } = stored;
  sql(ctx).insert.run({
    setlId: stored.setlId,
    mdtrtId: stored.mdtrtId,
    psnNo: stored.psnNo,
    fixmedinsCode: stored.fixmedinsCode,
    kind: stored.kind,
    insutype: stored.insutype,
    certType: stored.certType,
    code: stored.code,
    totalFen: split.totalFen,
    fundFen: split.fundFen,
    accountFen: split.accountFen,
    cashFen: split.cashFen,
    fulamtOwnpayFen: split.fulamtOwnpayFen,
    overlmtFen: split.overlmtFen,
    preselfpayFen: split.preselfpayFen,
    inscpFen: split.inscpFen,
    deductibleFen: split.deductibleFen,
    poolPropSelfpayFen: split.poolPropSelfpayFen,
    balanceAfterFen: stored.balanceAfterFen,
    msgid: extra.msgid,
    medType: extra.medType,
    settledAt: stored.settledAt,
    careRule: stored.treatment?.careRule ?? null,
    filingId: stored.treatment?.filingId ?? null,
    remoteAdjustBp: stored.treatment?.remoteAdjustBp ?? 0,
    levelAdjustBp: stored.treatment?.levelAdjustBp ?? 0,
    accountPsnNo: stored.accountPsnNo ?? null,
  });
}

function fromRow(row: Row): StoredSettlement {
  return {
    setlId: row.setl_id,
    status: row.status,
    kind: row.kind,
    psnNo: row.psn_no,
    mdtrtId: row.mdtrt_id,
    insutype: row.insutype,
    certType: row.cert_type,
    fixmedinsCode: row.fixmedins_code,
    code: row.code,
    split: {
      totalFen: row.total_fen,
      fulamtOwnpayFen: row.fulamt_ownpay_fen,
      overlmtFen: row.overlmt_fen,
      preselfpayFen: row.preselfpay_fen,
      inscpFen: row.inscp_fen,
      deductibleFen: row.deductible_fen,
      fundFen: row.fund_fen,
      poolPropSelfpayFen: row.pool_prop_selfpay_fen,
      accountFen: row.account_fen,
      cashFen: row.cash_fen,
    },
    balanceAfterFen: row.balance_after_fen,
    settledAt: row.settled_at,
    ...(row.reversed_at ? { reversedAt: row.reversed_at } : {}),
    ...(row.care_rule
      ? {
          treatment: {
            careRule: row.care_rule,
            careRegionCode: row.institution_region,
            filingId: row.filing_id,
            remoteAdjustBp: row.remote_adjust_bp,
            levelAdjustBp: row.level_adjust_bp,
            institutionLevel: row.institution_level,
          },
        }
      : {}),
    ...(row.account_psn_no ? { accountPsnNo: row.account_psn_no } : {}),
  };
}

/** A settlement as stored, with the institution's name; undefined when there is none. */
export function findSettlement(
  ctx: Pick<SandboxContext, 'db'>,
  setlId: string,
): (StoredSettlement & { institutionName: string }) | undefined {
  const row = sql(ctx).find.get(setlId);
  return row && { ...fromRow(row), institutionName: row.institution_name };
}

/** The row plus its state changes, for reverse and reinstate inside their transactions. */
export function settlementRow(ctx: Pick<SandboxContext, 'db'>, setlId: string) {
  const statements = sql(ctx);
  const row = statements.find.get(setlId);
  if (!row) return undefined;
  return {
    stored: fromRow(row),
    institutionName: row.institution_name,
    markReversed: (at: string, reason: string) => statements.reversed.run(at, reason, setlId),
    markReinstated: () => statements.reinstated.run(setlId),
  };
}
