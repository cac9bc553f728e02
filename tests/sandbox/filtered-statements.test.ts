// Optional filters: each combination of given filters gets its own statement, made once per
// database, with only those conditions, so that a given filter can use its index.
import { filteredStatements } from '../../bff/sandbox/insurance/domain/prepared';
import { openDatabase } from '../../bff/sandbox/lib/sqlite';

function setup() {
  const db = openDatabase(':memory:', [
    {
      version: 1,
      name: 't',
      up: 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER); CREATE INDEX t_a ON t (a)',
    },
  ]);
  const made: string[] = [];
  const queries = filteredStatements({ a: 'a = @a', b: 'b > @b' }, (database, where) => {
    made.push(where);
    return { rows: database.prepare(`SELECT id FROM t ${where} ORDER BY id`).pluck(), where };
  });
  return { db, made, queries };
}

describe('filteredStatements', () => {
  it('puts only the given filters in the WHERE and binds only those', () => {
    const { db, queries } = setup();
    db.exec("INSERT INTO t (a, b) VALUES ('x', 1), ('x', 5), ('y', 5)");
    const { statements, params } = queries(db, { a: 'x', b: undefined });
    expect(statements.where).toBe('WHERE a = @a');
    expect(params).toEqual({ a: 'x' });
    expect(statements.rows.all(params)).toEqual([1, 2]);

    const both = queries(db, { a: 'x', b: 2 });
    expect(both.statements.where).toBe('WHERE a = @a AND b > @b');
    expect(both.statements.rows.all(both.params)).toEqual([2]);
    const none = queries(db, { a: null });
    expect(none.statements.where).toBe('');
    expect(none.statements.rows.all(none.params)).toEqual([1, 2, 3]);
  });

  it('makes each combination once per database', () => {
    const { db, made, queries } = setup();
    queries(db, { a: 'x' });
    queries(db, { a: 'y' });
    queries(db, { b: 1 });
    expect(made).toEqual(['WHERE a = @a', 'WHERE b > @b']);
    const other = setup();
    other.queries(db, { a: 'x' });
    expect(other.made).toEqual(['WHERE a = @a']);
  });

  it('lets a given filter use its index, which `@a IS NULL OR a = @a` does not', () => {
    const { db, queries } = setup();
    const plan = (sql: string, params: Record<string, unknown>) =>
      JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params));
    const { statements, params } = queries(db, { a: 'x' });
    expect(plan(`SELECT id FROM t ${statements.where}`, params)).toContain('INDEX t_a (a=?)');
    expect(plan('SELECT id FROM t WHERE (@a IS NULL OR a = @a)', params)).toContain('SCAN t');
  });
});
