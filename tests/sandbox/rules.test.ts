// The settlement calculator with worked examples (amounts in fen) under the seeded 绥化
// rules, why the fund paid nothing when it did not, and a property: whatever the basket,
// rule and year so far, the split adds up.
import fc from 'fast-check';

import {
  computeSettlement,
  fundZeroReason,
  type CatalogueClass,
  type RegionRule,
  type SettlementInput,
  type SettlementItem,
  type SettlementSplit,
  type YearToDate,
} from '../../bff/sandbox/insurance/domain/rules';
import { REGION_RULES } from '../../bff/sandbox/insurance/seed';

function rule(regionCode: string, insutype: '310' | '390', psnType: string): RegionRule {
  const found = REGION_RULES.find(
    (r) => r.regionCode === regionCode && r.insutype === insutype && r.psnType === psnType,
  );
  if (!found) throw new Error('no such seeded rule');
  return { deductibleFen: found.deductibleFen, capFen: found.capFen, tiers: found.tiers };
}

const SUIHUA_EMPLOYEE = rule('231200', '310', '11'); // 起付线 200 元; 85 % / 90 % / 95 %
const SUIHUA_RETIREE = rule('231200', '310', '21'); // 起付线 100 元; 90 % / 93 % / 97 %
const SUIHUA_RESIDENT = rule('231200', '390', '');

const FRESH: YearToDate = { deductiblePaidFen: 0, eligibleFen: 0, fundPaidFen: 0 };
const DEDUCTIBLE_MET: YearToDate = { deductiblePaidFen: 20_000, eligibleFen: 0, fundPaidFen: 0 };

function item(
  chrgitmLv: CatalogueClass,
  priceFen: number,
  extra: Partial<SettlementItem> = {},
): SettlementItem {
  const qty = extra.qty ?? 1;
  return {
    code: `T${chrgitmLv}${priceFen}`,
    qty,
    priceFen,
    amountFen: Math.round(qty * priceFen),
    chrgitmLv,
    selfpayPropBp: 0,
    priceLimitFen: null,
    ...extra,
  };
}

function settle(overrides: Partial<SettlementInput> & { items: SettlementItem[] }): SettlementSplit {
  return computeSettlement({
    kind: 'pharmacy',
    insutype: '310',
    rule: SUIHUA_EMPLOYEE,
    pooling: true,
    yearToDate: DEDUCTIBLE_MET,
    useAccount: true,
    accountBalanceFen: 1_000_000,
    ...overrides,
  });
}

describe('computeSettlement: the deductible (起付线)', () => {
  it('takes the first 200 yuan of the year and pays 85 % of the rest', () => {
    const split = settle({ items: [item('01', 30_000)], yearToDate: FRESH });
    expect(split).toEqual({
      totalFen: 30_000,
      fulamtOwnpayFen: 0,
      overlmtFen: 0,
      preselfpayFen: 0,
      inscpFen: 30_000,
      deductibleFen: 20_000,
      fundFen: 8_500,
      poolPropSelfpayFen: 1_500,
      accountFen: 21_500,
      cashFen: 0,
    });
  });

  it('takes only what is left of it this year, and a small purchase may go all into it', () => {
    const partly = { deductiblePaidFen: 15_000, eligibleFen: 0, fundPaidFen: 0 };
    const small = settle({ items: [item('01', 3_000)], yearToDate: partly });
    expect(small).toMatchObject({ deductibleFen: 3_000, fundFen: 0, accountFen: 3_000 });
    const larger = settle({ items: [item('01', 15_000)], yearToDate: partly });
    expect(larger).toMatchObject({ deductibleFen: 5_000, fundFen: 8_500, accountFen: 6_500 });
  });

  it('takes nothing once it has been paid this year', () => {
    expect(settle({ items: [item('01', 10_000)] })).toMatchObject({ deductibleFen: 0, fundFen: 8_500 });
  });
});

