// The WAL checkpointer on a real database file: the serving connection no longer
// checkpoints inside its commits, the worker's own connection moves the WAL into the
// database meanwhile, and stopping leaves an empty WAL and every row readable.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startCheckpointer } from '../../../shared/src/node/checkpointer';
import { openDatabase } from '../../../shared/src/node/sqlite';

const MIGRATIONS = [
  { version: 1, name: 'rows', up: 'CREATE TABLE rows (id INTEGER PRIMARY KEY, text TEXT)' },
];

describe('startCheckpointer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints from its own thread and truncates the WAL when stopped', async () => {
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase(file, MIGRATIONS);
    const checkpointer = startCheckpointer(db, { intervalMs: 20 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const insert = db.prepare('INSERT INTO rows (text) VALUES (?)');
    // Each commit appends pages to the WAL; none of them checkpoints any more.
    for (let i = 0; i < 1500; i += 1) insert.run('x'.repeat(2000));
    const wal = `${file}-wal`;
    expect(statSync(wal).size).toBeGreaterThan(1000 * 4096);

    // The worker copies the WAL into the database file in the background.
    const deadline = Date.now() + 10_000;
    while (statSync(file).size < 1500 * 2000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(file).size).toBeGreaterThan(1500 * 2000);

    await checkpointer.stop();
    expect(statSync(wal).size).toBe(0);
    expect(db.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(1500);
    db.close();
  });

  it('keeps the WAL bounded while commits never pause', async () => {
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase(file, MIGRATIONS);
    // 200 frames ≈ 0.8 MB: past it the WAL is rewound.
    const checkpointer = startCheckpointer(db, { intervalMs: 5, restartFrames: 200 });
    await checkpointer.ready;
    const insert = db.prepare('INSERT INTO rows (text) VALUES (?)');
    const wal = `${file}-wal`;
    // ≈ 16 MB of rows, a commit every ≈ 0.2 ms (paced by a blocking wait): no PASSIVE pass
    // of the worker can finish between two commits, so without the rewind the WAL would hold
    // all of it. The loop yields to the event loop every 100 rows, as a server does between
    // requests, which is where the serving connection's own checkpoint runs.
    const pace = new Int32Array(new SharedArrayBuffer(4));
    let largest = 0;
    for (let i = 0; i < 8000; i += 1) {
      insert.run('x'.repeat(2000));
      Atomics.wait(pace, 0, 0, 0.2);
      if (i % 100 === 99) {
        largest = Math.max(largest, statSync(wal).size);
        await new Promise(setImmediate);
      }
    }
    // ≈ 1 MB here with the rewind, ≈ 64 MB without it; the margin is for a busy machine.
    expect(largest).toBeLessThan(16 * 1024 * 1024);
    await checkpointer.stop();
    expect(db.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(8000);
    db.close();
  });

  it('leaves an in-memory database alone', async () => {
    const db = openDatabase(':memory:', MIGRATIONS);
    const checkpointer = startCheckpointer(db);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
