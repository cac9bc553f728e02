// Where the BFF keeps its state, chosen once at start (issue 25): the embedded SQLite file (one
// process; npm start, tests) or PostgreSQL + Redis shared by several instances behind a load
// balancer (./scaled.ts). buildDeps takes either as the same shape, so nothing above the stores
// knows which: the stores, the notifier that wakes long-polls, the rate limits and a close.
import { createGroupCommit, type GroupCommit } from '@ybm/shared/node';
import type { Logger } from 'pino';

import type { Breaker } from '../services/breaker';
import { createNotifier, type Notifier } from '../services/notifier';
import { createRateLimiter, type RateLimiter } from '../services/rate-limit';
import type { DevSms, DevSmsBoard } from '../services/sms';
import { openBffDatabase, type Db } from './db';
import type { Stores } from './ports';
import { createSqliteStores } from './sqlite-stores';

export interface Storage {
  /** Which one: 'sqlite' is one process; 'scaled' is shared by every instance. */
  kind: 'sqlite' | 'scaled';
  stores: Stores;
  /** Wakes long-polls: in this process (SQLite) or on every instance (Redis pub/sub). */
  notifier: Notifier;
  /** A sliding-window limit named `name`; in scaled mode counted across every instance. */
  rateLimiter(name: string, limit: number, windowMs: number): RateLimiter;
  /** SQLite only: the connection and its group commit (checkpoints, flush at exit, tests). */
  sqlite?: { db: Db; commits: GroupCommit };
  /** Scaled mode only: the dev SMS board every instance reads (the H5 demo's codes). */
  devSms?: DevSmsBoard & { post(phone: string, sms: DevSms): Promise<void> };
  /**
   * A cheap round trip to every engine (readiness's background probe); rejects when one does
   * not answer. In scaled mode through the engines' breakers, so it also closes them.
   */
  ping(): Promise<void>;
  /** The engines' circuit breakers (scaled mode: PostgreSQL, Redis); none for the embedded file. */
  breakers: Breaker[];
  close(): Promise<void>;
}

export function openSqliteStorage(options: {
  file: string;
  now: () => number;
  phoneHashKey: Buffer;
  logger: Pick<Logger, 'error'>;
}): Storage & { sqlite: { db: Db; commits: GroupCommit } } {
  const { now, logger } = options;
  const db = openBffDatabase(options.file);
  const commits = createGroupCommit(db, {
    onLost: (writes, error) =>
      logger.error({ err: error, writes }, 'deferred writes lost (audit rows, session touches)'),
  });
  return {
    kind: 'sqlite',
    stores: createSqliteStores(db, { now, commits, phoneHashKey: options.phoneHashKey }),
    notifier: createNotifier(),
    rateLimiter: (_name, limit, windowMs) => createRateLimiter({ limit, windowMs, now }),
    sqlite: { db, commits },
    breakers: [],
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      commits.flush();
      db.close();
    },
  };
}
