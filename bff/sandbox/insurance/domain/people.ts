// Persons, their documents and insurance records, the regional rule that applies to them,
// and what they have already used this year — the look-ups the 两定, 62xx and channel
// operations share. Read-only; amounts in fen.
import { normaliseDocumentNumber, type DocumentType } from '@ybm/shared';

import type { SandboxContext } from '../context';
import { preparedFor } from './prepared';
import type { RegionRule, YearToDate } from './rules';

type Ctx = Pick<SandboxContext, 'db'>;

export interface PersonRecord {
  psnNo: string;
  name: string;
  gender: '1' | '2';
  birthDate: string; // YYYY-MM-DD
  nationality: string;
  phone: string | null;
  /** out_of_service: the carriers say the reserved phone was stopped or cancelled. */
  phoneStatus: 'in_service' | 'out_of_service';
  regionCode: string;
  /** The document this record was found by (getPerson: the person's first document). */
  docType: DocumentType;
  docNumber: string;
}

export interface InsuranceRecord {
  id: number;
  psnNo: string;
  insutype: '310' | '390';
  psnType: string; // '11' 在职, '21' 退休, '' 城乡居民
  status: 'active' | 'suspended';
  insuredDate: string;
  suspendedDate: string | null;
  regionCode: string;
  empName: string | null;
  civilServant: boolean;
}

export interface Pooling {
  pharmacy: boolean;
  outpatient: boolean;
}

/** Care outside the insured region: points added with a filing, and without one (null: refused). */
export interface RemoteRule {
  filedAdjustBp: number;
  unfiledAdjustBp: number | null;
}

export type RegionRuleWithPooling = RegionRule & {
  pooling: Pooling;
  /** Points added to every ratio by institution level group ('1', '2', '3'). */
  levelAdjustBp: Record<string, number>;
  remote: RemoteRule;
};

export class RegionRuleMissing extends Error {
  constructor(regionCode: string, insutype: string, psnType: string) {
    super(`no regional rule for ${regionCode} ${insutype} ${psnType || '(any)'}`);
    this.name = 'RegionRuleMissing';
  }
}

const PERSON_COLUMNS = `p.psn_no AS psnNo, p.name, p.gender, p.birth_date AS birthDate, p.nationality,
  p.phone, p.phone_status AS phoneStatus, p.region_code AS regionCode, d.doc_type AS docType, d.doc_number AS docNumber`;

const statements = preparedFor((db) => ({
  byDocument: db.prepare<[string, string], PersonRecord>(
    `SELECT ${PERSON_COLUMNS} FROM person_documents d JOIN persons p ON p.psn_no = d.psn_no
     WHERE d.doc_number = ? AND d.doc_type = ? ORDER BY d.id`,
  ),
  person: db.prepare<[string], PersonRecord>(
    `SELECT ${PERSON_COLUMNS} FROM persons p
     JOIN person_documents d ON d.id = (SELECT min(id) FROM person_documents WHERE psn_no = p.psn_no)
     WHERE p.psn_no = ?`,
  ),
  latestInsurance: db.prepare<[string], Omit<InsuranceRecord, 'civilServant'> & { civilServant: number }>(
    `SELECT id, psn_no AS psnNo, insutype, psn_type AS psnType, status, insured_date AS insuredDate,
       suspended_date AS suspendedDate, region_code AS regionCode, emp_name AS empName,
       cvlserv_flag AS civilServant
     FROM insurance_records WHERE psn_no = ? ORDER BY insured_date DESC, id DESC LIMIT 1`,
  ),
  rule: db.prepare<
    [string, string, string],
    {
      deductibleFen: number;
      capFen: number;
      tiersJson: string;
      pharmacy: number;
      outpatient: number;
      levelJson: string;
      filed: number;
      unfiled: number | null;
    }
  >(
    `SELECT deductible_fen AS deductibleFen, cap_fen AS capFen, tiers_json AS tiersJson,
       pharmacy_pooling AS pharmacy, outpatient_pooling AS outpatient, level_adjust_json AS levelJson,
       remote_filed_adjust_bp AS filed, remote_unfiled_adjust_bp AS unfiled
     FROM region_rules WHERE region_code = ? AND insutype = ? AND psn_type IN (?, '')
     ORDER BY psn_type DESC LIMIT 1`,
  ),
  yearSums: db.prepare<
    [string, string, string],
    { kind: string; insutype: string; deductibleFen: number; eligibleFen: number; fundFen: number }
  >(
    `SELECT kind, insutype, SUM(deductible_fen) AS deductibleFen,
       SUM(inscp_fen - deductible_fen) AS eligibleFen, SUM(fund_fen) AS fundFen
     FROM settlements WHERE psn_no = ? AND settled_at >= ? AND settled_at < ? AND status = 'settled'
     GROUP BY kind, insutype`,
  ),
}));

