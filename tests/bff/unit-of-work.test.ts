// The SQLite unit of work (stores.transaction): better-sqlite3 cannot keep a transaction open
// across an await, so the stores hold the connection for the unit themselves. What a failing
// unit wrote is gone, two units never interleave, and nothing else on the connection slips
// into one while it waits. (What every implementation of the unit of work must do is pinned
// in tests/store/unit-of-work.test.ts; this file keeps what is SQLite's own.)
import { createGroupCommit } from '@ybm/shared/node';

import { openBffDatabase } from '../../bff/src/store/db';
import type { Stores } from '../../bff/src/store/ports';
import { createSqliteStores } from '../../bff/src/store/sqlite-stores';
import { STORED_BILL as BILL, employeeBinding } from '../support/bff';

function setup() {
  const db = openBffDatabase(':memory:');
  const commits = createGroupCommit(db);
  const stores = createSqliteStores(db, { now: () => 0, commits, phoneHashKey: Buffer.alloc(32) });
  return { db, stores };
}

/** Lets every callback already queued run (a turn of the event loop, not a sleep). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function billIds(stores: Stores, ...ids: string[]) {
  const found = await Promise.all(ids.map((id) => stores.bills.get(id)));
  return ids.filter((_, i) => found[i]);
}

describe('stores.transaction on SQLite', () => {
  it('keeps what a unit wrote when it resolves, and nothing of it when it rejects', async () => {
    const { db, stores } = setup();
    await stores.transaction(async (tx) => {
      await tx.bills.insert({ ...BILL, billId: 'B1' });
      await tx.audit.record({ action: 'payment.pay', outcome: 'ok', psnNo: 'P1' });
    });
    const failed = stores.transaction(async (tx) => {
      await tx.bills.insert({ ...BILL, billId: 'B2' });
      await tx.bindings.save(employeeBinding('openid-1', 'P1'));
      await tx.audit.record({ action: 'payment.pay', outcome: 'ok', psnNo: 'P1' });
      // Across a real wait (another turn of the event loop), not only microtasks.
      await turn();
      throw new Error('the third write failed');
    });
    await expect(failed).rejects.toThrow('the third write failed');

    expect(await billIds(stores, 'B1', 'B2')).toEqual(['B1']);
    expect(await stores.bindings.ofPerson('P1')).toEqual([]);
    expect(await stores.audit.ofPerson('P1')).toHaveLength(1);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('runs two units one after the other, never interleaved', async () => {
    const { db, stores } = setup();
    const steps: string[] = [];
    const unit = (name: string) =>
      stores.transaction(async (tx) => {
        steps.push(`${name} begins`);
        await tx.bills.insert({ ...BILL, billId: `${name}-1` });
        await turn();
        await tx.bills.insert({ ...BILL, billId: `${name}-2` });
        steps.push(`${name} ends`);
      });
    await Promise.all([unit('A'), unit('B')]);
    expect(steps).toEqual(['A begins', 'A ends', 'B begins', 'B ends']);
    expect(await billIds(stores, 'A-1', 'A-2', 'B-1', 'B-2')).toHaveLength(4);
    db.close();
  });

  it('keeps a call made outside the unit out of it: it waits, and is not undone with the unit', async () => {
    const { db, stores } = setup();
    let outsideDone = false;
    let outside: Promise<void> | undefined;
    let read: Promise<unknown> | undefined;
    const failed = stores.transaction(async (tx) => {
      await tx.bills.insert({ ...BILL, billId: 'IN' });
      // Another request writes while the unit waits on something.
      outside = stores.bills.insert({ ...BILL, billId: 'OUT' }).then(() => void (outsideDone = true));
      // …and another reads: it must not see the unit's half-done write.
      read = stores.bills.get('IN');
      await turn();
      expect(outsideDone).toBe(false);
      throw new Error('rolled back');
    });
    await expect(failed).rejects.toThrow('rolled back');
    await outside;
    expect(outsideDone).toBe(true);
    expect(await read).toBeUndefined();
    expect(await billIds(stores, 'IN', 'OUT')).toEqual(['OUT']);
    db.close();
  });

  it('refuses the unit’s stores once the unit has ended', async () => {
    const { db, stores } = setup();
    let kept: Parameters<Parameters<Stores['transaction']>[0]>[0] | undefined;
    await stores.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.bills.insert({ ...BILL, billId: 'LATE' })).rejects.toThrow(
      'unit of work already ended',
    );
    expect(await billIds(stores, 'LATE')).toEqual([]);
    db.close();
  });
});
