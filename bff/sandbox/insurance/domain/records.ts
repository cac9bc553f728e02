// A person's account and records for the channel API: balance and this year's use of the
// rules, ledger pages, settlements with their split, where they happened, and what has been
// refunded of an online (62xx) one, and why the fund paid nothing when it did not. Pages are
// keyset pages (newest first) so that deep pages of a long history stay fast.
import { PlatformRefusal } from '../channel/operation';
import type { SandboxContext } from '../context';
import { balanceOf, ledgerPage } from './ledger';
import { activeInsurance, regionRule, RegionRuleMissing, shanghaiDate, yearToDate } from './people';
import { insuranceSummary, regionName, requirePerson } from './person-summary';
import { preparedFor } from './prepared';
import { fundZeroReason } from './rules';
import { settlementItems } from './settlement-store';
import type { SettlementKind } from './settle';

type Ctx = Pick<SandboxContext, 'db' | 'now'>;

interface SettlementRow {
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  kind: SettlementKind;
  status: 'settled' | 'reversed';
  insutype: '310' | '390';
  certType: string;
  code: string | null;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  fulamtOwnpayFen: number;
  overlmtFen: number;
  preselfpayFen: number;
  inscpFen: number;
  deductibleFen: number;
  poolPropSelfpayFen: number;
  balanceAfterFen: number | null;
  settledAt: string;
  reversedAt: string | null;
  institutionCode: string;
  institutionName: string;
  institutionKind: 'hospital' | 'pharmacy' | 'clinic';
  regionCode: string;
  regionName: string;
  institutionLevel: string | null;
  careRule: 'local' | 'filed' | 'not_filed' | null;
  filingId: string | null;
  remoteAdjustBp: number;
  levelAdjustBp: number;
  /** 家庭共济: the guardian whose personal account paid; null: the person's own. */
  accountPsnNo: string | null;
  /** A guardian who paid the cash part for the person; null: the person, or no cash. */
  cashPayerPsnNo: string | null;
}

const SETTLEMENT_COLUMNS = `s.setl_id AS setlId, s.mdtrt_id AS mdtrtId, s.psn_no AS psnNo, s.kind, s.status,
  s.insutype, s.cert_type AS certType, s.code, s.total_fen AS totalFen, s.fund_fen AS fundFen,
  s.account_fen AS accountFen, s.cash_fen AS cashFen, s.fulamt_ownpay_fen AS fulamtOwnpayFen,
  s.overlmt_fen AS overlmtFen, s.preselfpay_fen AS preselfpayFen, s.inscp_fen AS inscpFen,
  s.deductible_fen AS deductibleFen, s.pool_prop_selfpay_fen AS poolPropSelfpayFen,
  s.balance_after_fen AS balanceAfterFen, s.settled_at AS settledAt,
  s.reversed_at AS reversedAt, i.code AS institutionCode, i.name AS institutionName,
  i.kind AS institutionKind, r.code AS regionCode, r.name AS regionName, i.level AS institutionLevel,
  s.care_rule AS careRule, s.filing_id AS filingId, s.remote_adjust_bp AS remoteAdjustBp,
  s.level_adjust_bp AS levelAdjustBp, s.account_psn_no AS accountPsnNo, s.cash_payer_psn_no AS cashPayerPsnNo
  FROM settlements s JOIN institutions i ON i.code = s.fixmedins_code JOIN regions r ON r.code = i.region_code`;

