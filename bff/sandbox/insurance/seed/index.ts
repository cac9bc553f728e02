// Demo data for the insurance sandbox: regions and rules, institutions, the catalogue and
// the personas. Deterministic and re-runnable: reference data is upserted by stable ids;
// what people do with it (accounts and their ledgers, family links) is created once and
// never reset, so restarting the sandbox keeps the demo's history.
import { createHash } from 'node:crypto';

import { inTransaction } from '../../lib/sqlite';
import type { SandboxContext } from '../context';
import { isoNow } from '../context';
import { preparedFor } from '../domain/prepared';
import { shanghaiDate } from '../domain/people';
import { CATALOGUE_SEEDS } from './catalogue';
import { initialsOf } from './initials';
import { INSTITUTIONS } from './institutions';
import { FAMILY_SEEDS, PERSONA_SEEDS, PERSONAS, type PersonaSeed } from './personas';
import { REGION_RULES, REGIONS } from './regions';

export { CATALOGUE_SEEDS, DEMO_CATALOGUE, type CatalogueSeed } from './catalogue';
export { initialsOf } from './initials';
export { DEMO_INSTITUTIONS, INSTITUTIONS } from './institutions';
export { PERSONAS, PERSONA_SEEDS, residentId, type Persona, type PersonaKey } from './personas';
export { REGION_RULES, REGIONS } from './regions';

type Ctx = Pick<SandboxContext, 'db' | 'now'>;

const DAY_MS = 86_400_000;