/** Every person record carrying this document (the platform has people with several). */
export function findPersonByDocument(ctx: Ctx, docType: DocumentType, docNumber: string): PersonRecord[] {
  return statements(ctx.db).byDocument.all(normaliseDocumentNumber(docNumber), docType);
}

export function getPerson(ctx: Ctx, psnNo: string): PersonRecord | undefined {
  return statements(ctx.db).person.get(psnNo);
}

/** The person's latest insurance record, whatever its status (callers check `status`). */
export function activeInsurance(ctx: Ctx, psnNo: string): InsuranceRecord | undefined {
  const row = statements(ctx.db).latestInsurance.get(psnNo);
  return row && { ...row, civilServant: row.civilServant === 1 };
}

/** The rule for this person type, or the region's rule for any person type of that insurance. */
export function regionRule(
  ctx: Ctx,
  regionCode: string,
  insutype: '310' | '390',
  psnType: string,
): RegionRuleWithPooling {
  const row = statements(ctx.db).rule.get(regionCode, insutype, psnType);
  if (!row) throw new RegionRuleMissing(regionCode, insutype, psnType);
  return {
    deductibleFen: row.deductibleFen,
    capFen: row.capFen,
    tiers: JSON.parse(row.tiersJson) as RegionRule['tiers'],
    pooling: { pharmacy: row.pharmacy === 1, outpatient: row.outpatient === 1 },
    levelAdjustBp: JSON.parse(row.levelJson) as Record<string, number>,
    remote: { filedAdjustBp: row.filed, unfiledAdjustBp: row.unfiled },
  };
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Asia/Shanghai (no daylight saving) at an epoch-ms instant. */
export function shanghaiDate(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The insurance year is the calendar year in Asia/Shanghai; *_at columns hold UTC ISO times. */
function yearBounds(year: number): [string, string] {
  const start = (y: number) => new Date(Date.UTC(y, 0, 1) - SHANGHAI_OFFSET_MS).toISOString();
  return [start(year), start(year + 1)];
}

/**
 * What the person has used of this year's rules, from their settled settlements. A
 * settlement made where pooling did not apply (e.g. a resident's cash purchase at a
 * pharmacy) adds nothing to the tiers, so its in-policy amount is left out.
 */
export function yearToDate(ctx: Ctx, psnNo: string, year: number): YearToDate {
  const [from, to] = yearBounds(year);
  const groups = statements(ctx.db).yearSums.all(psnNo, from, to);
  const totals: YearToDate = { deductiblePaidFen: 0, eligibleFen: 0, fundPaidFen: 0 };
  if (groups.length === 0) return totals;
  const insurance = activeInsurance(ctx, psnNo);
  for (const group of groups) {
    totals.deductiblePaidFen += group.deductibleFen;
    totals.fundPaidFen += group.fundFen;
    if (pooled(ctx, insurance, group.insutype, group.kind)) totals.eligibleFen += group.eligibleFen;
  }
  return totals;
}

function pooled(ctx: Ctx, insurance: InsuranceRecord | undefined, insutype: string, kind: string): boolean {
  if (!insurance || (insutype !== '310' && insutype !== '390')) return false;
  const psnType = insutype === insurance.insutype ? insurance.psnType : '';
  try {
    const { pooling } = regionRule(ctx, insurance.regionCode, insutype, psnType);
    // A mobile (in-consultation) payment is an outpatient visit paid online.
    return kind === 'pharmacy' ? pooling.pharmacy : pooling.outpatient;
  } catch (error) {
    if (error instanceof RegionRuleMissing) return false;
    throw error;
  }
}