describe('computeSettlement: tiered ratios by the year’s cumulative eligible amount', () => {
  it.each([
    ['below 10 000 yuan: 85 %', 0, 8_500],
    ['10 000–50 000 yuan: 90 %', 2_000_000, 9_000],
    ['above 50 000 yuan: 95 %', 6_000_000, 9_500],
  ])('%s', (_name, eligibleFen, fundFen) => {
    const yearToDate = { deductiblePaidFen: 20_000, eligibleFen, fundPaidFen: 0 };
    expect(settle({ items: [item('01', 10_000)], yearToDate }).fundFen).toBe(fundFen);
  });

  it('pays a basket straddling 10 000 yuan at both ratios', () => {
    const yearToDate = { deductiblePaidFen: 20_000, eligibleFen: 990_000, fundPaidFen: 0 };
    // 100 yuan at 85 % + 100 yuan at 90 %.
    expect(settle({ items: [item('01', 20_000)], yearToDate }).fundFen).toBe(8_500 + 9_000);
  });

  it('floors the fund to the fen once, over all brackets', () => {
    const yearToDate = { deductiblePaidFen: 20_000, eligibleFen: 999_997, fundPaidFen: 0 };
    // 3 fen × 85 % + 3 fen × 90 % = 5.25 fen → 5 (flooring each bracket would give 4).
    const split = settle({ items: [item('01', 6)], yearToDate });
    expect(split).toMatchObject({ fundFen: 5, poolPropSelfpayFen: 1, accountFen: 1 });
  });

  it('gives a retiree the higher ratio on the same purchase', () => {
    const retiree = settle({
      rule: SUIHUA_RETIREE,
      items: [item('01', 10_000)],
      yearToDate: { deductiblePaidFen: 10_000, eligibleFen: 0, fundPaidFen: 0 },
    });
    expect(retiree.fundFen).toBe(9_000);
    expect(settle({ items: [item('01', 10_000)] }).fundFen).toBe(8_500);
    expect(settle({ rule: SUIHUA_RETIREE, items: [item('01', 30_000)], yearToDate: FRESH })).toMatchObject({
      deductibleFen: 10_000,
      fundFen: 18_000,
    });
  });
});

describe('computeSettlement: catalogue classes and price limits', () => {
  it('splits 甲, 乙 (self-pay share), 丙 and an amount over the price limit', () => {
    const split = settle({
      items: [
        item('01', 1_250), // 甲: all in policy
        item('02', 2_860, { selfpayPropBp: 1_000 }), // 乙 10 %: 286 self-paid first
        item('03', 2_980), // 丙: all self-paid
        // 乙 15 %, 52.90 yuan against a 47.60 limit, two boxes: 10.60 over the limit,
        // then 15 % of 95.20 = 14.28 self-paid first.
        item('02', 5_290, { qty: 2, selfpayPropBp: 1_500, priceLimitFen: 4_760 }),
      ],
    });
    expect(split).toEqual({
      totalFen: 17_670,
      fulamtOwnpayFen: 2_980,
      overlmtFen: 1_060,
      preselfpayFen: 286 + 1_428,
      inscpFen: 1_250 + 2_574 + 8_092,
      deductibleFen: 0,
      fundFen: 10_128, // 85 % of 119.16 = 101.286 → 101.28
      poolPropSelfpayFen: 11_916 - 10_128,
      accountFen: 17_670 - 10_128,
      cashFen: 0,
    });
  });

  it('rounds the 乙 self-pay share half up to the fen', () => {
    expect(settle({ items: [item('02', 1_230, { selfpayPropBp: 500 })] }).preselfpayFen).toBe(62); // 61.5
    expect(settle({ items: [item('02', 1_229, { selfpayPropBp: 500 })] }).preselfpayFen).toBe(61); // 61.45
  });

  it('leaves an item within its price limit alone', () => {
    const split = settle({ items: [item('01', 890, { priceLimitFen: 1_070 })] });
    expect(split).toMatchObject({ overlmtFen: 0, inscpFen: 890 });
  });
});