const statements = preparedFor((db) => ({
  firstPage: db.prepare<[string, number], SettlementRow>(
    `SELECT ${SETTLEMENT_COLUMNS} WHERE s.psn_no = ?
     ORDER BY s.settled_at DESC, s.setl_id DESC LIMIT ?`,
  ),
  cursor: db.prepare<[string, string], { settledAt: string; setlId: string }>(
    'SELECT settled_at AS settledAt, setl_id AS setlId FROM settlements WHERE setl_id = ? AND psn_no = ?',
  ),
  nextPage: db.prepare<[string, string, string, number], SettlementRow>(
    `SELECT ${SETTLEMENT_COLUMNS} WHERE s.psn_no = ? AND (s.settled_at, s.setl_id) < (?, ?)
     ORDER BY s.settled_at DESC, s.setl_id DESC LIMIT ?`,
  ),
  // A month's page: the same index, bounded on settled_at.
  monthFirst: db.prepare<[string, string, string, number], SettlementRow>(
    `SELECT ${SETTLEMENT_COLUMNS} WHERE s.psn_no = ? AND s.settled_at >= ? AND s.settled_at < ?
     ORDER BY s.settled_at DESC, s.setl_id DESC LIMIT ?`,
  ),
  monthNext: db.prepare<[string, string, string, string, string, number], SettlementRow>(
    `SELECT ${SETTLEMENT_COLUMNS} WHERE s.psn_no = ? AND s.settled_at >= ? AND s.settled_at < ?
       AND (s.settled_at, s.setl_id) < (?, ?)
     ORDER BY s.settled_at DESC, s.setl_id DESC LIMIT ?`,
  ),
  byId: db.prepare<[string], SettlementRow>(`SELECT ${SETTLEMENT_COLUMNS} WHERE s.setl_id = ?`),
  // Contributions carry their month in ref_id ('contribution:YYYY-MM'); newest first.
  credits: db.prepare<[string], { refId: string | null; createdAt: string; amountFen: number }>(
    `SELECT ref_id AS refId, created_at AS createdAt, amount_fen AS amountFen FROM ledger
     WHERE psn_no = ? AND kind = 'contribution' ORDER BY id DESC LIMIT 12`,
  ),
  // From the (psn_no, settled_at, setl_id) index: this year's rows only.
  spending: db.prepare<
    [string, string],
    { totalFen: number; fundFen: number; accountFen: number; cashFen: number }
  >(
    `SELECT COALESCE(SUM(total_fen), 0) AS totalFen, COALESCE(SUM(fund_fen), 0) AS fundFen,
       COALESCE(SUM(account_fen), 0) AS accountFen, COALESCE(SUM(cash_fen), 0) AS cashFen
     FROM settlements WHERE psn_no = ? AND settled_at >= ? AND status = 'settled'`,
  ),
  // The person's orders come from pay_orders_person, their refunds from refunds_order.
  refunds: db.prepare<[string, string], { at: string; fundFen: number; accountFen: number; cashFen: number }>(
    `SELECT r.created_at AS at, r.fund_fen AS fundFen, r.account_fen AS accountFen, r.cash_fen AS cashFen
     FROM pay_orders o JOIN refunds r ON r.pay_ord_id = o.pay_ord_id
     WHERE o.psn_no = ? AND o.setl_id = ? AND r.ref_status = 'SUCC'
     ORDER BY r.created_at, r.rowid`,
  ),
}));

export function accountSummary(ctx: Ctx, psnNo: string) {
  const person = requirePerson(ctx, psnNo);
  const insurance = activeInsurance(ctx, psnNo);
  const balance = balanceOf(ctx, psnNo);
  const year = Number(shanghaiDate(ctx.now()).slice(0, 4));
  let thisYear = null;
  if (insurance) {
    const used = yearToDate(ctx, psnNo, year);
    try {
      const rule = regionRule(ctx, insurance.regionCode, insurance.insutype, insurance.psnType);
      thisYear = {
        year,
        deductibleFen: rule.deductibleFen,
        deductiblePaidFen: used.deductiblePaidFen,
        capFen: rule.capFen,
        fundPaidFen: used.fundPaidFen,
        pharmacyPooling: rule.pooling.pharmacy,
        outpatientPooling: rule.pooling.outpatient,
      };
    } catch (error) {
      if (!(error instanceof RegionRuleMissing)) throw error;
    }
  }
  return {
    psnNo,
    name: person.name,
    regionCode: person.regionCode,
    regionName: regionName(ctx, person.regionCode),
    insurance: insurance ? insuranceSummary(ctx, insurance) : null,
    hasAccount: balance !== undefined,
    balanceFen: balance ?? null,
    thisYear,
    monthlyCredits: statements(ctx.db)
      .credits.all(psnNo)
      .map((row) => ({
        month:
          /^contribution:(\d{4}-\d{2})$/.exec(row.refId ?? '')?.[1] ??
          shanghaiDate(Date.parse(row.createdAt)).slice(0, 7),
        amountFen: row.amountFen,
      })),
    // The year begins at 00:00 Asia/Shanghai (16:00 UTC the day before).
    yearSpending: {
      year,
      ...statements(ctx.db).spending.get(psnNo, new Date(Date.UTC(year - 1, 11, 31, 16)).toISOString())!,
    },
  };
}

