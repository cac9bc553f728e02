// The PostgreSQL stores on a throwaway server for tests: a fresh database per call (CREATE
// DATABASE on the server of the test file), migrated, and the stores on a pool of their own —
// "an instance". Sessions live outside PostgreSQL (Redis in the scaled mode): here a small
// in-memory SessionStore stands in, which is enough for what the stores ask of it.
import { createHash, randomBytes } from 'node:crypto';

import { Pool } from 'pg';

import { createPgStores, migratePostgres } from '../../bff/src/store/pg';
import type { SessionStore, Stores } from '../../bff/src/store/ports';
import type { Channel, SessionRecord } from '../../bff/src/store/records';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../bff/src/store/sessions';
import { startTestPostgres, type Engine } from './engines';

let databases = 0;

/**
 * A pool whose idle connections may be cut by the server (stopped at the end of a test file, or
 * a backend terminated on purpose) without an unhandled 'error' event failing the run.
 */
export function quietPool(url: string, max: number): Pool {
  const pool = new Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

/** A new empty database on `engine`; its URL. */
export async function createDatabase(engine: Engine): Promise<string> {
  const name = `ybm_test_${process.pid}_${(databases += 1)}`;
  const admin = quietPool(engine.url, 1);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(engine.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Sessions in memory, by token hash, with the idle and absolute expiry of the SQLite store. */
export function memorySessions(now: () => number): SessionStore {
  const sessions = new Map<string, SessionRecord>();
  const hash = (token: string) => createHash('sha256').update(token).digest('hex');
  return {
    async create(session) {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      sessions.set(hash(token), { ...session, createdAt: at, lastSeenAt: at });
      return { token, expiresAt: at + SESSION_IDLE_MS };
    },
    async resolve(token) {
      const at = now();
      const row = sessions.get(hash(token));
      if (!row) return undefined;
      if (at - row.createdAt > SESSION_ABSOLUTE_MS || at - row.lastSeenAt > SESSION_IDLE_MS) {
        sessions.delete(hash(token));
        return undefined;
      }
      row.lastSeenAt = at;
      return { ...row };
    },
    async revoke(token) {
      sessions.delete(hash(token));
    },
    async revokeUser(channel: Channel, platformUserId: string) {
      let ended = 0;
      for (const [key, row] of sessions) {
        if (row.channel === channel && row.platformUserId === platformUserId) {
          sessions.delete(key);
          ended += 1;
        }
      }
      return ended;
    },
    async removeExpired() {
      let removed = 0;
      for (const [key, row] of sessions) {
        if (now() - row.createdAt > SESSION_ABSOLUTE_MS) {
          sessions.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
  };
}

export interface PgInstance {
  stores: Stores & { close(): Promise<void> };
  pool: Pool;
  sessions: SessionStore;
  close(): Promise<void>;
}

/** Stores on their own pool against `url` (migrated first), as one BFF instance would hold them. */
export async function openPgInstance(
  url: string,
  now: () => number,
  sessions: SessionStore = memorySessions(now),
): Promise<PgInstance> {
  const pool = quietPool(url, 5);
  await migratePostgres(pool);
  const stores = createPgStores(pool, { now, phoneHashKey: Buffer.alloc(32, 7), sessions });
  return {
    stores,
    pool,
    sessions,
    async close() {
      await stores.close();
      await pool.end();
    },
  };
}

/**
 * A test file's PostgreSQL: the server started before its tests and stopped after them, and the
 * instances each test opened closed after it. `instances(count)` opens `count` on one fresh
 * database; `adopt` has one the test opened itself closed the same way.
 */
export function pgPerFile(now: () => number) {
  let engine: Engine | undefined;
  const open: PgInstance[] = [];
  beforeAll(async () => {
    engine = await startTestPostgres();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((instance) => instance.close()));
  });
  afterAll(async () => {
    await engine?.stop();
  });
  return {
    /** A new empty database on the file's server; its URL. */
    database: () => createDatabase(engine!),
    async instances(count: number): Promise<PgInstance[]> {
      const url = await createDatabase(engine!);
      const made: PgInstance[] = [];
      for (let i = 0; i < count; i += 1) made.push(await openPgInstance(url, now));
      open.push(...made);
      return made;
    },
    adopt(instance: PgInstance): PgInstance {
      open.push(instance);
      return instance;
    },
  };
}

/**
 * Resolves once `count` other connections to `url`'s database wait for a lock (a row, an index
 * entry, an advisory lock): the moment a race is set, observed on the server, not guessed.
 */
export async function lockWaiters(pool: Pool, count: number): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (Number(rows[0]?.n) >= count) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
