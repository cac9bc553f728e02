// The BFF's schema on PostgreSQL (store/pg/migrate.ts): instances starting together against one
// fresh database migrate it once between them (an advisory lock), the second start changes
// nothing, and a database a newer BFF migrated is refused rather than used half-understood.
import { Pool, type PoolConfig } from 'pg';

import { migratePostgres } from '../../bff/src/store/pg';
import { MIGRATION_LOCK } from '../../bff/src/store/pg/migrate';
import { PG_MIGRATIONS } from '../../bff/src/store/pg/schema';
import { startTestPostgres, type Engine } from '../support/engines';
import { createDatabase, lockWaiters, quietPool } from '../support/pg-stores';

const MIGRATION_LOCK_KEY = BigInt(MIGRATION_LOCK).toString();

let engine: Engine;
const pools: Pool[] = [];

beforeAll(async () => {
  engine = await startTestPostgres();
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await engine?.stop();
});

async function freshPool(url?: string): Promise<Pool> {
  const pool = quietPool(url ?? (await createDatabase(engine)), 3);
  pools.push(pool);
  return pool;
}

const tables = async (pool: Pool) =>
  (
    await pool.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
  ).rows.map((row) => row.name);

describe('migratePostgres', () => {
  it('lets two instances starting at once on a fresh database both succeed, with one schema', async () => {
    const first = await freshPool();
    const second = await freshPool(first.options.connectionString);
    const [a, b] = await Promise.all([migratePostgres(first), migratePostgres(second)]);

    // One of them ran every version; the other waited for the lock and found nothing to do.
    expect([a, b].sort((x, y) => y.length - x.length)).toEqual([[1, 2], []]);
    const versions = await first.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.rows).toEqual([{ version: 1 }, { version: 2 }]);
    expect(await tables(first)).toEqual(
      [
        'audit_log',
        'bills',
        'bindings',
        'cash_notifications',
        'cash_orders',
        'cash_refunds',
        'claims',
        'consents',
        'family_members',
        'inbound_events',
        'inbox',
        'last_good',
        'notifications',
        'pay_requests',
        'preferences',
        'recoveries',
        'schema_migrations',
        'sms_log',
        'voucher_events',
      ].sort(),
    );
  });

  it('waits for the instance holding the migration lock, however long past the query deadline, then migrates', async () => {
    const first = await freshPool();
    const url = first.options.connectionString;
    // A starting instance mid-migration: it holds the lock.
    const holder = await first.connect();
    await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    let settled = false;
    // With the BFF's deadline on queries far shorter than the wait: waiting its turn is no failure.
    const impatient = new Pool({ connectionString: url, max: 1, query_timeout: 1 } as PoolConfig);
    impatient.on('error', () => undefined); // cut when the server stops at the end
    pools.push(impatient);
    const waiting = migratePostgres(impatient).finally(() => (settled = true));
    await lockWaiters(first, 1);
    expect(settled).toBe(false);
    await holder.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    holder.release();
    expect(await waiting).toEqual([1, 2]);
  });

  it('changes nothing when run again, and keeps what the tables hold', async () => {
    const pool = await freshPool();
    await migratePostgres(pool);
    await pool.query(
      `INSERT INTO bills (bill_id, psn_no, app_id, pay_token, status, details_json, created_at, updated_at)
       VALUES ('B1', 'P1', 'APP', 'T', 'unpaid', '{}', '2026-12-07T10:00:00Z', 0)`,
    );
    expect(await migratePostgres(pool)).toEqual([]);
    expect((await pool.query('SELECT bill_id FROM bills')).rows).toEqual([{ bill_id: 'B1' }]);
  });

  it('keeps the schema’s rules: CHECKs, one live cash order per bill, times as bigint', async () => {
    const pool = await freshPool();
    await migratePostgres(pool);
    await pool.query(
      `INSERT INTO bills (bill_id, psn_no, app_id, pay_token, status, details_json, created_at, updated_at)
       VALUES ('B1', 'P1', 'APP', 'T', 'unpaid', '{}', '2026-12-07T10:00:00Z', 1796630400000)`,
    );
    await expect(
      pool.query(
        `INSERT INTO notifications (bill_id, channel, platform_user_id, status, next_attempt_at, created_at)
         VALUES ('B1', 'wechat', 'o1', 'lost', 0, 0)`,
      ),
    ).rejects.toThrow(/check constraint/);
    const order = (id: string, status: string) =>
      pool.query(
        `INSERT INTO cash_orders (order_id, bill_id, psn_no, channel, provider, payer, amount_fen, status,
           expires_at, created_at, updated_at)
         VALUES ($1, 'B1', 'P1', 'wechat', 'wechatpay', 'o1', 100, $2, 0, 0, 0)`,
        [id, status],
      );
    await order('C1', 'closed');
    await order('C2', 'open');
    await expect(order('C3', 'placing')).rejects.toThrow(/cash_orders_live/);
    const { rows } = await pool.query("SELECT updated_at FROM bills WHERE bill_id = 'B1'");
    expect(rows).toEqual([{ updated_at: '1796630400000' }]);
  });

  it('refuses a database a newer BFF migrated', async () => {
    const pool = await freshPool();
    await migratePostgres(pool, {
      migrations: [...PG_MIGRATIONS, { version: 99, name: 'from the future', up: 'SELECT 1' }],
    });
    await expect(migratePostgres(pool)).rejects.toThrow('database is at schema version 99');
  });
});
