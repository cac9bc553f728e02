// Prepared statements made once per database and reused: a module declares its statements
// with preparedFor() (called with the db) or preparedStatements() (called with a context),
// and every call on the same database gets the same compiled set. Shared by several areas:
// keep both exports.
import type { Db } from '../../lib/sqlite';

export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const byDb = new WeakMap<Db, T>();
  return (db) => {
    let statements = byDb.get(db);
    if (!statements) {
      statements = build(db);
      byDb.set(db, statements);
    }
    return statements;
  };
}

/** The same, called with anything that carries the db (a SandboxContext or a Pick of it). */
export function preparedStatements<T>(build: (db: Db) => T): (ctx: { db: Db }) => T {
  const forDb = preparedFor(build);
  return (ctx) => forDb(ctx.db);
}

/**
 * Statements for each combination of optional filters, made once per database, with a
 * condition in the WHERE only for each filter given: one statement with `@x IS NULL OR …`
 * for every filter would serve every combination, but keeps SQLite from the index a given
 * filter could use. Returns the statements and the parameters to bind (the given filters).
 */
export function filteredStatements<K extends string, T>(
  conditions: Record<K, string>,
  make: (db: Db, where: string) => T,
): (
  db: Db,
  filters: Partial<Record<K, string | number | null>>,
) => { statements: T; params: Record<string, unknown> } {
  const keys = Object.keys(conditions) as K[];
  const madeFor = preparedFor(() => new Map<string, T>());
  return (db, filters) => {
    const given = keys.filter((key) => filters[key] !== undefined && filters[key] !== null);
    const made = madeFor(db);
    const id = given.join(',');
    let statements = made.get(id);
    if (!statements) {
      statements = make(db, given.length ? `WHERE ${given.map((key) => conditions[key]).join(' AND ')}` : '');
      made.set(id, statements);
    }
    return { statements, params: Object.fromEntries(given.map((key) => [key, filters[key]])) };
  };
}
