// The implementations of the store ports (bff/src/store/ports.ts) the contract suite runs
// against: every suite in tests/store runs once per entry. An entry opens a fresh, empty set of
// stores on the injected clock and closes it; nothing in the suite reaches past the ports, so an
// implementation on another database plugs in here and nowhere else. (One that needs servers
// starts them on its first `open` and stops them in an `afterAll` of its own.)
import { createGroupCommit } from '@ybm/shared/node';

import { openBffDatabase } from '../../bff/src/store/db';
import type { Stores } from '../../bff/src/store/ports';
import { createSqliteStores } from '../../bff/src/store/sqlite-stores';
import { startTestPostgres, type Engine } from '../support/engines';
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

// One server per test file (jest loads this module afresh for each), started by the first
// `open`; a fresh database per `open`. Sessions are not PostgreSQL's: an in-memory SessionStore
// stands in until the Redis one is plugged in here.
let postgresServer: Promise<Engine> | undefined;
afterAll(async () => {
  const server = postgresServer;
  postgresServer = undefined;
  await (await server)?.stop();
});

const postgres: StoreImplementation = {
  name: 'PostgreSQL',
  async open(now) {
    postgresServer ??= startTestPostgres();
    const instance = await openPgInstance(await createDatabase(await postgresServer), now);
    return { stores: instance.stores, close: () => instance.close() };
  },
};

export const STORE_IMPLEMENTATIONS: StoreImplementation[] = [sqlite, postgres];
