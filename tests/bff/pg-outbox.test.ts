// The push outbox's leases and the exclusive background jobs on PostgreSQL, between instances
// (each its own pool) on one database: dispatchers leasing at once share the rows out and never
// wait for each other, a dead dispatcher's rows are taken over when its lease runs out (those it
// was sending are given up, never sent twice), and a job runs on one instance at a time.
import { STORED_BILL as BILL } from '../support/bff';
import { lockWaiters, pgPerFile, type PgInstance } from '../support/pg-stores';

const LEASE_MS = 30_000;

let clock = Date.UTC(2026, 11, 7, 10);
const now = () => clock;
const { instances } = pgPerFile(now);

/** `count` pending pushes for bill B1, one per recipient; their ids. */
async function queue(instance: PgInstance, count: number): Promise<number[]> {
  await instance.stores.bills.insert({ ...BILL, billId: 'B1' });
  for (let i = 0; i < count; i += 1) await instance.stores.notifications.enqueue('B1', 'wechat', `o${i}`);
  const { rows } = await instance.pool.query<{ id: string }>('SELECT id FROM notifications ORDER BY id');
  return rows.map((row) => Number(row.id));
}

const idsOf = (rows: { id: number }[]) => rows.map((row) => row.id).sort((a, b) => a - b);

describe('notification leases on PostgreSQL', () => {
  it('gives two dispatchers leasing at once disjoint rows, all of them between the two', async () => {
    const [a, b] = await instances(2);
    const ids = await queue(a!, 40);
    // Both set waiting behind a third connection, then let go together.
    const holder = await a!.pool.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE notifications IN SHARE MODE');
    const racing = Promise.all([
      a!.stores.notifications.lease('instance-a', 25, clock + LEASE_MS),
      b!.stores.notifications.lease('instance-b', 25, clock + LEASE_MS),
    ]);
    await lockWaiters(a!.pool, 2);
    await holder.query('COMMIT');
    holder.release();
    const [leasedA, leasedB] = await racing;
    expect(idsOf(leasedA).filter((id) => idsOf(leasedB).includes(id))).toEqual([]);
    expect(idsOf([...leasedA, ...leasedB])).toEqual(ids);
    // Nothing is left for a third: every row is held.
    expect(await a!.stores.notifications.lease('instance-c', 10, clock + LEASE_MS)).toEqual([]);
  });

  it('skips rows another dispatcher has locked right now instead of waiting for them', async () => {
    const [a, b] = await instances(2);
    const ids = await queue(a!, 4);
    const client = await b!.pool.connect();
    await client.query('BEGIN');
    // Another dispatcher in the middle of leasing the first two.
    await client.query('SELECT id FROM notifications WHERE id = ANY($1) FOR UPDATE', [ids.slice(0, 2)]);
    const leased = await a!.stores.notifications.lease('instance-a', 10, clock + LEASE_MS);
    expect(idsOf(leased)).toEqual(ids.slice(2));
    await client.query('ROLLBACK');
    client.release();
  });

  it('hands them out oldest due first, with what a send needs', async () => {
    const [a] = await instances(1);
    const ids = await queue(a!, 3);
    const leased = await a!.stores.notifications.lease('instance-a', 2, clock + LEASE_MS);
    expect(leased).toEqual([
      { id: ids[0], billId: 'B1', channel: 'wechat', platformUserId: 'o0', attempts: 0 },
      { id: ids[1], billId: 'B1', channel: 'wechat', platformUserId: 'o1', attempts: 0 },
    ]);
  });

  it('lets another dispatcher take over a lease that ran out before its row was claimed', async () => {
    const [a, b] = await instances(2);
    const [id] = await queue(a!, 1);
    expect(idsOf(await a!.stores.notifications.lease('instance-a', 10, clock + LEASE_MS))).toEqual([id]);
    expect(await b!.stores.notifications.lease('instance-b', 10, clock + LEASE_MS)).toEqual([]);

    clock += LEASE_MS; // instance-a died before sending
    expect(idsOf(await b!.stores.notifications.lease('instance-b', 10, clock + LEASE_MS))).toEqual([id]);
    expect(await a!.stores.notifications.claim(id!, 'instance-a')).toBe(false);
    expect(await b!.stores.notifications.claim(id!, 'instance-b')).toBe(true);
    await b!.stores.notifications.done(id!, 'sent');
    expect(await a!.stores.notifications.counts()).toEqual({ sent: 1 });
  });

  it('lets a restarted instance under the same name take back what it had leased', async () => {
    const [a, restarted] = await instances(2);
    const [id] = await queue(a!, 1);
    await a!.stores.notifications.lease('instance-a', 10, clock + LEASE_MS);
    expect(idsOf(await restarted!.stores.notifications.lease('instance-a', 10, clock + LEASE_MS))).toEqual([
      id,
    ]);
  });

  it('refuses a claim once the lease ran out, and one by a dispatcher that never held it', async () => {
    const [a] = await instances(1);
    const [first, second] = await queue(a!, 2);
    await a!.stores.notifications.lease('instance-a', 10, clock + LEASE_MS);
    expect(await a!.stores.notifications.claim(first!, 'instance-b')).toBe(false);
    clock += LEASE_MS;
    expect(await a!.stores.notifications.claim(second!, 'instance-a')).toBe(false);
    expect(await a!.stores.notifications.counts()).toEqual({ pending: 2 });
  });

  it('gives up only sends whose lease ran out, never another live dispatcher’s', async () => {
    const [a, b] = await instances(2);
    const [cutOff, live, leasedOnly, sent] = await queue(a!, 4);
    await a!.stores.notifications.lease('instance-a', 1, clock + LEASE_MS);
    await a!.stores.notifications.claim(cutOff!, 'instance-a');
    clock += 1_000;
    await b!.stores.notifications.lease('instance-b', 3, clock + LEASE_MS);
    await b!.stores.notifications.claim(live!, 'instance-b');
    await b!.stores.notifications.claim(sent!, 'instance-b');
    await b!.stores.notifications.done(sent!, 'sent');
    void leasedOnly; // leased by instance-b, not claimed

    clock += LEASE_MS - 1_000; // instance-a's lease ran out; instance-b's still runs
    expect(await b!.stores.notifications.abandonExpired()).toBe(1);
    const { rows } = await a!.pool.query<{ id: string; status: string; owner: string }>(
      'SELECT id, status, owner FROM notifications ORDER BY id',
    );
    expect(rows.map((row) => [Number(row.id), row.status, row.owner])).toEqual([
      [cutOff, 'unknown', 'instance-a'],
      [live, 'sending', 'instance-b'],
      [leasedOnly, 'pending', 'instance-b'],
      [sent, 'sent', null],
    ]);
    // Not sent again: an abandoned row is nobody's to lease.
    clock += LEASE_MS;
    expect(idsOf(await a!.stores.notifications.lease('instance-a', 10, clock + LEASE_MS))).toEqual([
      leasedOnly,
    ]);
  });

  it('frees a row for its retry: the lease is cleared and the next lease waits for its time', async () => {
    const [a, b] = await instances(2);
    const [id] = await queue(a!, 1);
    await a!.stores.notifications.lease('instance-a', 1, clock + LEASE_MS);
    await a!.stores.notifications.claim(id!, 'instance-a');
    await a!.stores.notifications.retryAt(id!, clock + 5_000, 'platform busy');
    expect(await b!.stores.notifications.lease('instance-b', 1, clock + LEASE_MS)).toEqual([]);
    clock += 5_000;
    expect(await b!.stores.notifications.lease('instance-b', 1, clock + LEASE_MS)).toEqual([
      { id, billId: 'B1', channel: 'wechat', platformUserId: 'o0', attempts: 1 },
    ]);
  });
});

