// The stores of ports.ts on PostgreSQL (the scaled mode: several BFF instances on one database),
// except sessions, which are passed in (Redis there). Outside a unit of work each call is one
// statement on the pool. A unit of work takes a client of its own: BEGIN, the awaited callback
// through stores bound to that client, COMMIT (ROLLBACK when it rejects, and the rejection is
// passed on); the client is always given back. Units on PostgreSQL may run side by side, unlike
// SQLite's; what keeps them right is said at `Stores.transaction` (ports.ts) and in each store.
import type { Pool } from 'pg';
import type { Logger } from 'pino';

import type { Breaker } from '../../services/breaker';
import type { SessionStore, Stores, TxStores } from '../ports';
import { createAuditQueue, createPgAuditLog, type AuditQueue } from './audit';
import { createPgBillStore } from './bills';
import { createPgBindingStore } from './bindings';
import { createPgCashOrderStore } from './cash-orders';
import { createPgClaimStore } from './claims';
import { createPgConsentStore } from './consents';
import { createPgEventStore } from './events';
import { createExclusively } from './exclusive';
import { createPgFamilyStore } from './family';
import { guardPool } from './guard';
import { createPgInboxStore } from './inbox';
import { createPgNotificationStore } from './notifications';
import { createPgLastGoodStore } from './last-good';
import { createPgPreferenceStore } from './preferences';
import { createPgRecoveryStore } from './recoveries';
import { clientDb, isPostgresError, poolDb, withTransaction, type PgDb } from './sql';
import { createPgWithdrawalStore } from './withdrawal';

export { migratePostgres } from './migrate';

export interface PgStoresOptions {
  now: () => number;
  /** HMAC-SHA-256 key of the SMS log's phones (config PHONE_HASH_KEY). */
  phoneHashKey: Buffer;
  sessions: SessionStore;
  logger?: Pick<Logger, 'error' | 'warn'>;
  /** PostgreSQL's circuit breaker (issue 26): every statement and connection goes through it. */
  breaker?: Breaker;
}

/**
 * serialization_failure and deadlock_detected: PostgreSQL undid the whole unit (a deadlock
 * between two units that lock the same rows in another order), so it can run again as if first.
 */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

export function createPgStores(pool: Pool, options: PgStoresOptions): Stores & { close(): Promise<void> } {
  const { now, sessions } = options;
  const entry = options.breaker ? guardPool(pool, options.breaker) : pool;
  const queue = createAuditQueue(poolDb(entry), options.logger);
  // An idle connection the server closed (a restart, a failover, a shutdown racing the pool's
  // end) is dropped by the pool, which then emits 'error': unheard, that would end the process.
  const onIdleError = (error: Error) =>
    options.logger?.warn({ err: error }, 'an idle PostgreSQL connection was lost; the pool opens another');
  pool.on('error', onIdleError);

  const view = (db: PgDb, audit: AuditQueue): TxStores => ({
    sessions,
    bindings: createPgBindingStore(db),
    claims: createPgClaimStore(db, { now, phoneHashKey: options.phoneHashKey }),
    consents: createPgConsentStore(db),
    events: createPgEventStore(db),
    bills: createPgBillStore(db, now),
    inbox: createPgInboxStore(db, now),
    notifications: createPgNotificationStore(db, now),
    cash: createPgCashOrderStore(db, now),
    preferences: createPgPreferenceStore(db, now),
    lastGood: createPgLastGoodStore(db),
    recoveries: createPgRecoveryStore(db, now),
    withdrawal: createPgWithdrawalStore(db, sessions),
    family: createPgFamilyStore(db, now),
    audit: createPgAuditLog(db, audit, now),
  });

  return {
    ...view(poolDb(entry), queue),
    async transaction(work) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await withTransaction(entry, async (client) => {
            let open = true;
            try {
              return await work(
                view(
                  clientDb(client, () => open),
                  queue,
                ),
              );
            } finally {
              open = false;
            }
          });
        } catch (error) {
          if (isPostgresError(error) && RETRYABLE.has(error.code) && attempt < ATTEMPTS) {
            options.logger?.warn({ code: error.code, attempt }, 'unit of work undone by PostgreSQL; again');
            continue;
          }
          throw error;
        }
      }
    },
    exclusively: createExclusively(entry),
    /** Writes the audit rows still waiting. The pool is the caller's to end (after this). */
    async close() {
      await queue.flush();
    },
  };
}
