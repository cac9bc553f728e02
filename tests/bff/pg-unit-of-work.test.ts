// The PostgreSQL unit of work (store/pg/index.ts) and what keeps units right when they run side
// by side, as they do on PostgreSQL: two "instances" (each its own pool and stores) on one
// database race for a bill, a request id, a voucher event's place in the stream. Each race is
// set on the server — both contenders observed waiting for the same lock — and then let go.
import { Pool, type PoolClient } from 'pg';

import { createPgStores } from '../../bff/src/store/pg';
import type { TxStores } from '../../bff/src/store/ports';
import { STORED_BILL as BILL, employeeBinding } from '../support/bff';
import { lockWaiters, memorySessions, pgPerFile, type PgInstance } from '../support/pg-stores';

const clock = Date.UTC(2026, 11, 7, 10);
const now = () => clock;
const { instances } = pgPerFile(now);

/** A client of a third party holding a lock until `release`. */
async function holder(instance: PgInstance, sql: string, values: unknown[] = []) {
  const client: PoolClient = await instance.pool.connect();
  await client.query('BEGIN');
  await client.query(sql, values);
  return {
    async release() {
      await client.query('COMMIT');
      client.release();
    },
  };
}

/** Lets every callback already queued run (a turn of the event loop, not a sleep). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('stores.transaction on PostgreSQL', () => {
  it('keeps what a unit wrote when it resolves, and nothing of it when it rejects', async () => {
    const [a] = await instances(1);
    await a!.stores.transaction(async (tx) => {
      await tx.bills.insert({ ...BILL, billId: 'B1' });
      await tx.audit.record({ action: 'payment.pay', outcome: 'ok', psnNo: 'P1' });
    });
    const failure = new Error('the third write failed');
    const failed = a!.stores.transaction(async (tx) => {
      await tx.bills.insert({ ...BILL, billId: 'B2' });
      await tx.bindings.save(employeeBinding('openid-1', 'P1'));
      await tx.audit.record({ action: 'payment.pay', outcome: 'ok', psnNo: 'P1' });
      await turn();
      throw failure;
    });
    await expect(failed).rejects.toBe(failure);

    expect(await a!.stores.bills.get('B1')).toBeDefined();
    expect(await a!.stores.bills.get('B2')).toBeUndefined();
    expect(await a!.stores.bindings.ofPerson('P1')).toEqual([]);
    expect(await a!.stores.audit.ofPerson('P1')).toHaveLength(1);
    // Every client went back to the pool, none left in a transaction.
    expect(a!.pool.totalCount).toBe(a!.pool.idleCount);
    const { rows } = await a!.pool.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in%'",
    );
    expect(rows[0].n).toBe(0);
  });

  it('hides a unit’s writes from everyone else until it commits', async () => {
    const [a, b] = await instances(2);
    let inside!: () => void;
    const gate = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const unit = a!.stores.transaction(async (tx) => {
      await tx.bills.insert({ ...BILL, billId: 'B1' });
      inside();
      await finished;
    });
    await gate;
    expect(await b!.stores.bills.get('B1')).toBeUndefined();
    expect(await a!.stores.bills.get('B1')).toBeUndefined();
    finish();
    await unit;
    expect(await b!.stores.bills.get('B1')).toBeDefined();
  });

  it('refuses a unit’s stores once the unit ended', async () => {
    const [a] = await instances(1);
    let kept: TxStores | undefined;
    await a!.stores.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.bills.insert({ ...BILL, billId: 'B9' })).rejects.toThrow('unit of work already ended');
    expect(await a!.stores.bills.get('B9')).toBeUndefined();
  });

  it('runs a unit again when PostgreSQL undid it for a deadlock with another unit', async () => {
    const [a, b] = await instances(2);
    await a!.stores.bills.insert({ ...BILL, billId: 'B1' });
    await a!.stores.bills.insert({ ...BILL, billId: 'B2' });
    const runs = { a: 0, b: 0 };
    let bothLocked!: () => void;
    const locked = new Promise<void>((resolve) => (bothLocked = resolve));
    let firstLocks = 0;
    // Each reads (and so locks) one bill, then the other's: one of them is chosen as the victim.
    const unit = (instance: PgInstance, name: 'a' | 'b', first: string, second: string) =>
      instance.stores.transaction(async (tx) => {
        runs[name] += 1;
        await tx.bills.get(first);
        if (runs[name] === 1 && (firstLocks += 1) === 2) bothLocked();
        if (runs[name] === 1) await locked;
        await tx.bills.get(second);
        await tx.bills.setStatus(second, 'revoked');
        return name;
      });
    expect((await Promise.all([unit(a!, 'a', 'B1', 'B2'), unit(b!, 'b', 'B2', 'B1')])).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(runs.a + runs.b).toBe(3);
  });
});

describe('connections lost', () => {
  it('survives the server closing an idle connection of the pool, and goes on with a new one', async () => {
    const [a] = await instances(1);
    // A pool as the BFF makes it, with no listener of its own.
    const pool = new Pool({ connectionString: a!.pool.options.connectionString, max: 2 });
    let lost!: (error: unknown) => void;
    const warned = new Promise((resolve) => (lost = resolve));
    const stores = createPgStores(pool, {
      now,
      phoneHashKey: Buffer.alloc(32),
      sessions: memorySessions(now),
      logger: { warn: (fields: unknown) => lost(fields), error: () => undefined },
    });
    await stores.bills.insert({ ...BILL, billId: 'B1' });
    await a!.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await warned;
    expect(await stores.bills.get('B1')).toBeDefined();
    await stores.close();
    await pool.end();
  });
});

describe('races between instances', () => {
  it('lets exactly one of two instances start paying a bill', async () => {
    const [a, b, third] = await instances(3);
    await a!.stores.bills.insert({ ...BILL, billId: 'B1' });
    const lock = await holder(third!, "SELECT 1 FROM bills WHERE bill_id = 'B1' FOR UPDATE");
    const racing = Promise.all([
      a!.stores.bills.startPaying('B1', 'req-a', 'SER-A'),
      b!.stores.bills.startPaying('B1', 'req-b', 'SER-B'),
    ]);
    await lockWaiters(third!.pool, 2);
    await lock.release();
    const won = await racing;
    expect(won.filter(Boolean)).toHaveLength(1);
    const bill = await a!.stores.bills.get('B1');
    expect(bill).toMatchObject({ status: 'paying', payingSince: clock });
    expect(bill!.payingRequestId).toBe(won[0] ? 'req-a' : 'req-b');
  });

  it('answers the same bill to two instances claiming one request id at once', async () => {
    const [a, b, third] = await instances(3);
    await a!.stores.bills.insert({ ...BILL, billId: 'B1' });
    await a!.stores.bills.insert({ ...BILL, billId: 'B2' });
    // Both INSERTs wait behind this table lock, then race for the key.
    const lock = await holder(third!, 'LOCK TABLE pay_requests IN SHARE ROW EXCLUSIVE MODE');
    const racing = Promise.all([
      a!.stores.bills.request.claim('req-1', 'B1'),
      b!.stores.bills.request.claim('req-1', 'B2'),
    ]);
    await lockWaiters(third!.pool, 2);
    await lock.release();
    const [first, second] = await racing;
    expect(first!.billId).toBe(second!.billId);
    const { rows } = await a!.pool.query('SELECT count(*)::int AS n FROM pay_requests');
    expect(rows[0].n).toBe(1);

    await a!.stores.bills.request.store('req-1', { bill: true });
    expect(await b!.stores.bills.request.claim('req-1', 'B2')).toEqual({
      billId: first!.billId,
      outcome: { bill: true },
    });
  });

  it('moves a paying bill out of paying once when two instances settle it at once', async () => {
    const [a, b, third] = await instances(3);
    await a!.stores.bills.insert({ ...BILL, billId: 'B1' });
    await a!.stores.bills.startPaying('B1', 'req', 'SER');
    const lock = await holder(third!, "SELECT 1 FROM bills WHERE bill_id = 'B1' FOR UPDATE");
    const racing = Promise.all([
      a!.stores.bills.move('B1', 'paying', 'paid'),
      b!.stores.bills.move('B1', 'paying', 'unpaid'),
    ]);
    await lockWaiters(third!.pool, 2);
    await lock.release();
    const moved = await racing;
    expect(moved.filter(Boolean)).toHaveLength(1);
    expect((await a!.stores.bills.get('B1'))!.status).toBe(moved[0] ? 'paid' : 'unpaid');
  });

  it('gives a unit that read a bill the bill until it ends (a refund read, then written back)', async () => {
    const [a, b] = await instances(2);
    await a!.stores.bills.insert({ ...BILL, billId: 'B1' });
    const refund = (at: string) => ({ at, fundFen: 0, accountFen: 0, cashFen: 100 });
    let read!: () => void;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    let goOn!: () => void;
    const wait = new Promise<void>((resolve) => (goOn = resolve));
    const addRefund = (instance: PgInstance, at: string, pause: boolean) =>
      instance.stores.transaction(async (tx) => {
        const bill = await tx.bills.get('B1');
        if (pause) {
          read();
          await wait;
        }
        await tx.bills.setRefunds('B1', [...bill!.refunds, refund(at)], 'refunded');
      });
    const first = addRefund(a!, '2026-12-07T11:00:00Z', true);
    await hasRead;
    const second = addRefund(b!, '2026-12-07T12:00:00Z', false);
    await lockWaiters(a!.pool, 1);
    goOn();
    await Promise.all([first, second]);
    expect((await a!.stores.bills.get('B1'))!.refunds.map((r) => r.at)).toEqual([
      '2026-12-07T11:00:00Z',
      '2026-12-07T12:00:00Z',
    ]);
  });

  it('makes voucher events visible in id order, so a cursor past one never skips another', async () => {
    const [a, b] = await instances(2);
    const event = (id: string) => ({
      eventId: id,
      type: 'code.scanned',
      appId: 'APP',
      occurredAt: '2026-12-07T10:00:00Z',
      payload: {},
    });
    const voucher = { psnNo: 'P1', code: 'C', kind: 'scanned' as const, at: '2026-12-07T10:00:00Z' };
    let stored!: () => void;
    const firstStored = new Promise<void>((resolve) => (stored = resolve));
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const first = a!.stores.transaction(async (tx) => {
      await tx.events.record(event('E1'), voucher, clock);
      stored();
      await committing;
    });
    await firstStored;
    // The second insert waits for the first unit, so it cannot commit a later id before it.
    const second = b!.stores.events.record(event('E2'), voucher, clock);
    await lockWaiters(a!.pool, 1);
    expect(await b!.stores.events.since(0)).toEqual({ lastId: 0, psnNos: [] });
    commit();
    await Promise.all([first, second]);
    const ids = (await b!.stores.events.after('P1', 0)).map((e) => e.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBeLessThan(ids[1]!);
    expect(await b!.stores.events.record(event('E2'), voucher, clock)).toBe(false);
  });
});
