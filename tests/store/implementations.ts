// The implementations of the store ports (bff/src/store/ports.ts) the contract suite runs
// against: every suite in tests/store runs once per entry. An entry opens a fresh, empty set of
// stores on the injected clock and closes it; nothing in the suite reaches past the ports, so an
// implementation on another database plugs in here and nowhere else. (One that needs servers
// starts them on its first `open` and stops them in an `afterAll` of its own.)
import { createGroupCommit } from '@ybm/shared/node';

import { openBffDatabase } from '../../bff/src/store/db';
import type { Stores } from '../../bff/src/store/ports';
import { closeRedis, openRedis } from '../../bff/src/store/redis/client';
import { createRedisSessionStore } from '../../bff/src/store/redis/sessions';
import { createSqliteStores } from '../../bff/src/store/sqlite-stores';
import { startTestPostgres, startTestRedis, type Engine } from '../support/engines';
import { createDatabase, openPgInstance } from '../support/pg-stores';

export interface OpenStores {
  stores: Stores;
  /**
   * Another instance's stores on the same database (another BFF process, as far as the
   * implementation can tell), closed with these; absent where an implementation cannot make one.
   */
  another?(): Promise<Stores>;
  close(): Promise<void>;
}

export interface StoreImplementation {
  name: string;
  open(now: () => number): Promise<OpenStores>;
  /** Its `open` gives `another` (the suites that need two instances on one database run). */
  opensAnother?: boolean;
}

const sqlite: StoreImplementation = {
  name: 'SQLite',
  opensAnother: true,
  async open(now) {
    const db = openBffDatabase(':memory:');
    const commitsOf = [createGroupCommit(db)];
    const storesOn = (commits: ReturnType<typeof createGroupCommit>) =>
      createSqliteStores(db, { now, commits, phoneHashKey: Buffer.alloc(32, 7) });
    return {
      stores: storesOn(commitsOf[0]!),
      // One SQLite file is one process's: another instance is another set of stores on it.
      async another() {
        const commits = createGroupCommit(db);
        commitsOf.push(commits);
        return storesOn(commits);
      },
      async close() {
        for (const commits of commitsOf) commits.flush();
        db.close();
      },
    };
  },
};

// The scaled mode's: PostgreSQL for every store but sessions, Redis for those, as main.ts opens
// them (bff/src/store/scaled.ts). The engines start at the first `open` of a test file and stop
// after it; each `open` is a new database and a new key prefix, so no test sees another's rows.
let engines: Promise<{ postgres: Engine; redis: Engine }> | undefined;
let opened = 0;
// Starting the engines the first time (initdb of the cluster template) takes longer than a hook may.
jest.setTimeout(60_000);
afterAll(async () => {
  const started = await engines?.catch(() => undefined);
  engines = undefined;
  await Promise.allSettled([started?.postgres.stop(), started?.redis.stop()]);
});

const postgresAndRedis: StoreImplementation = {
  name: 'PostgreSQL + Redis',
  opensAnother: true,
  async open(now) {
    engines ??= Promise.all([startTestPostgres(), startTestRedis()]).then(([postgres, redis]) => ({
      postgres,
      redis,
    }));
    const { postgres, redis } = await engines;
    const client = openRedis(redis.url);
    opened += 1;
    const sessions = createRedisSessionStore(client, { now, prefix: `store${opened}:` });
    const url = await createDatabase(postgres);
    const instance = await openPgInstance(url, now, sessions);
    const others: Awaited<ReturnType<typeof openPgInstance>>[] = [];
    return {
      stores: instance.stores,
      // Another BFF process: its own pool on the same database, the same Redis.
      async another() {
        const other = await openPgInstance(url, now, sessions);
        others.push(other);
        return other.stores;
      },
      async close() {
        for (const other of others) await other.close();
        await instance.close();
        await closeRedis(client);
      },
    };
  },
};

export const STORE_IMPLEMENTATIONS: StoreImplementation[] = [sqlite, postgresAndRedis];