describe('stores.exclusively on PostgreSQL', () => {
  it('answers { ran: false } at once to a second instance while the job runs, and runs it after', async () => {
    const [a, b] = await instances(2);
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    const first = a!.stores.exclusively('payments.reconcile', async () => {
      started();
      await running;
      return 'reconciled';
    });
    await hasStarted;
    expect(await b!.stores.exclusively('payments.reconcile', async () => 'twice')).toEqual({ ran: false });
    // In the same process too (another connection of the pool), and another job is not held up.
    expect(await a!.stores.exclusively('payments.reconcile', async () => 'twice')).toEqual({ ran: false });
    expect(await b!.stores.exclusively('cash.sweep', async () => 'other job')).toEqual({
      ran: true,
      value: 'other job',
    });
    finish();
    expect(await first).toEqual({ ran: true, value: 'reconciled' });
    expect(await b!.stores.exclusively('payments.reconcile', async () => 'next round')).toEqual({
      ran: true,
      value: 'next round',
    });
  });

  it('lets the job go when it fails (the error passed on) and when its instance’s connection dies', async () => {
    const [a, b] = await instances(2);
    const failure = new Error('the platform did not answer');
    await expect(a!.stores.exclusively('job', () => Promise.reject(failure))).rejects.toBe(failure);
    expect(await b!.stores.exclusively('job', async () => 1)).toEqual({ ran: true, value: 1 });

    let started!: (pid: number) => void;
    const holderPid = new Promise<number>((resolve) => (started = resolve));
    let unstuck!: () => void;
    const stuck = new Promise<void>((resolve) => (unstuck = resolve));
    // An instance stuck in its round, whose connection is then cut (as when it is killed).
    const cutOff = a!.stores.exclusively('job', async () => {
      const { rows } = await a!.pool.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database =
           (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      started(rows[0]!.pid);
      await stuck;
      return 'too late';
    });
    const pid = await holderPid;
    expect(await b!.stores.exclusively('job', async () => 2)).toEqual({ ran: false });
    await b!.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    // The server ends the lock with the connection; the next round anywhere takes the job.
    let outcome: { ran: boolean };
    do {
      outcome = await b!.stores.exclusively('job', async () => 3);
    } while (!outcome.ran);
    // The stuck round ends without harm: its connection is closed, not put back in the pool.
    unstuck();
    expect(await cutOff).toEqual({ ran: true, value: 'too late' });
    expect(a!.pool.totalCount).toBe(a!.pool.idleCount);
    expect(await a!.stores.exclusively('job', async () => 4)).toEqual({ ran: true, value: 4 });
  });
});
