// Brings a PostgreSQL database to the schema this code knows (schema.ts), at start. Several BFF
// instances start at once against one database: the first to take a session advisory lock
// migrates, the others wait for the lock and then find nothing left to do. Each migration runs
// in its own transaction with its row in schema_migrations, so a crash mid-way leaves the
// database at the previous version, and the next start carries on.
import type { Pool, QueryConfig, QueryResultRow } from 'pg';
import type { Logger } from 'pino';

import { PG_MIGRATIONS, type PgMigration } from './schema';
import { holdClient, isPostgresError } from './sql';

/** The advisory lock key migrations hold ('ybm' 'migr' in ASCII; one-key space, apart from jobs). */
export const MIGRATION_LOCK = '0x79626d6d696772';

/** How long a migration's statement (the lock's wait included) may take. */
const MIGRATION_QUERY_TIMEOUT_MS = 10 * 60_000;

export interface MigrateOptions {
  logger?: Pick<Logger, 'info'>;
  /** When each migration is recorded as applied; the wall clock by default (no service runs yet). */
  now?: () => number;
  /** Tests pass their own list. */
  migrations?: readonly PgMigration[];
}

export async function migratePostgres(pool: Pool, options: MigrateOptions = {}): Promise<number[]> {
  const migrations = [...(options.migrations ?? PG_MIGRATIONS)].sort((a, b) => a.version - b.version);
  const now = options.now ?? Date.now;
  const client = await pool.connect();
  const held = holdClient(client);
  // Waiting for another instance's migration, or a long one, is not a stuck query: the pool's
  // usual deadline (query_timeout) would fail a start that only had to wait its turn.
  const run = <R extends QueryResultRow>(text: string, values?: unknown[]) =>
    client.query<R>({ text, values, query_timeout: MIGRATION_QUERY_TIMEOUT_MS } as QueryConfig);
  let broken: Error | undefined;
  try {
    // Waits for another starting instance to finish; released below or with the connection.
    await run('SELECT pg_advisory_lock($1::bigint)', [BigInt(MIGRATION_LOCK).toString()]);
    try {
      await run(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
      const { rows } = await run<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((row) => row.version));
      const newest = Math.max(0, ...applied);
      if (!migrations.some((m) => m.version === newest) && newest > 0) {
        throw new Error(`database is at schema version ${newest}, newer than this code knows`);
      }
      const ran: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await run('BEGIN');
        try {
          await run(migration.up);
          await run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            now(),
          ]);
          await run('COMMIT');
        } catch (error) {
          await run('ROLLBACK').catch(() => undefined);
          throw error;
        }
        ran.push(migration.version);
        options.logger?.info({ version: migration.version, name: migration.name }, 'PostgreSQL migrated');
      }
      return ran;
    } finally {
      await run('SELECT pg_advisory_unlock($1::bigint)', [BigInt(MIGRATION_LOCK).toString()]);
    }
  } catch (error) {
    // A broken connection is dropped (its session and lock end with it), not put back.
    if (!isPostgresError(error) && error instanceof Error) broken = error;
    throw error;
  } finally {
    held.release(broken);
  }
}
