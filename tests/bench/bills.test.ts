// The payment load of the benchmark against a fake BFF: what it sends and how it counts.
// No timing is asserted — only that every payment is one the BFF would take (the owner's
// session, a fresh request id, a fresh SM2 cipher of the password) and the accounting.
import { PayBillSchema } from '@ybm/shared';
import { generateSm2KeyPair, privateKeyHex } from '@ybm/shared/gm';
import { sm2 } from 'sm-crypto-v2';

import { billPlan, createPayBench } from './bills';
import type { HttpAnswer, HttpClient } from './load';
import { PAY_PASSWORD, type BenchPerson } from './setup';

const platform = generateSm2KeyPair();
const payers: BenchPerson[] = [
  { psnNo: '23120090000000', openid: 'bench-openid-0', token: 'token-0' },
  { psnNo: '23120090000001', openid: 'bench-openid-1', token: 'token-1' },
];
const owner = new Map(payers.map((p) => [p.token, p.psnNo]));

interface Paid {
  billId: string;
  psnNo: string;
  body: { useAccount: boolean; passwordCipher: string; requestId: string };
}

/** A BFF that pays any bill after a tick, answering `answer(billId)` (200 paid by default). */
function fakeBff(
  answer: (billId: string) => HttpAnswer = () => ({ status: 200, body: '{"status":"paid"}' }),
) {
  const paid: Paid[] = [];
  const inFlight = new Map<string, number>();
  let maxPerPayer = 0;
  const client = {
    get: async () => ({ status: 404, body: '' }),
    post: async (path: string, body: unknown, headers?: Record<string, string>) => {
      const psnNo = owner.get((headers?.authorization ?? '').replace('Bearer ', ''))!;
      inFlight.set(psnNo, (inFlight.get(psnNo) ?? 0) + 1);
      maxPerPayer = Math.max(maxPerPayer, inFlight.get(psnNo)!);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight.set(psnNo, inFlight.get(psnNo)! - 1);
      const billId = /^\/api\/v1\/bills\/([^/]+)\/pay$/.exec(path)![1]!;
      paid.push({ billId, psnNo, body: body as Paid['body'] });
      return answer(billId);
    },
    close: () => undefined,
  } as HttpClient;
  return { client, paid, maxPerPayer: () => maxPerPayer };
}

const billsOf = (perPayer: number) =>
  billPlan(payers, perPayer).map((psnNo, i) => ({ psnNo, billId: `ORD${String(i).padStart(6, '0')}` }));

describe('billPlan', () => {
  it('interleaves the persons', () => {
    expect(billPlan(payers, 2)).toEqual([
      payers[0]!.psnNo,
      payers[1]!.psnNo,
      payers[0]!.psnNo,
      payers[1]!.psnNo,
    ]);
  });
});

describe('createPayBench', () => {
  it('has each payer pay its own bills one at a time, each with a fresh cipher and request id', async () => {
    const bff = fakeBff();
    const bench = createPayBench({ bff: bff.client, payers, platform });
    const bills = billsOf(3);
    bench.add(bills);
    expect(bench.left()).toBe(3);

    const run = await bench.closed({ warmupMs: 0, durationMs: 60_000 });

    expect(run.ranOut).toBe(true);
    expect(run.errors).toBe(0);
    expect(bff.maxPerPayer()).toBe(1);
    expect(bff.paid.map((p) => p.billId).sort()).toEqual(bills.map((b) => b.billId).sort());
    const ownerOf = new Map(bills.map((b) => [b.billId, b.psnNo]));
    for (const payment of bff.paid) {
      expect(payment.psnNo).toBe(ownerOf.get(payment.billId));
      expect(PayBillSchema.parse(payment.body)).toMatchObject({ useAccount: true });
      const plain = sm2.doDecrypt(payment.body.passwordCipher, privateKeyHex(platform.privateKey), 1);
      expect(plain).toBe(PAY_PASSWORD);
    }
    const unique = (values: string[]) => new Set(values).size;
    expect(unique(bff.paid.map((p) => p.body.requestId))).toBe(bff.paid.length);
    expect(unique(bff.paid.map((p) => p.body.passwordCipher))).toBe(bff.paid.length);
  });

  it('counts a refused payment as an error and keeps its answer', async () => {
    const bff = fakeBff((billId) =>
      billId === 'ORD000001'
        ? { status: 409, body: '{"error":{"code":"BILL_PAYMENT_IN_PROGRESS"}}' }
        : { status: 200, body: '{"status":"awaiting_cash"}' },
    );
    const bench = createPayBench({ bff: bff.client, payers, platform });
    bench.add(billsOf(2));
    const run = await bench.closed({ warmupMs: 0, durationMs: 60_000 });
    expect(run.errors).toBe(1);
    expect(bench.firstErrors()).toEqual([expect.stringContaining('HTTP 409')]);
  });

  it('on a schedule, skips (and does not time) payments whose payer has no bill left', async () => {
    const bff = fakeBff();
    const bench = createPayBench({ bff: bff.client, payers, platform });
    bench.add(billsOf(2));
    // 10 payments scheduled over 10 ms, 4 bills to pay.
    const run = await bench.open({ rate: 1000, durationMs: 10 });
    expect(run).toMatchObject({ sent: 4, errors: 0, skipped: 6 });
    expect(bff.paid).toHaveLength(4);
  });
});
