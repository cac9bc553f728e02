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
