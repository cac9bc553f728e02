// What a person has used of this year's rules, from their settled settlements: the
// deductible, the eligible amount for the tiers and the fund (for the cap).
import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { regionRule, RegionRuleMissing, yearToDate } from '../../bff/sandbox/insurance/domain/people';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { DEMO_INSTITUTIONS, PERSONAS, seedDemoData } from '../../bff/sandbox/insurance/seed';

function setup() {
  const db = openDatabase(':memory:', MIGRATIONS);
  const ctx = { db, now: () => Date.parse('2026-03-15T02:00:00Z') };
  seedDemoData(ctx);
  let serial = 0;
  /** A settlement row as the counter flows write it (only the columns that matter here). */
  const settlement = (row: {
    psnNo: string;
    kind: 'pharmacy' | 'outpatient' | 'mobile';
    insutype?: '310' | '390';
    settledAt: string;
    inscp: number;
    deductible: number;
    fund: number;
    status?: 'settled' | 'reversed';
  }) => {
    serial += 1;
    const total = row.inscp + 500;
    db.prepare(
      `INSERT INTO settlements (setl_id, mdtrt_id, psn_no, fixmedins_code, kind, status, insutype, cert_type,
         total_fen, fund_fen, account_fen, cash_fen, fulamt_ownpay_fen, overlmt_fen, preselfpay_fen, inscp_fen,
         deductible_fen, settled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, '01', ?, ?, 0, ?, 500, 0, 0, ?, ?, ?)`,
    ).run(
      `S${serial}`,
      `M${serial}`,
      row.psnNo,
      DEMO_INSTITUTIONS.pharmacy,
      row.kind,
      row.status ?? 'settled',
      row.insutype ?? '310',
      total,
      row.fund,
      total - row.fund,
      row.inscp,
      row.deductible,
      row.settledAt,
    );
  };
  return { ctx, settlement };
}

describe('yearToDate', () => {
  it('sums this year’s settled settlements by Beijing calendar year and leaves reversed ones out', () => {
    const { ctx, settlement } = setup();
    const psnNo = PERSONAS.employee.psnNo;
    settlement({
      psnNo,
      kind: 'pharmacy',
      settledAt: '2026-02-03T02:00:00.000Z',
      inscp: 30_000,
      deductible: 20_000,
      fund: 8_500,
    });
    // 00:30 on 1 January in Beijing: this year, although still 2025 in UTC.
    settlement({
      psnNo,
      kind: 'outpatient',
      settledAt: '2025-12-31T16:30:00.000Z',
      inscp: 4_000,
      deductible: 0,
      fund: 3_400,
    });
    settlement({
      psnNo,
      kind: 'outpatient',
      settledAt: '2025-12-31T15:30:00.000Z',
      inscp: 9_999,
      deductible: 0,
      fund: 9_999,
    });
    settlement({
      psnNo,
      kind: 'mobile',
      settledAt: '2026-03-01T02:00:00.000Z',
      inscp: 7_000,
      deductible: 0,
      fund: 5_950,
      status: 'reversed',
    });

    expect(yearToDate(ctx, psnNo, 2026)).toEqual({
      deductiblePaidFen: 20_000,
      eligibleFen: 10_000 + 4_000,
      fundPaidFen: 8_500 + 3_400,
    });
    expect(yearToDate(ctx, psnNo, 2025).fundPaidFen).toBe(9_999);
    expect(yearToDate(ctx, PERSONAS.retiree.psnNo, 2026)).toEqual({
      deductiblePaidFen: 0,
      eligibleFen: 0,
      fundPaidFen: 0,
    });
  });

  it('does not count a purchase that pooling did not cover toward the tiers', () => {
    const { ctx, settlement } = setup();
    const psnNo = PERSONAS.resident.psnNo;
    // A resident's cash purchase at a pharmacy (no pooling there), then a pooled clinic visit.
    settlement({
      psnNo,
      kind: 'pharmacy',
      insutype: '390',
      settledAt: '2026-01-10T02:00:00.000Z',
      inscp: 3_824,
      deductible: 0,
      fund: 0,
    });
    settlement({
      psnNo,
      kind: 'outpatient',
      insutype: '390',
      settledAt: '2026-02-10T02:00:00.000Z',
      inscp: 40_000,
      deductible: 30_000,
      fund: 6_000,
    });
    expect(yearToDate(ctx, psnNo, 2026)).toEqual({
      deductiblePaidFen: 30_000,
      eligibleFen: 10_000,
      fundPaidFen: 6_000,
    });
  });
});

describe('regionRule', () => {
  it('uses the rule for the person type, or the region’s rule for any person type', () => {
    const { ctx } = setup();
    expect(regionRule(ctx, '610100', '310', '21').deductibleFen).toBe(10_000);
    expect(regionRule(ctx, '610100', '390', '').pooling.pharmacy).toBe(false);
    expect(regionRule(ctx, '330100', '310', '11').pooling).toEqual({ pharmacy: false, outpatient: true });
    expect(() => regionRule(ctx, '110100', '310', '11')).toThrow(RegionRuleMissing);
    expect(() => regionRule(ctx, '231200', '310', '99')).toThrow(RegionRuleMissing);
  });
});
