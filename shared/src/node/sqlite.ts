// SQLite for the BFF and the sandboxes (better-sqlite3): a file under .data/ by default,
// ':memory:' in tests, with versioned migrations applied in order, each in its own transaction.
// Node-only (exported as @ybm/shared/node): never imported by the mini-program.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Db) => void);
}

export function openDatabase(file: string, migrations: readonly Migration[]): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

type Runner = Database.Transaction<(fn: () => unknown) => unknown>;
const runners = new WeakMap<Db, Runner>();

/**
 * Runs `fn` in a transaction (nested: a savepoint) and returns what it returns; rolls back
 * when it throws. Prefer it to `db.transaction(fn)()` on a request's path: better-sqlite3
 * builds four wrapper functions on each transaction() call, so this builds them once per
 * database. `immediate` takes the write lock before the first read.
 */
export function inTransaction<T>(db: Db, fn: () => T, mode: 'deferred' | 'immediate' = 'deferred'): T {
  let runner = runners.get(db);
  if (!runner) {
    runner = db.transaction((work: () => unknown) => work());
    runners.set(db, runner);
  }
  return (mode === 'immediate' ? runner.immediate(fn) : runner(fn)) as T;
}

export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const known = new Set(migrations.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > Math.max(0, ...known)) {
    throw new Error(`database is at schema version ${newest}, newer than this code knows`);
  }
  const ran: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    ran.push(migration.version);
  }
  return ran;
}
