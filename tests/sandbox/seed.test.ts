// The demo data: deterministic, re-runnable, complete enough for every path, and
// consistent (valid documents, ledgers that sum to balances, dates relative to the clock).
import { isValidDocument } from '@ybm/shared';

import { openDatabase, type Db } from '../../bff/sandbox/lib/sqlite';
import { ledgerSum } from '../../bff/sandbox/insurance/domain/ledger';
import {
  activeInsurance,
  ageOn,
  findPersonByDocument,
  getPerson,
  regionRule,
} from '../../bff/sandbox/insurance/domain/people';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS, seedDemoData } from '../../bff/sandbox/insurance/seed';

const NOW = Date.parse('2026-03-15T02:00:00Z'); // 10:00 in 绥化
const DAY = 86_400_000;

function setup(now = NOW) {
  const db = openDatabase(':memory:', MIGRATIONS);
  const ctx = { db, now: () => now };
  seedDemoData(ctx);
  return { db, ctx };
}

/** Every row of every table, in a stable order: what "nothing changed" compares. */
function dump(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables
      .filter((name) => name !== 'schema_migrations')
      .map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]),
  );
}

const count = (db: Db, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

describe('seedDemoData', () => {
  it('changes nothing when run again, and writes the same data on another database', () => {
    const { db, ctx } = setup();
    const first = dump(db);
    seedDemoData(ctx);
    expect(dump(db)).toEqual(first);
    expect(dump(setup().db)).toEqual(first);
  });

  it('runs in well under a second', () => {
    const db = openDatabase(':memory:', MIGRATIONS);
    const started = performance.now();
    seedDemoData({ db, now: () => NOW });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('seeds three regions with rules for 在职, 退休 and 居民 each', () => {
    const { db, ctx } = setup();
    expect(db.prepare('SELECT code FROM regions ORDER BY code').pluck().all()).toEqual([
      '231200',
      '330100',
      '610100',
    ]);
    expect(count(db, 'SELECT count(*) FROM region_rules')).toBe(9);
    expect(regionRule(ctx, '231200', '310', '11')).toEqual({
      deductibleFen: 20_000,
      capFen: 15_000_000,
      tiers: [
        { upToFen: 1_000_000, ratioBp: 8_500 },
        { upToFen: 5_000_000, ratioBp: 9_000 },
        { upToFen: null, ratioBp: 9_500 },
      ],
      pooling: { pharmacy: true, outpatient: true },
      levelAdjustBp: {},
      // 异地就医: as at home with a filing, 20 points less without one.
      remote: { filedAdjustBp: 0, unfiledAdjustBp: -2_000 },
    });
    // 西安's employees are paid by the hospital's level; residents are not settled elsewhere unfiled.
    expect(regionRule(ctx, '610100', '310', '11').levelAdjustBp).toEqual({ '3': -300, '1': 500 });
    expect(regionRule(ctx, '231200', '390', '').remote.unfiledAdjustBp).toBeNull();
    expect(regionRule(ctx, '231200', '310', '21').tiers[0]?.ratioBp).toBeGreaterThan(8_500);
    // Residents have one rule for any person type, and pay pharmacy purchases in cash.
    expect(regionRule(ctx, '231200', '390', '').pooling).toEqual({ pharmacy: false, outpatient: true });
  });

  it('seeds 20+ institutions of every kind, some without the e-voucher', () => {
    const { db } = setup();
    expect(count(db, 'SELECT count(*) FROM institutions')).toBeGreaterThanOrEqual(20);
    for (const region of ['231200', '610100', '330100']) {
      const kinds = db
        .prepare('SELECT DISTINCT kind FROM institutions WHERE region_code = ? ORDER BY kind')
        .pluck()
        .all(region);
      expect(kinds).toEqual(['clinic', 'hospital', 'pharmacy']);
    }
    expect(count(db, 'SELECT count(*) FROM institutions WHERE supports_ec = 0')).toBeGreaterThan(0);
    const named = db.prepare(
      'SELECT kind, region_code AS region, supports_ec AS ec FROM institutions WHERE code = ?',
    );
    expect(named.get(DEMO_INSTITUTIONS.pharmacy)).toEqual({ kind: 'pharmacy', region: '231200', ec: 1 });
    expect(named.get(DEMO_INSTITUTIONS.hospital)).toEqual({ kind: 'hospital', region: '231200', ec: 1 });
    expect(named.get(DEMO_INSTITUTIONS.pharmacyWithoutEc)).toMatchObject({ ec: 0 });
  });

  it('seeds 200+ catalogue items across 甲/乙/丙, with 乙 shares of 5–20 % and some price limits', () => {
    const { db } = setup();
    expect(count(db, 'SELECT count(*) FROM catalogue')).toBeGreaterThanOrEqual(200);
    const byClass = db.prepare('SELECT chrgitm_lv, count(*) AS n FROM catalogue GROUP BY chrgitm_lv').all();
    expect(byClass).toHaveLength(3);
    expect(
      db
        .prepare("SELECT DISTINCT selfpay_prop_bp FROM catalogue WHERE chrgitm_lv = '02' ORDER BY 1")
        .pluck()
        .all(),
    ).toEqual([500, 1000, 1500, 2000]);
    expect(count(db, 'SELECT count(*) FROM catalogue WHERE price_limit_fen IS NOT NULL')).toBeGreaterThan(10);
    expect(
      count(db, "SELECT count(*) FROM catalogue WHERE chrgitm_lv <> '02' AND selfpay_prop_bp <> 0"),
    ).toBe(0);
    const stored = db.prepare(
      'SELECT chrgitm_lv AS lv, price_limit_fen AS lim FROM catalogue WHERE code = ?',
    );
    expect(stored.get(DEMO_CATALOGUE.classA.code)).toEqual({ lv: '01', lim: null });
    expect(stored.get(DEMO_CATALOGUE.classC.code)).toMatchObject({ lv: '03' });
    const limited = DEMO_CATALOGUE.classBPriceLimited;
    expect(limited.priceLimitFen).toBeLessThan(limited.priceFen);
  });

  it('has every persona, findable by a valid document', () => {
    const { ctx } = setup();
    for (const persona of Object.values(PERSONAS)) {
      expect(isValidDocument(persona.docType, persona.docNumber)).toBe(true);
      const person = getPerson(ctx, persona.psnNo);
      expect(person).toMatchObject({
        name: persona.name,
        phone: persona.phone,
        regionCode: persona.regionCode,
      });
      const found = findPersonByDocument(ctx, persona.docType, persona.docNumber).map((p) => p.psnNo);
      expect(found).toContain(persona.psnNo);
      expect(activeInsurance(ctx, persona.psnNo)?.insutype).toBe(persona.insutype);
    }
  });

  it('describes each persona in Chinese: the dev login shows no programmer’s key (child, elder, …)', () => {
    const keys = Object.keys(PERSONAS);
    for (const persona of Object.values(PERSONAS)) {
      const words = persona.note.match(/[A-Za-z]+/g) ?? [];
      expect(words.filter((word) => keys.includes(word))).toEqual([]);
    }
  });

  it('keeps every ledger summing to its balance, with twelve monthly contributions for the employee', () => {
    const { db, ctx } = setup();
    const accounts = db.prepare('SELECT psn_no AS psnNo, balance_fen AS balance FROM accounts').all() as {
      psnNo: string;
      balance: number;
    }[];
    expect(accounts.length).toBeGreaterThan(10);
    for (const { psnNo, balance } of accounts) expect(ledgerSum(ctx, psnNo)).toBe(balance);
    const months = db
      .prepare(
        "SELECT substr(created_at, 1, 7) FROM ledger WHERE psn_no = ? AND kind = 'contribution' ORDER BY id",
      )
      .pluck()
      .all(PERSONAS.employee.psnNo);
    // prettier-ignore
    expect(months).toEqual([
      '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08',
      '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02',
    ]);
  });

  it('gives the personas what their paths need', () => {
    const { db, ctx } = setup();
    const today = '2026-03-15';
    const insured = activeInsurance(ctx, PERSONAS.newlyInsured.psnNo)?.insuredDate ?? '';
    expect(Date.parse(today) - Date.parse(insured)).toBeLessThan(60 * DAY);
    for (const key of ['employee', 'retiree', 'resident', 'suspended', 'xian'] as const) {
      const date = activeInsurance(ctx, PERSONAS[key].psnNo)?.insuredDate ?? today;
      expect(Date.parse(today) - Date.parse(date)).toBeGreaterThan(365 * DAY);
    }
    expect(activeInsurance(ctx, PERSONAS.retiree.psnNo)?.psnType).toBe('21');
    expect(activeInsurance(ctx, PERSONAS.suspended.psnNo)?.status).toBe('suspended');
    expect(count(db, 'SELECT count(*) FROM accounts WHERE psn_no = ?', PERSONAS.resident.psnNo)).toBe(0);
    expect(
      count(db, 'SELECT balance_fen FROM accounts WHERE psn_no = ?', PERSONAS.suspended.psnNo),
    ).toBeGreaterThan(0);
    expect(ageOn(getPerson(ctx, PERSONAS.child.psnNo)?.birthDate ?? '', today)).toBeLessThan(16);
    expect(PERSONAS.elder.phone).toBeNull();
    expect(PERSONAS.foreignPassport.docType).toBe('passport');
    expect(PERSONAS.hkMacaoPermit.docType).toBe('hk_macao_permit');
    expect(PERSONAS.xian.regionCode).toBe('610100');
    const dup = PERSONAS.duplicateRecords;
    expect(findPersonByDocument(ctx, dup.docType, dup.docNumber)).toHaveLength(2);
    const members = db
      .prepare(
        "SELECT member_psn_no FROM family_links WHERE owner_psn_no = ? AND status = 'active' ORDER BY id",
      )
      .pluck()
      .all(PERSONAS.parent.psnNo);
    expect(members).toEqual([PERSONAS.child.psnNo, PERSONAS.elder.psnNo]);
    const cards = db.prepare(
      'SELECT status, length(card_sn) AS sn FROM social_cards WHERE psn_no = ? ORDER BY card_no',
    );
    expect(cards.all(PERSONAS.cardReplaced.psnNo)).toEqual([
      { status: 'active', sn: 32 },
      { status: 'revoked', sn: 32 },
    ]);
  });

  it('keeps the demo’s history on a later restart while moving "how long ago" dates with the clock', () => {
    const { db } = setup();
    const psnNo = PERSONAS.employee.psnNo;
    db.prepare(
      "INSERT INTO ledger (psn_no, kind, amount_fen, created_at) VALUES (?, 'payment', -1000, '2026-03-15T03:00:00Z')",
    ).run(psnNo);
    db.prepare('UPDATE accounts SET balance_fen = balance_fen - 1000 WHERE psn_no = ?').run(psnNo);
    const balance = count(db, 'SELECT balance_fen FROM accounts WHERE psn_no = ?', psnNo);

    const later = NOW + 90 * DAY;
    seedDemoData({ db, now: () => later });
    expect(count(db, 'SELECT balance_fen FROM accounts WHERE psn_no = ?', psnNo)).toBe(balance);
    expect(count(db, 'SELECT count(*) FROM ledger WHERE psn_no = ?', psnNo)).toBe(13);
    const insured = db
      .prepare('SELECT insured_date FROM insurance_records WHERE psn_no = ?')
      .pluck()
      .get(PERSONAS.newlyInsured.psnNo) as string;
    expect(insured).toBe(new Date(later - 30 * DAY + 8 * 3_600_000).toISOString().slice(0, 10));
  });
});
