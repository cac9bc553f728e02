import { inTransaction, openDatabase, type Db } from '@ybm/shared/node';

describe('inTransaction', () => {
  let db: Db;
  const count = () => db.prepare('SELECT count(*) FROM t').pluck().get() as number;

  beforeEach(() => {
    db = openDatabase(':memory:', [{ version: 1, name: 't', up: 'CREATE TABLE t (id INTEGER PRIMARY KEY)' }]);
  });
  afterEach(() => db.close());

  it('commits what the function wrote and returns what it returned', () => {
    const answer = inTransaction(db, () => {
      db.prepare('INSERT INTO t DEFAULT VALUES').run();
      expect(db.inTransaction).toBe(true);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(db.inTransaction).toBe(false);
    expect(count()).toBe(1);
  });

  it('rolls everything back when the function throws', () => {
    expect(() =>
      inTransaction(db, () => {
        db.prepare('INSERT INTO t DEFAULT VALUES').run();
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(count()).toBe(0);
  });

  it('nests as a savepoint: an inner failure caught outside keeps the outer writes', () => {
    inTransaction(db, () => {
      db.prepare('INSERT INTO t DEFAULT VALUES').run();
      expect(() =>
        inTransaction(db, () => {
          db.prepare('INSERT INTO t DEFAULT VALUES').run();
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(count()).toBe(1);
  });

  it('runs an immediate transaction the same way', () => {
    expect(
      inTransaction(db, () => db.prepare('INSERT INTO t DEFAULT VALUES').run().changes, 'immediate'),
    ).toBe(1);
    expect(count()).toBe(1);
  });
});
