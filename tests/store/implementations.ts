// The implementations of the store ports (bff/src/store/ports.ts) the contract suite runs
// against: every suite in tests/store runs once per entry. An entry opens a fresh, empty set of
// stores on the injected clock and closes it; nothing in the suite reaches past the ports, so an
// implementation on another database plugs in here and nowhere else. (One that needs servers
// starts them on its first `open` and stops them in an `afterAll` of its own.)
import { createGroupCommit } from '@ybm/shared/node';

import { openBffDatabase } from '../../bff/src/store/db';
import type { Stores } from '../../bff/src/store/ports';
import { createSqliteStores } from '../../bff/src/store/sqlite-stores';

export interface OpenStores {
  stores: Stores;
  close(): Promise<void>;
}

export interface StoreImplementation {
  name: string;
  open(now: () => number): Promise<OpenStores>;
}

const sqlite: StoreImplementation = {
  name: 'SQLite',
  async open(now) {
    const db = openBffDatabase(':memory:');
    const commits = createGroupCommit(db);
    const stores = createSqliteStores(db, { now, commits, phoneHashKey: Buffer.alloc(32, 7) });
    return {
      stores,
      async close() {
        commits.flush();
        db.close();
      },
    };
  },
};

export const STORE_IMPLEMENTATIONS: StoreImplementation[] = [sqlite];
