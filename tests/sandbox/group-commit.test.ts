// Group commit: the writes of one turn share one transaction, each caller is answered only
// once its write is committed, and one write's refusal touches nobody else's.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';

import { groupCommit } from '../../bff/sandbox/insurance/group-commit';
import { openDatabase, type Db } from '../../bff/sandbox/lib/sqlite';

describe('groupCommit', () => {
  let dir: string;
  let db: Db;
  /** A second connection: it sees only what is committed. */
  let reader: Database.Database;
  const committed = () => reader.prepare('SELECT name FROM t ORDER BY id').pluck().all();
  const insert = (name: string) => () => db.prepare('INSERT INTO t (name) VALUES (?)').run(name).changes;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-group-commit-'));
    db = openDatabase(path.join(dir, 'db.sqlite'), [
      { version: 1, name: 't', up: 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)' },
    ]);
    reader = new Database(path.join(dir, 'db.sqlite'), { readonly: true });
  });
  afterEach(() => {
    reader.close();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the writes of one turn in one transaction after the turn, then answers each', async () => {
    const commits = groupCommit(db);
    const seenInside: unknown[] = [];
    const first = commits.run(insert('a'));
    const second = commits.run(() => {
      // The first write is visible here, not yet committed: the same transaction.
      seenInside.push(db.prepare('SELECT count(*) FROM t').pluck().get(), committed().length);
      return insert('b')();
    });
    commits.defer(insert('audit'));
    expect(committed()).toEqual([]); // nothing has run yet in this turn

    await expect(Promise.all([first, second])).resolves.toEqual([1, 1]);
    expect(seenInside).toEqual([1, 0]);
    expect(committed()).toEqual(['a', 'b', 'audit']);
  });

  it('answers a caller only once its write is committed', async () => {
    const seenByCaller = await groupCommit(db)
      .run(insert('a'))
      .then(() => committed());
    expect(seenByCaller).toEqual(['a']);
  });

  it('undoes and rejects only the write that throws', async () => {
    const commits = groupCommit(db);
    const kept = commits.run(insert('kept'));
    const refused = commits.run(() => {
      insert('undone')();
      throw new Error('refused');
    });
    await expect(refused).rejects.toThrow('refused');
    await expect(kept).resolves.toBe(1);
    expect(committed()).toEqual(['kept']);
  });

  it('commits what is pending at once on flush (before the database closes)', () => {
    const commits = groupCommit(db);
    commits.defer(insert('audit'));
    commits.flush();
    expect(committed()).toEqual(['audit']);
  });

  it('rejects the callers when the database closed before the commit', async () => {
    const pending = groupCommit(db).run(insert('late'));
    db.close();
    await expect(pending).rejects.toThrow('database closed');
  });
});