describe('computeSettlement: who pays the person’s part', () => {
  it('has a resident pay a pharmacy purchase in cash: no pooling, no account', () => {
    const split = computeSettlement({
      kind: 'pharmacy',
      insutype: '390',
      rule: SUIHUA_RESIDENT,
      pooling: false,
      yearToDate: FRESH,
      useAccount: true,
      accountBalanceFen: null,
      items: [item('01', 1_250), item('02', 2_860, { selfpayPropBp: 1_000 })],
    });
    expect(split).toMatchObject({
      totalFen: 4_110,
      inscpFen: 1_250 + 2_574,
      deductibleFen: 0,
      fundFen: 0,
      poolPropSelfpayFen: 0,
      accountFen: 0,
      cashFen: 4_110,
    });
  });

  it('pays no more than what is left under the yearly cap (封顶线)', () => {
    const nearCap = {
      deductiblePaidFen: 20_000,
      eligibleFen: 9_000_000,
      fundPaidFen: SUIHUA_EMPLOYEE.capFen - 100,
    };
    expect(settle({ items: [item('01', 10_000)], yearToDate: nearCap })).toMatchObject({
      fundFen: 100,
      poolPropSelfpayFen: 9_900,
      accountFen: 9_900,
    });
    const atCap = { ...nearCap, fundPaidFen: SUIHUA_EMPLOYEE.capFen };
    expect(settle({ items: [item('01', 10_000)], yearToDate: atCap })).toMatchObject({
      fundFen: 0,
      accountFen: 10_000,
    });
  });

  it('takes nothing from the account when the person chose not to use it', () => {
    expect(settle({ items: [item('01', 10_000)], useAccount: false })).toMatchObject({
      fundFen: 8_500,
      accountFen: 0,
      cashFen: 1_500,
    });
  });

  it('takes the whole balance and leaves the rest in cash when the balance is short', () => {
    const split = settle({ items: [item('03', 5_000)], accountBalanceFen: 1_800 });
    expect(split).toMatchObject({ fundFen: 0, accountFen: 1_800, cashFen: 3_200 });
  });

  it('refuses amounts that are not whole fen', () => {
    expect(() => settle({ items: [{ ...item('01', 100), amountFen: 10.5 }] })).toThrow(RangeError);
  });
});

describe('fundZeroReason: why the fund paid nothing', () => {
  it('says the region does not pool pharmacy purchases for a resident’s all-cash purchase', () => {
    const split = settle({
      insutype: '390',
      rule: SUIHUA_RESIDENT,
      pooling: false,
      yearToDate: FRESH,
      accountBalanceFen: null,
      items: [item('01', 5_360)],
    });
    expect(split).toMatchObject({ fundFen: 0, accountFen: 0, cashFen: 5_360 });
    expect(fundZeroReason(split, 'pharmacy')).toBe('pharmacy_not_pooled');
    expect(fundZeroReason(split, 'outpatient')).toBe('outpatient_not_pooled');
  });

  it('says every item is 丙类 when nothing is in policy because of the class alone', () => {
    expect(fundZeroReason(settle({ items: [item('03', 2_980), item('03', 1_000)] }), 'pharmacy')).toBe(
      'class_c',
    );
  });

  it('says the items are self-paid parts when 乙类 shares or price limits leave nothing in policy', () => {
    const split = settle({
      items: [
        item('03', 2_980),
        item('02', 1_000, { selfpayPropBp: 10_000 }),
        item('01', 500, { priceLimitFen: 0 }),
      ],
    });
    expect(split.inscpFen).toBe(0);
    expect(fundZeroReason(split, 'pharmacy')).toBe('self_pay_items');
  });

  it('says the 起付线 is not reached when the in-policy amount went to the deductible', () => {
    const split = settle({ items: [item('01', 5_000), item('03', 2_000)], yearToDate: FRESH });
    expect(split).toMatchObject({ fundFen: 0, deductibleFen: 5_000 });
    expect(fundZeroReason(split, 'outpatient')).toBe('deductible');
  });

  it('says the 封顶线 is reached when the eligible amount went unpaid', () => {
    const atCap = { deductiblePaidFen: 20_000, eligibleFen: 9_000_000, fundPaidFen: SUIHUA_EMPLOYEE.capFen };
    const split = settle({ items: [item('01', 10_000)], yearToDate: atCap });
    expect(fundZeroReason(split, 'pharmacy')).toBe('cap_reached');
  });

  it('gives no reason when the fund paid something, or there was nothing to pay', () => {
    expect(fundZeroReason(settle({ items: [item('01', 10_000)] }), 'pharmacy')).toBeUndefined();
    expect(fundZeroReason(settle({ items: [item('01', 0)] }), 'pharmacy')).toBeUndefined();
  });
});

