// rebuildTable: what SQLite cannot ALTER, changed by building the table anew — with its rows,
// its AUTOINCREMENT counter and its indexes, or not at all.
import { openDatabase, rebuildTable, type Db } from '@ybm/shared/node';

const create = (checked: string) => (name: string) =>
  `CREATE TABLE ${name} (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL CHECK (kind IN (${checked})))`;

describe('rebuildTable', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:', [
      { version: 1, name: 't', up: `${create("'a'")('t')}; CREATE INDEX t_kind ON t (kind);` },
    ]);
    db.prepare("INSERT INTO t (kind) VALUES ('a'), ('a')").run();
  });
  afterEach(() => db.close());

  const kinds = () => db.prepare('SELECT id, kind FROM t ORDER BY id').all();

  it('changes the CHECK and keeps rows, counter and indexes', () => {
    db.transaction(() =>
      rebuildTable(db, {
        table: 't',
        create: create("'a', 'b'"),
        indexes: ['CREATE INDEX t_kind ON t (kind)'],
      }),
    )();
    db.prepare("INSERT INTO t (kind) VALUES ('b')").run();
    expect(kinds()).toEqual([
      { id: 1, kind: 'a' },
      { id: 2, kind: 'a' },
      { id: 3, kind: 'b' },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all()).toEqual([
      't_kind',
    ]);
  });

  it('refuses to drop a column, and a refused rebuild leaves the table as it was', () => {
    const narrower = (name: string) => `CREATE TABLE ${name} (id INTEGER PRIMARY KEY AUTOINCREMENT)`;
    expect(() =>
      db.transaction(() => rebuildTable(db, { table: 't', create: narrower, indexes: [] }))(),
    ).toThrow(/would drop kind/);
    expect(kinds()).toHaveLength(2);
    expect(() => db.prepare("INSERT INTO t (kind) VALUES ('b')").run()).toThrow(/CHECK/);
  });

  it('runs only inside a transaction', () => {
    expect(() => rebuildTable(db, { table: 't', create: create("'a'"), indexes: [] })).toThrow(/transaction/);
  });
});
