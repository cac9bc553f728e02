// What would I pay, and 异地就医备案 honoured by settlements (domain/estimate.ts, treatment.ts,
// settle.ts): an estimate equals the settlement of the same basket at the same institution the
// same day, for every kind of place and rule (own region, a level rule, 异地 filed and not);
// a filing changes what a settlement in the care region pays, and a region that refuses to
// settle without one refuses.
import { estimate } from '../../bff/sandbox/insurance/domain/estimate';
import { fileRemoteCare, cancelRemoteCare } from '../../bff/sandbox/insurance/domain/remote-care';
import { settle, SettlementRefusal } from '../../bff/sandbox/insurance/domain/settle';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS, seedDemoData } from '../../bff/sandbox/insurance/seed';
import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { PlatformRefusal } from '../../bff/sandbox/insurance/channel/operation';

const NOW = Date.parse('2026-06-01T02:00:00Z');

function setup() {
  let counter = 0;
  const db = openDatabase(':memory:', MIGRATIONS);
  const ctx = {
    db,
    now: () => NOW,
    random: (size: number) => {
      counter += 1;
      return Uint8Array.from({ length: size }, (_, i) => (counter * 31 + i * 7) % 256);
    },
  };
  seedDemoData(ctx);
  let visit = 0;
  /** A real settlement (as 2102/2207 write it) of `qty` × the item at `institution`. */
  const settleBasket = (
    psnNo: string,
    institution: string,
    item: typeof DEMO_CATALOGUE.classA,
    qty: number,
  ) => {
    visit += 1;
    const kind = institution.charAt(6) === 'P' ? ('pharmacy' as const) : ('outpatient' as const);
    return settle(ctx, {
      kind,
      psnNo,
      fixmedinsCode: institution,
      mdtrtId: `MD${visit}`,
      certType: '02',
      useAccount: true,
      items: [
        {
          code: item.code,
          qty,
          priceFen: item.priceFen,
          amountFen: Math.round(qty * item.priceFen),
          chrgitmLv: item.chrgitmLv,
          selfpayPropBp: item.selfpayPropBp,
          priceLimitFen: item.priceLimitFen,
        },
      ],
    });
  };
  const estimateOf = (psnNo: string, institution: string, item: typeof DEMO_CATALOGUE.classA, qty: number) =>
    estimate(ctx, { psnNo, code: item.code, qty, institutionCode: institution, useAccount: true });
  return { ctx, settleBasket, estimateOf };
}

const PARTS = [
  'totalFen',
  'fundFen',
  'accountFen',
  'cashFen',
  'inscpFen',
  'deductibleFen',
  'preselfpayFen',
  'overlmtFen',
  'fulamtOwnpayFen',
] as const;

describe('an estimate', () => {
  const cases: [string, string, string, typeof DEMO_CATALOGUE.classA, number][] = [
    [
      'an employee at their own pharmacy, 甲类',
      PERSONAS.employee.psnNo,
      DEMO_INSTITUTIONS.pharmacy,
      DEMO_CATALOGUE.classA,
      30,
    ],
    [
      'an employee at their own 三甲 hospital, 乙类 over its price limit',
      PERSONAS.employee.psnNo,
      DEMO_INSTITUTIONS.hospital,
      DEMO_CATALOGUE.classBPriceLimited,
      8,
    ],
    [
      'a 西安 employee at a 三级 hospital (西安 pays 3 points less there)',
      PERSONAS.xian.psnNo,
      DEMO_INSTITUTIONS.xianHospital,
      DEMO_CATALOGUE.classB,
      12,
    ],
    [
      'a 绥化 employee in 西安 without a filing',
      PERSONAS.employee.psnNo,
      DEMO_INSTITUTIONS.xianPharmacy,
      DEMO_CATALOGUE.classA,
      30,
    ],
    [
      'a resident at their own pharmacy (cash only)',
      PERSONAS.resident.psnNo,
      DEMO_INSTITUTIONS.pharmacy,
      DEMO_CATALOGUE.classC,
      2,
    ],
  ];
  it.each(cases)('equals the settlement of the same basket: %s', (_what, psnNo, institution, item, qty) => {
    const { estimateOf, settleBasket } = setup();
    // Twice: the second after the first settled, so the year-to-date moved for both alike.
    for (let round = 0; round < 2; round += 1) {
      const estimated = estimateOf(psnNo, institution, item, qty);
      const settled = settleBasket(psnNo, institution, item, qty);
      for (const part of PARTS) expect([part, estimated[part]]).toEqual([part, settled.split[part]]);
      const { careRegionName: _name, ...treatment } = estimated.treatment;
      expect(settled.treatment).toEqual(treatment);
    }
  });

  it('says which rule applied: the level rule and the 异地 adjustment', () => {
    const { estimateOf } = setup();
    expect(
      estimateOf(PERSONAS.xian.psnNo, DEMO_INSTITUTIONS.xianHospital, DEMO_CATALOGUE.classA, 1).treatment,
    ).toMatchObject({
      careRule: 'local',
      levelAdjustBp: -300,
      institutionLevel: '三级甲等',
    });
    expect(
      estimateOf(PERSONAS.employee.psnNo, DEMO_INSTITUTIONS.xianPharmacy, DEMO_CATALOGUE.classA, 1).treatment,
    ).toMatchObject({
      careRule: 'not_filed',
      remoteAdjustBp: -2000,
      careRegionName: '西安市',
    });
  });

  it('refuses an item not in force, and one without a price to go by', () => {
    const { ctx } = setup();
    const refusal = (input: Partial<Parameters<typeof estimate>[1]>) => {
      try {
        estimate(ctx, {
          psnNo: PERSONAS.employee.psnNo,
          code: DEMO_CATALOGUE.classA.code,
          qty: 1,
          useAccount: true,
          ...input,
        });
      } catch (error) {
        return error instanceof PlatformRefusal ? error.code : String(error);
      }
      return 'ok';
    };
    expect(refusal({ code: DEMO_CATALOGUE.retired.code })).toBe('CATALOGUE_ITEM_NOT_FOUND');
    expect(refusal({ institutionCode: '999999P99999' })).toBe('INSTITUTION_NOT_FOUND');
    expect(refusal({})).toBe('ok');
  });
});