const statements = preparedFor((db) => ({
  region: db.prepare(`INSERT INTO regions (code, name, province) VALUES (@code, @name, @province)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, province = excluded.province`),
  rule: db.prepare(`INSERT INTO region_rules (region_code, insutype, psn_type, deductible_fen, cap_fen,
      tiers_json, pharmacy_pooling, outpatient_pooling, level_adjust_json, remote_filed_adjust_bp,
      remote_unfiled_adjust_bp)
    VALUES (@regionCode, @insutype, @psnType, @deductibleFen, @capFen, @tiersJson, @pharmacy, @outpatient,
      @levelAdjustJson, @remoteFiledAdjustBp, @remoteUnfiledAdjustBp)
    ON CONFLICT (region_code, insutype, psn_type) DO UPDATE SET deductible_fen = excluded.deductible_fen,
      cap_fen = excluded.cap_fen, tiers_json = excluded.tiers_json,
      pharmacy_pooling = excluded.pharmacy_pooling, outpatient_pooling = excluded.outpatient_pooling,
      level_adjust_json = excluded.level_adjust_json, remote_filed_adjust_bp = excluded.remote_filed_adjust_bp,
      remote_unfiled_adjust_bp = excluded.remote_unfiled_adjust_bp`),
  institution: db.prepare(`INSERT INTO institutions (code, name, kind, level, region_code, address, lat, lng,
      phone, supports_ec)
    VALUES (@code, @name, @kind, @level, @regionCode, @address, @lat, @lng, @phone, @supportsEc)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, level = excluded.level,
      region_code = excluded.region_code, address = excluded.address, lat = excluded.lat, lng = excluded.lng,
      phone = excluded.phone, supports_ec = excluded.supports_ec`),
  catalogue: db.prepare(`INSERT INTO catalogue (code, name, category, chrgitm_lv, selfpay_prop_bp,
      price_limit_fen, spec, unit, begin_date, end_date, med_chrgitm_type, lmt_used_flag, lmt_used_desc,
      initials, ref_price_fen)
    VALUES (@code, @name, @category, @chrgitmLv, @selfpayPropBp, @priceLimitFen, @spec, @unit, @beginDate,
      @endDate, @medChrgitmType, @lmtUsedFlag, @lmtUsedDesc, @initials, @priceFen)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, category = excluded.category,
      chrgitm_lv = excluded.chrgitm_lv, selfpay_prop_bp = excluded.selfpay_prop_bp,
      price_limit_fen = excluded.price_limit_fen, spec = excluded.spec, unit = excluded.unit,
      begin_date = excluded.begin_date, end_date = excluded.end_date,
      med_chrgitm_type = excluded.med_chrgitm_type, lmt_used_flag = excluded.lmt_used_flag,
      lmt_used_desc = excluded.lmt_used_desc, initials = excluded.initials,
      ref_price_fen = excluded.ref_price_fen`),
  person: db.prepare(`INSERT INTO persons (psn_no, name, gender, birth_date, nationality, phone, phone_status,
      region_code, created_at)
    VALUES (@psnNo, @name, @gender, @birthDate, @nationality, @phone, @phoneStatus, @regionCode, @createdAt)
    ON CONFLICT (psn_no) DO UPDATE SET name = excluded.name, gender = excluded.gender,
      birth_date = excluded.birth_date, nationality = excluded.nationality, phone = excluded.phone,
      phone_status = excluded.phone_status, region_code = excluded.region_code`),
  document: db.prepare(`INSERT INTO person_documents (id, psn_no, doc_type, doc_number)
    VALUES (@id, @psnNo, @docType, @docNumber)
    ON CONFLICT (id) DO UPDATE SET psn_no = excluded.psn_no, doc_type = excluded.doc_type,
      doc_number = excluded.doc_number`),
  insurance: db.prepare(`INSERT INTO insurance_records (id, psn_no, insutype, psn_type, status, insured_date,
      suspended_date, region_code, emp_name, cvlserv_flag)
    VALUES (@id, @psnNo, @insutype, @psnType, @status, @insuredDate, @suspendedDate, @regionCode, @empName, 0)
    ON CONFLICT (id) DO UPDATE SET psn_no = excluded.psn_no, insutype = excluded.insutype,
      psn_type = excluded.psn_type, status = excluded.status, insured_date = excluded.insured_date,
      suspended_date = excluded.suspended_date, region_code = excluded.region_code, emp_name = excluded.emp_name`),
  card: db.prepare(`INSERT INTO social_cards (card_no, card_sn, psn_no, status)
    VALUES (@cardNo, @cardSn, @psnNo, @status)
    ON CONFLICT (card_no) DO UPDATE SET card_sn = excluded.card_sn, psn_no = excluded.psn_no,
      status = excluded.status`),
  // Accounts, ledgers and family links are the demo's own history: created once, never reset.
  account: db.prepare(`INSERT INTO accounts (psn_no, balance_fen, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (psn_no) DO NOTHING`),
  contribution: db.prepare(`INSERT INTO ledger (psn_no, kind, amount_fen, ref_type, ref_id, memo, created_at)
    VALUES (?, 'contribution', ?, 'seed', ?, ?, ?)`),
  family: db.prepare(`INSERT INTO family_links (id, owner_psn_no, member_psn_no, relation, status, created_at)
    VALUES (?, ?, ?, ?, 'active', ?) ON CONFLICT DO NOTHING`),
}));

/** Moves a YYYY-MM-DD date by whole months (to a day that exists in every month). */
function monthsBefore(date: string, months: number, day: number): string {
  const start = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - months);
  return `${start.toISOString().slice(0, 8)}${String(day).padStart(2, '0')}`;
}

/** 09:00 Asia/Shanghai on a date, as the ISO time the *_at columns hold. */
function morningOf(date: string): string {
  return new Date(`${date}T01:00:00.000Z`).toISOString();
}

function insuredDate(seed: PersonaSeed, nowMs: number): string {
  return typeof seed.insured === 'string'
    ? seed.insured
    : shanghaiDate(nowMs - seed.insured.daysBeforeNow * DAY_MS);
}

/**
 * Monthly credits on the 10th for the twelve months before now (or before the suspension),
 * none before the insured date; someone insured this month gets one credit 15 days in.
 */
export function contributionDates(seed: PersonaSeed, nowMs: number): string[] {
  const today = shanghaiDate(nowMs);
  const insured = insuredDate(seed, nowMs);
  const anchor = seed.suspendedDate ?? today;
  const dates: string[] = [];
  for (let k = 12; k >= 1; k -= 1) {
    const date = monthsBefore(anchor, k, 10);
    if (date >= insured) dates.push(date);
  }
  if (dates.length === 0) {
    const first = shanghaiDate(Date.parse(`${insured}T00:00:00Z`) + 15 * DAY_MS);
    if (first <= today) dates.push(first);
  }
  return dates;
}

