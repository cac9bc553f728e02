// Group commit of deferred writes: the writes of one turn share one transaction after the
// turn, one that fails is reported and touches nobody else's, and flush commits at once.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';

import { createGroupCommit, openDatabase, type Db } from '@ybm/shared/node';

describe('createGroupCommit', () => {
  let dir: string;
  let db: Db;
  /** A second connection: it sees only what is committed. */
  let reader: Database.Database;
  let stderr: jest.SpyInstance;
  const committed = () => reader.prepare('SELECT name FROM t ORDER BY id').pluck().all();
  const insert = (name: string) => () => {
    db.prepare('INSERT INTO t (name) VALUES (?)').run(name);
  };
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-group-commit-'));
    db = openDatabase(path.join(dir, 'db.sqlite'), [
      { version: 1, name: 't', up: 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)' },
    ]);
    reader = new Database(path.join(dir, 'db.sqlite'), { readonly: true });
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
    reader.close();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the writes of one turn in one transaction after the turn', async () => {
    const commits = createGroupCommit(db);
    const seenInside: unknown[] = [];
    commits.defer(insert('a'));
    commits.defer(() => {
      // The first write is visible here, not yet committed: the same transaction.
      seenInside.push(db.prepare('SELECT count(*) FROM t').pluck().get(), committed().length);
      insert('b')();
    });
    expect(committed()).toEqual([]); // nothing has run yet in this turn

    await nextTurn();
    expect(seenInside).toEqual([1, 0]);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('reports a write that fails and keeps the others of its turn', async () => {
    const commits = createGroupCommit(db);
    commits.defer(insert('kept'));
    commits.defer(insert('kept')); // UNIQUE: refused
    commits.defer(insert('also kept'));
    await nextTurn();
    expect(committed()).toEqual(['kept', 'also kept']);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('1 deferred write(s) lost: SqliteError'));
  });

  it('commits what is pending at once on flush (before the database closes)', () => {
    const commits = createGroupCommit(db);
    commits.defer(insert('audit'));
    commits.flush();
    expect(committed()).toEqual(['audit']);
  });

  it('reports the writes pending when the database closed before the commit', () => {
    const commits = createGroupCommit(db);
    commits.defer(insert('late'));
    commits.defer(insert('later'));
    db.close();
    commits.flush();
    expect(stderr).toHaveBeenCalledWith(
      expect.stringContaining('2 deferred write(s) lost: Error: database closed'),
    );
  });

  it('tells its owner what was lost instead of stderr when asked to', async () => {
    const lost: [number, string][] = [];
    const commits = createGroupCommit(db, { onLost: (writes, error) => lost.push([writes, String(error)]) });
    commits.defer(insert('once'));
    commits.defer(insert('once'));
    await nextTurn();
    expect(lost).toEqual([[1, expect.stringContaining('UNIQUE constraint failed')]]);
    expect(stderr).not.toHaveBeenCalled();
  });
});
