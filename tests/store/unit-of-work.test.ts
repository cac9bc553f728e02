// The unit of work (Stores.transaction) and exclusive jobs (Stores.exclusively). A unit keeps
// all it wrote or none of it, passing its rejection on; what others write meanwhile is theirs
// and stays. A job runs at most once at a time, and a second start does not wait: it is told.
import type { TxStores } from '../../bff/src/store/ports';
import { STORE_IMPLEMENTATIONS } from './implementations';
import { bill, binding, storesUnderTest } from './support';

/** Lets every callback already queued run (a turn of the event loop, not a sleep). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(STORE_IMPLEMENTATIONS)('units of work on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('keeps everything a unit wrote when it resolves, with its value', async () => {
    const { stores } = t;
    const value = await stores.transaction(async (tx) => {
      await tx.bills.insert(bill('B1'));
      await tx.notifications.enqueue('B1', 'wechat', 'openid-1');
      await tx.bindings.save(binding('openid-1'));
      await tx.audit.record({ action: 'payment.pay', outcome: 'ok', psnNo: 'P001' });
      return 'done';
    });
    expect(value).toBe('done');
    expect(await stores.bills.get('B1')).toBeDefined();
    expect(await stores.notifications.counts()).toEqual({ pending: 1 });
    expect(await stores.bindings.find('wechat', 'openid-1')).toBeDefined();
    expect(await stores.audit.ofPerson('P001')).toHaveLength(1);
  });

  it('leaves nothing of a unit that rejects, across awaits, and passes the rejection on', async () => {
    const { stores } = t;
    await stores.bills.insert(bill('B1'));
    const failure = new Error('the third write failed');
    const unit = stores.transaction(async (tx) => {
      await tx.bills.insert(bill('B2'));
      expect(await tx.bills.startPaying('B1', 'req-1', 'SER1')).toBe(true);
      await tx.bindings.save(binding('openid-1'));
      await tx.audit.record({ action: 'payment.pay', outcome: 'ok', psnNo: 'P001' });
      await tx.notifications.enqueue('B1', 'wechat', 'openid-1');
      await turn();
      throw failure;
    });
    await expect(unit).rejects.toBe(failure);
    expect(await stores.bills.get('B2')).toBeUndefined();
    expect(await stores.bills.get('B1')).toMatchObject({ status: 'unpaid', payingRequestId: null });
    expect(await stores.bindings.find('wechat', 'openid-1')).toBeUndefined();
    expect(await stores.audit.ofPerson('P001')).toEqual([]);
    expect(await stores.notifications.counts()).toEqual({});
    // The bill is as free as before: a payment can start.
    expect(await stores.bills.startPaying('B1', 'req-2', 'SER2')).toBe(true);
  });

  it('sees its own writes inside; keeps a write made outside it meanwhile when it rolls back', async () => {
    const { stores } = t;
    let outside: Promise<void> | undefined;
    const unit = stores.transaction(async (tx) => {
      await tx.bills.insert(bill('IN'));
      expect(await tx.bills.get('IN')).toBeDefined();
      outside = stores.bills.insert(bill('OUT'));
      await turn();
      throw new Error('rolled back');
    });
    await expect(unit).rejects.toThrow('rolled back');
    await outside;
    expect(await stores.bills.get('IN')).toBeUndefined();
    expect(await stores.bills.get('OUT')).toBeDefined();
  });

  it('never lets two units interleave their writes: each keeps all or nothing', async () => {
    const { stores } = t;
    const unit = (name: string, fail: boolean) =>
      stores.transaction(async (tx) => {
        await tx.bills.insert(bill(`${name}-1`));
        await turn();
        await tx.bills.insert(bill(`${name}-2`));
        if (fail) throw new Error(`${name} failed`);
      });
    const results = await Promise.allSettled([unit('A', false), unit('B', true), unit('C', false)]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const kept = [];
    for (const id of ['A-1', 'A-2', 'B-1', 'B-2', 'C-1', 'C-2']) {
      if (await stores.bills.get(id)) kept.push(id);
    }
    expect(kept).toEqual(['A-1', 'A-2', 'C-1', 'C-2']);
  });

  it('refuses the unit’s stores once it has ended', async () => {
    const { stores } = t;
    let kept: TxStores | undefined;
    await stores.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.bills.insert(bill('LATE'))).rejects.toThrow();
    expect(await stores.bills.get('LATE')).toBeUndefined();
  });
});

describe.each(STORE_IMPLEMENTATIONS)('exclusive jobs on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('runs a job and answers its value', async () => {
    expect(await t.stores.exclusively('reconcile-payments', async () => 3)).toEqual({ ran: true, value: 3 });
  });

  it('answers at once, without running it, while the same job runs; other jobs run meanwhile', async () => {
    const { stores } = t;
    const gate = deferred();
    const running = deferred();
    let runs = 0;
    const first = stores.exclusively('cash-worker', async () => {
      runs += 1;
      running.resolve();
      await gate.promise;
      return 'first';
    });
    // Once it runs (on PostgreSQL taking the lock is a round trip, not a turn of the loop).
    await running.promise;
    // Resolves while the first still runs (it would hang here if it waited).
    expect(await stores.exclusively('cash-worker', async () => (runs += 1))).toEqual({ ran: false });
    expect(await stores.exclusively('reconcile-payments', async () => 'other')).toEqual({
      ran: true,
      value: 'other',
    });
    gate.resolve();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(runs).toBe(1);
    // Free again once it ended.
    expect(await stores.exclusively('cash-worker', async () => 'again')).toEqual({
      ran: true,
      value: 'again',
    });
  });

  it('passes a failing job’s error on, and frees the job', async () => {
    const { stores } = t;
    const failure = new Error('platform down');
    await expect(
      stores.exclusively('cash-worker', async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await stores.exclusively('cash-worker', async () => 1)).toEqual({ ran: true, value: 1 });
  });

  it('lets a job use the stores, units of work included', async () => {
    const { stores } = t;
    const result = await stores.exclusively('reconcile-payments', () =>
      stores.transaction(async (tx) => {
        await tx.bills.insert(bill('B1'));
        return tx.bills.startPaying('B1', 'req-1', 'SER1');
      }),
    );
    expect(result).toEqual({ ran: true, value: true });
    expect((await stores.bills.get('B1'))?.status).toBe('paying');
  });
});

describe.each(STORE_IMPLEMENTATIONS)('exclusive jobs across instances on $name', (implementation) => {
  const t = storesUnderTest(implementation);
  // Shown as skipped (not passed) for an implementation that cannot open a second instance yet.
  const across = implementation.opensAnother ? it : it.skip;

  across(
    'tells another instance on the same database that the job is running, and lets it run after',
    async () => {
      const other = await t.another!();
      const gate = deferred();
      const running = deferred();
      const first = t.stores.exclusively('reconcile-payments', () => {
        running.resolve();
        return gate.promise;
      });
      // Once it holds the job (a round trip to the database, however busy the machine).
      await running.promise;
      expect(await other.exclusively('reconcile-payments', async () => 'twice')).toEqual({ ran: false });
      gate.resolve();
      await first;
      expect(await other.exclusively('reconcile-payments', async () => 'now')).toEqual({
        ran: true,
        value: 'now',
      });
      // And it sees the first instance's writes: one database.
      await t.stores.bills.insert(bill('B1'));
      expect(await other.bills.get('B1')).toBeDefined();
    },
  );
});