describe('computeSettlement: properties', () => {
  const itemArb = fc
    .record({
      chrgitmLv: fc.constantFrom<CatalogueClass>('01', '02', '03'),
      qty: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constantFrom(0.5, 1.5, 0.25)),
      priceFen: fc.integer({ min: 0, max: 500_000 }),
      selfpayPropBp: fc.integer({ min: 0, max: 10_000 }),
      limitShare: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    })
    .map(({ limitShare, ...it }) => ({
      ...it,
      code: 'P',
      amountFen: Math.round(it.qty * it.priceFen),
      priceLimitFen: limitShare === null ? null : Math.round((it.priceFen * limitShare) / 100),
    }));
  const ruleArb = fc
    .record({
      deductibleFen: fc.integer({ min: 0, max: 200_000 }),
      capFen: fc.integer({ min: 1, max: 50_000_000 }),
      bounds: fc.uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 3 }),
      ratios: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 4, maxLength: 4 }),
    })
    .map(({ deductibleFen, capFen, bounds, ratios }) => {
      const sorted = [...bounds].sort((a, b) => a - b);
      const tiers = [...sorted, null].map((upToFen, i) => ({ upToFen, ratioBp: ratios[i] ?? 0 }));
      return { deductibleFen, capFen, tiers };
    });
  const ytdArb = fc.record({
    deductiblePaidFen: fc.integer({ min: 0, max: 300_000 }),
    eligibleFen: fc.integer({ min: 0, max: 20_000_000 }),
    fundPaidFen: fc.integer({ min: 0, max: 60_000_000 }),
  });

  it('always splits the total into fund + account + cash, none negative, within balance and cap', () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { maxLength: 8 }),
        ruleArb,
        ytdArb,
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
        (items, rule, yearToDate, pooling, useAccount, accountBalanceFen) => {
          const split = computeSettlement({
            kind: 'outpatient',
            insutype: '310',
            items,
            rule,
            pooling,
            yearToDate,
            useAccount,
            accountBalanceFen,
          });
          const total = items.reduce((sum, it) => sum + it.amountFen, 0);
          expect(split.totalFen).toBe(total);
          expect(split.fundFen + split.accountFen + split.cashFen).toBe(total);
          expect(split.fulamtOwnpayFen + split.overlmtFen + split.preselfpayFen + split.inscpFen).toBe(total);
          for (const value of Object.values(split)) {
            expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
          }
          expect(split.accountFen).toBeLessThanOrEqual(useAccount ? (accountBalanceFen ?? 0) : 0);
          expect(split.fundFen).toBeLessThanOrEqual(Math.max(0, rule.capFen - yearToDate.fundPaidFen));
          expect(split.deductibleFen + split.fundFen + split.poolPropSelfpayFen).toBe(
            pooling ? split.inscpFen : 0,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