export function accountLedger(ctx: Ctx, psnNo: string, page: { beforeId?: number; limit: number }) {
  requirePerson(ctx, psnNo);
  const balance = balanceOf(ctx, psnNo);
  if (balance === undefined) {
    throw new PlatformRefusal('NO_PERSONAL_ACCOUNT', '该人员没有职工医保个人账户');
  }
  // One row more than asked tells whether another page exists.
  const rows = ledgerPage(ctx, psnNo, { beforeId: page.beforeId, limit: page.limit + 1 });
  const entries = rows.slice(0, page.limit);
  const last = entries[entries.length - 1];
  return {
    balanceFen: balance,
    count: entries.length,
    entries,
    nextBeforeId: rows.length > page.limit && last ? last.id : null,
  };
}

function settlementView(ctx: Ctx, row: SettlementRow) {
  const {
    institutionCode,
    institutionName,
    institutionKind,
    regionCode,
    regionName: region,
    institutionLevel,
    careRule,
    filingId,
    remoteAdjustBp,
    levelAdjustBp,
    ...rest
  } = row;
  const reason = fundZeroReason(row, row.kind === 'pharmacy' ? 'pharmacy' : 'outpatient');
  return {
    ...rest,
    ...(reason ? { fundZeroReason: reason } : {}),
    // An online payment's refunds (6203), each with what went back to the fund, the account
    // and the cash; a refund of the insurance part also shows as the settlement reversed.
    refunds: row.kind === 'mobile' ? statements(ctx.db).refunds.all(row.psnNo, row.setlId) : [],
    // Settlements from before the rules knew levels and filings say nothing of them.
    treatment: careRule
      ? {
          careRule,
          careRegionCode: regionCode,
          careRegionName: region,
          filingId,
          remoteAdjustBp,
          levelAdjustBp,
          institutionLevel,
        }
      : null,
    institution: {
      code: institutionCode,
      name: institutionName,
      kind: institutionKind,
      regionCode,
      regionName: region,
    },
  };
}

/** The month's bounds as settled_at values: 00:00 Asia/Shanghai (16:00 UTC the day before). */
function monthBounds(month: string): [string, string] {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const at = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000).toISOString();
  return [at(year, index), index === 12 ? at(year + 1, 1) : at(year, index + 1)];
}

export function settlementPage(
  ctx: Ctx,
  psnNo: string,
  page: { before?: string; limit: number; month?: string },
) {
  requirePerson(ctx, psnNo);
  const s = statements(ctx.db);
  const cursor = page.before ? s.cursor.get(page.before, psnNo) : undefined;
  if (page.before && !cursor) {
    throw new PlatformRefusal('SETTLEMENT_NOT_FOUND', '分页位置无效：未查询到该结算记录');
  }
  const take = page.limit + 1;
  let rows: SettlementRow[];
  if (page.month) {
    const [from, to] = monthBounds(page.month);
    rows = cursor
      ? s.monthNext.all(psnNo, from, to, cursor.settledAt, cursor.setlId, take)
      : s.monthFirst.all(psnNo, from, to, take);
  } else {
    rows = cursor
      ? s.nextPage.all(psnNo, cursor.settledAt, cursor.setlId, take)
      : s.firstPage.all(psnNo, take);
  }
  const settlements = rows.slice(0, page.limit).map((row) => settlementView(ctx, row));
  const last = settlements[settlements.length - 1];
  return {
    count: settlements.length,
    settlements,
    nextBefore: rows.length > page.limit && last ? last.setlId : null,
  };
}

export function settlementDetail(ctx: Ctx, setlId: string, psnNo?: string) {
  const row = statements(ctx.db).byId.get(setlId);
  if (!row || (psnNo !== undefined && row.psnNo !== psnNo)) {
    throw new PlatformRefusal('SETTLEMENT_NOT_FOUND', '未查询到该结算记录');
  }
  // The lines on the record's own page only: a list page stays one query.
  return { ...settlementView(ctx, row), items: settlementItems(ctx, setlId) };
}
