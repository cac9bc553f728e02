// Brings a PostgreSQL database to the schema this code knows (schema.ts), at start. Several BFF
// instances start at once against one database: the first to take a session advisory lock
// migrates, the others wait for the lock and then find nothing left to do. Each migration runs
// in its own transaction with its row in schema_migrations, so a crash mid-way leaves the
// database at the previous version, and the next start carries on.
import type { Pool } from 'pg';
import type { Logger } from 'pino';

import { PG_MIGRATIONS, type PgMigration } from './schema';
import { holdClient, inTransaction, isPostgresError } from './sql';

/** The advisory lock key migrations hold ('ybm' 'migr' in ASCII; one-key space, apart from jobs). */
export const MIGRATION_LOCK = '0x79626d6d696772';

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
  let broken: Error | undefined;
  try {
    // Waits for another starting instance to finish; released below or with the connection.
    await client.query('SELECT pg_advisory_lock($1::bigint)', [BigInt(MIGRATION_LOCK).toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((row) => row.version));
      const newest = Math.max(0, ...applied);
      if (!migrations.some((m) => m.version === newest) && newest > 0) {
        throw new Error(`database is at schema version ${newest}, newer than this code knows`);
      }
      const ran: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await inTransaction(client, async () => {
          await client.query(migration.up);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [migration.version, migration.name, now()],
          );
        });
        ran.push(migration.version);
        options.logger?.info({ version: migration.version, name: migration.name }, 'PostgreSQL migrated');
      }
      return ran;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [BigInt(MIGRATION_LOCK).toString()]);
    }
  } catch (error) {
    // A broken connection is dropped (its session and lock end with it), not put back.
    if (!isPostgresError(error) && error instanceof Error) broken = error;
    throw error;
  } finally {
    held.release(broken);
  }
}
