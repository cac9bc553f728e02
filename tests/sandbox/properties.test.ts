// Property tests of settlement writing (domain/settle.ts) with fast-check: whatever the
// sequence of settlements, reversals (2103/2208, and 6203 refunds, which reverse the same
// way), reinstatements (2601 of a reversal), contributions and passing days, no balance
// goes negative, every settlement has fund + account + cash = total, the ledger sums to
// the balance, and the balance is exactly the opening balance plus contributions minus the
// account parts of the settlements that stand.
import { createHash } from 'node:crypto';

import fc from 'fast-check';

import { post } from '../../bff/sandbox/insurance/domain/ledger';
import type { SettlementItem } from '../../bff/sandbox/insurance/domain/rules';
import {
  reinstateSettlement,
  reverseSettlement,
  settle,
  SettlementRefusal,
  type SettlementKind,
} from '../../bff/sandbox/insurance/domain/settle';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { CATALOGUE_SEEDS, DEMO_INSTITUTIONS, PERSONAS, seedDemoData } from '../../bff/sandbox/insurance/seed';
import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { testChannel } from '../support/keys';

const PEOPLE = [
  PERSONAS.employee,
  PERSONAS.retiree,
  PERSONAS.resident,
  PERSONAS.lowBalance,
  PERSONAS.elder,
  PERSONAS.xian,
];
const INSTITUTION: Record<string, string> = {
  '231200': DEMO_INSTITUTIONS.pharmacy,
  '610100': DEMO_INSTITUTIONS.xianPharmacy,
};
const ITEMS = CATALOGUE_SEEDS.filter((item) => item.endDate === null);
const DAY = 24 * 3600_000;

function seededRandom() {
  let counter = 0;
  return (size: number) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i += 32) {
      out.set(
        createHash('sha256')
          .update(`p-${counter++}`)
          .digest()
          .subarray(0, Math.min(32, size - i)),
        i,
      );
    }
    return out;
  };
}

function setup() {
  let clock = Date.parse('2025-11-20T02:00:00Z');
  const db = openDatabase(':memory:', MIGRATIONS);
  const ctx = { db, now: () => clock, random: seededRandom(), platformKeys: testChannel().platformKeys };
  seedDemoData(ctx);
  const balance = (psnNo: string) =>
    db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(psnNo) as number | undefined;
  return { ctx, db, balance, advance: (ms: number) => (clock += ms) };
}

const line = fc.record({ item: fc.nat({ max: ITEMS.length - 1 }), qty: fc.integer({ min: 1, max: 6 }) });
const op = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('settle' as const),
      person: fc.nat({ max: PEOPLE.length - 1 }),
      kind: fc.constantFrom<SettlementKind>('pharmacy', 'outpatient', 'mobile'),
      lines: fc.array(line, { minLength: 1, maxLength: 6 }),
      useAccount: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reinstate' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('contribute' as const),
      person: fc.nat({ max: PEOPLE.length - 1 }),
      fen: fc.integer({ min: 1, max: 50_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 60 }) }),
  },
);

describe('settlement writing under any sequence of operations', () => {
  it('keeps balances ≥ 0, every split whole, and the ledger equal to the balance', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const { ctx, db, balance, advance } = setup();
        const opening = new Map(PEOPLE.map((person) => [person.psnNo, balance(person.psnNo)]));
        const contributed = new Map<string, number>();
        const setlIds: string[] = [];
        let serial = 0;
        try {
          for (const step of ops) {
            if (step.type === 'settle') {
              const person = PEOPLE[step.person] ?? PERSONAS.employee;
              const items: SettlementItem[] = step.lines.map(({ item, qty }) => {
                const seed = ITEMS[item] ?? ITEMS[0]!;
                return {
                  code: seed.code,
                  qty,
                  priceFen: seed.priceFen,
                  amountFen: qty * seed.priceFen,
                  chrgitmLv: seed.chrgitmLv,
                  selfpayPropBp: seed.selfpayPropBp,
                  priceLimitFen: seed.priceLimitFen,
                };
              });
              const result = settle(ctx, {
                kind: step.kind,
                psnNo: person.psnNo,
                fixmedinsCode: INSTITUTION[person.regionCode] ?? DEMO_INSTITUTIONS.pharmacy,
                mdtrtId: `MDT${(serial += 1)}`,
                certType: '02',
                items,
                useAccount: step.useAccount,
              });
              expect(result.totalFen).toBe(items.reduce((sum, item) => sum + item.amountFen, 0));
              expect(result.fundFen + result.accountFen + result.cashFen).toBe(result.totalFen);
              if (!step.useAccount) expect(result.accountFen).toBe(0);
              setlIds.push(result.setlId);
            } else if (step.type === 'reverse' || step.type === 'reinstate') {
              const setlId = setlIds[step.pick % Math.max(1, setlIds.length)];
              if (!setlId) continue;
              try {
                if (step.type === 'reverse')
                  reverseSettlement(ctx, setlId, { reason: 'property', cause: 'reversed' });
                else reinstateSettlement(ctx, setlId);
              } catch (error) {
                // Reversing twice, reinstating what stands, or a balance that no longer covers it.
                expect(error).toBeInstanceOf(SettlementRefusal);
              }
            } else if (step.type === 'contribute') {
              const person = PEOPLE[step.person] ?? PERSONAS.employee;
              if (balance(person.psnNo) === undefined) continue;
              post(ctx, { psnNo: person.psnNo, kind: 'contribution', amountFen: step.fen });
              contributed.set(person.psnNo, (contributed.get(person.psnNo) ?? 0) + step.fen);
            } else advance(step.days * DAY);

            for (const person of PEOPLE) {
              const now = balance(person.psnNo);
              if (now === undefined) continue;
              expect(now).toBeGreaterThanOrEqual(0);
              const ledger = db
                .prepare('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger WHERE psn_no = ?')
                .pluck()
                .get(person.psnNo);
              expect(ledger).toBe(now);
              const standing = db
                .prepare(
                  "SELECT COALESCE(SUM(account_fen), 0) FROM settlements WHERE psn_no = ? AND status = 'settled'",
                )
                .pluck()
                .get(person.psnNo) as number;
              expect(now).toBe(
                (opening.get(person.psnNo) ?? 0) + (contributed.get(person.psnNo) ?? 0) - standing,
              );
            }
          }
          const broken = db
            .prepare(
              'SELECT COUNT(*) FROM settlements WHERE fund_fen + account_fen + cash_fen <> total_fen OR account_fen < 0',
            )
            .pluck()
            .get();
          expect(broken).toBe(0);
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
