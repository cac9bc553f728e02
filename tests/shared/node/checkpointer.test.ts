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

  it('leaves an in-memory database alone', async () => {
    const db = openDatabase(':memory:', MIGRATIONS);
    const checkpointer = startCheckpointer(db);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