/** A 32-character card identification code (卡识别码), stable per card number. */
function cardSn(regionCode: string, cardNo: string): string {
  const digest = createHash('sha256').update(cardNo).digest('hex').slice(0, 16).toUpperCase();
  return `${regionCode}D156000005${digest}`;
}

function seedPerson(ctx: Ctx, s: ReturnType<typeof statements>, seed: PersonaSeed, index: number): void {
  const nowMs = ctx.now();
  s.person.run({ ...seed, phoneStatus: seed.phoneStatus ?? 'in_service', createdAt: isoNow(ctx) });
  s.document.run({ id: index + 1, psnNo: seed.psnNo, docType: seed.docType, docNumber: seed.docNumber });
  s.insurance.run({
    id: index + 1,
    psnNo: seed.psnNo,
    insutype: seed.insutype,
    psnType: seed.psnType,
    status: seed.status,
    insuredDate: insuredDate(seed, nowMs),
    suspendedDate: seed.suspendedDate,
    regionCode: seed.regionCode,
    empName: seed.empName,
  });
  if (seed.card) {
    const { cardNo, replaced } = seed.card;
    s.card.run({ cardNo, cardSn: cardSn(seed.regionCode, cardNo), psnNo: seed.psnNo, status: 'active' });
    if (replaced) {
      s.card.run({
        cardNo: replaced,
        cardSn: cardSn(seed.regionCode, replaced),
        psnNo: seed.psnNo,
        status: 'revoked',
      });
    }
  }
  if (seed.monthlyCreditFen !== null) {
    const dates = contributionDates(seed, nowMs);
    const balance = seed.monthlyCreditFen * dates.length;
    const lastAt = morningOf(dates[dates.length - 1] ?? shanghaiDate(nowMs));
    if (s.account.run(seed.psnNo, balance, lastAt).changes === 1) {
      for (const date of dates) {
        const month = date.slice(0, 7);
        const memo = `${month} 个人账户划入`;
        s.contribution.run(seed.psnNo, seed.monthlyCreditFen, `contribution:${month}`, memo, morningOf(date));
      }
    }
  }
}

/** Writes the demo data in one transaction; running it again with the same clock changes nothing. */
export function seedDemoData(ctx: Ctx): void {
  const s = statements(ctx.db);
  inTransaction(ctx.db, () => {
    for (const region of REGIONS) s.region.run(region);
    for (const rule of REGION_RULES) {
      s.rule.run({
        ...rule,
        tiersJson: JSON.stringify(rule.tiers),
        pharmacy: rule.pharmacyPooling ? 1 : 0,
        outpatient: rule.outpatientPooling ? 1 : 0,
        levelAdjustJson: JSON.stringify(rule.levelAdjustBp ?? {}),
        remoteFiledAdjustBp: rule.remote.filedAdjustBp,
        remoteUnfiledAdjustBp: rule.remote.unfiledAdjustBp,
      });
    }
    for (const institution of INSTITUTIONS) {
      s.institution.run({ ...institution, supportsEc: institution.supportsEc ? 1 : 0 });
    }
    // Initials once per name: many items share one (specs and packs).
    const initials = new Map<string, string>();
    for (const item of CATALOGUE_SEEDS) {
      let ofName = initials.get(item.name);
      if (ofName === undefined) initials.set(item.name, (ofName = initialsOf(item.name)));
      s.catalogue.run({ ...item, lmtUsedFlag: item.lmtUsedDesc ? 1 : 0, initials: ofName });
    }
    PERSONA_SEEDS.forEach((seed, index) => seedPerson(ctx, s, seed, index));
    for (const link of FAMILY_SEEDS) {
      const owner = PERSONAS[link.owner].psnNo;
      s.family.run(link.id, owner, PERSONAS[link.member].psnNo, link.relation, isoNow(ctx));
    }
  });
}