describe('settlements honour 异地就医备案', () => {
  const inXian = {
    careRegionCode: '610100',
    reason: 'temporary' as const,
    beginDate: '2026-05-01',
    endDate: '2026-08-31',
  };

  it('pays a 绥化 employee in 西安 at the non-filed ratio without a filing, and at the filed one with it', () => {
    const { ctx, settleBasket } = setup();
    const psnNo = PERSONAS.employee.psnNo;
    // Past the 起付线 first, at home, so both settlements below are paid by the ratio alone.
    settleBasket(psnNo, DEMO_INSTITUTIONS.pharmacy, DEMO_CATALOGUE.classA, 30);
    const without = settleBasket(psnNo, DEMO_INSTITUTIONS.xianPharmacy, DEMO_CATALOGUE.classA, 10);
    expect(without.split.deductibleFen).toBe(0);
    const filing = fileRemoteCare(ctx, { psnNo, ...inXian });
    const withFiling = settleBasket(psnNo, DEMO_INSTITUTIONS.xianPharmacy, DEMO_CATALOGUE.classA, 10);
    // 绥化 employees: 85 % at home and with a filing, 20 points less without one.
    expect(without.fundFen).toBe(Math.floor((without.split.inscpFen * 6500) / 10_000));
    expect(withFiling.fundFen).toBe(Math.floor((withFiling.split.inscpFen * 8500) / 10_000));
    expect(withFiling.fundFen).toBeGreaterThan(without.fundFen);
    const rows = ctx.db
      .prepare(
        'SELECT care_rule AS rule, filing_id AS filingId, remote_adjust_bp AS bp FROM settlements WHERE setl_id IN (?, ?) ORDER BY settled_at, rowid',
      )
      .all(without.setlId, withFiling.setlId);
    expect(rows).toEqual([
      { rule: 'not_filed', filingId: null, bp: -2000 },
      { rule: 'filed', filingId: filing.filingId, bp: 0 },
    ]);
    // Cancelled, the filing no longer applies.
    cancelRemoteCare(ctx, psnNo, filing.filingId);
    const after = settleBasket(psnNo, DEMO_INSTITUTIONS.xianPharmacy, DEMO_CATALOGUE.classA, 10);
    expect(after.fundFen).toBe(without.fundFen);
  });

  it('refuses a 杭州 employee in 西安 without a filing, and settles with one', () => {
    const { ctx, settleBasket } = setup();
    const psnNo = PERSONAS.hangzhou.psnNo;
    expect(() => settleBasket(psnNo, DEMO_INSTITUTIONS.xianHospital, DEMO_CATALOGUE.classA, 2)).toThrow(
      SettlementRefusal,
    );
    try {
      settleBasket(psnNo, DEMO_INSTITUTIONS.xianHospital, DEMO_CATALOGUE.classA, 2);
    } catch (error) {
      expect((error as SettlementRefusal).code).toBe('REMOTE_CARE_NOT_FILED');
    }
    fileRemoteCare(ctx, { psnNo, ...inXian });
    expect(settleBasket(psnNo, DEMO_INSTITUTIONS.xianHospital, DEMO_CATALOGUE.classA, 2).status).toBe(
      'settled',
    );
  });

  it('applies a filing only inside its period and in its care region', () => {
    const { ctx, settleBasket } = setup();
    const psnNo = PERSONAS.hangzhou.psnNo;
    fileRemoteCare(ctx, { psnNo, ...inXian, beginDate: '2026-07-01' });
    expect(() => settleBasket(psnNo, DEMO_INSTITUTIONS.xianHospital, DEMO_CATALOGUE.classA, 2)).toThrow(
      SettlementRefusal,
    );
    expect(() => settleBasket(psnNo, DEMO_INSTITUTIONS.hospital, DEMO_CATALOGUE.classA, 2)).toThrow(
      SettlementRefusal,
    );
  });
});
