// The stores of ports.ts on one SQLite connection. better-sqlite3 is synchronous and its
// transactions cannot span an `await`, so the unit of work is made here by hand: a lock on the
// connection, BEGIN IMMEDIATE, the awaited callback, COMMIT (ROLLBACK when it rejects). While
// a unit holds the connection, every other call on the stores waits its turn behind it (a
// statement run meanwhile would join the open transaction and be undone with it, or read its
// half-done writes); units of work queue one after the other. Without a unit in progress a
// call runs at once, as before. `exclusively` keeps the jobs running in this process: the file
// is this process's alone.
import path from 'node:path';

import type { GroupCommit } from '@ybm/shared/node';

import { createAuditLog } from './audit';
import { aroundOf } from './audit-port';
import { createBillStore } from './bills';
import { createBindingStore } from './bindings';
import { createCashOrderStore } from './cash-orders';
import { createClaimStore } from './claims';
import { createConsentStore } from './consents';
import type { Db } from './db';
import { createEventStore } from './events';
import { createFamilyStore } from './family';
import { createInboxStore } from './inbox';
import { createLastGoodStore } from './last-good';
import { createConnectionLock, type ConnectionLock } from './lock';
import { createNotificationStore } from './notifications';
import { createPreferenceStore } from './preferences';
import { createRecoveryStore } from './recoveries';
import type { AuditLog, Stores, TxStores } from './ports';
import { createSessionStore } from './sessions';
import { createWithdrawalStore } from './withdrawal';

/** A synchronous store's methods as the ports say them: each answers a Promise. */
type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : T[K] extends object
      ? Promised<T[K]>
      : T[K];
};

/** `store` with every call made through `call` (which runs it now, or later, and answers a Promise). */
function promised<T extends object>(store: T, call: <R>(run: () => R) => Promise<R>): Promised<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    out[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => call(() => (value as (...a: unknown[]) => unknown).apply(store, args))
        : value && typeof value === 'object'
          ? promised(value as object, call)
          : value;
  }
  return out as Promised<T>;
}

const settled = <R>(run: () => R): Promise<R> => {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error);
  }
};

export interface SqliteStoresOptions {
  now: () => number;
  /** Where writes nobody waits for go (audit rows, session touches). */
  commits: GroupCommit;
  phoneHashKey: Buffer;
  /** Tests pass their own to see what the lock does. */
  lock?: ConnectionLock;
}

export function createSqliteStores(db: Db, options: SqliteStoresOptions): Stores {
  const { now, commits } = options;
  const lock = options.lock ?? createConnectionLock();
  const sync = {
    sessions: createSessionStore(db, now, undefined, commits),
    bindings: createBindingStore(db, now),
    claims: createClaimStore(db, { now, phoneHashKey: options.phoneHashKey }),
    consents: createConsentStore(db),
    events: createEventStore(db),
    bills: createBillStore(db, now),
    inbox: createInboxStore(db, now),
    notifications: createNotificationStore(db, now),
    cash: createCashOrderStore(db, now),
    preferences: createPreferenceStore(db, now),
    lastGood: createLastGoodStore(db),
    recoveries: createRecoveryStore(db, now),
    withdrawal: createWithdrawalStore(db),
    family: createFamilyStore(db, now),
  };
  const audit = createAuditLog(db, commits, now);

  /** The stores through `call`; `around` is the port's, written over `record`. */
  function view(call: <R>(run: () => R) => Promise<R>): TxStores {
    const record = (entry: Parameters<AuditLog['record']>[0]) => call(() => audit.record(entry));
    const auditPort: AuditLog = {
      record,
      around: aroundOf(record),
      ofPerson: (psnNo, limit) => call(() => audit.ofPerson(psnNo, limit)),
    };
    return {
      sessions: promised(sync.sessions, call),
      bindings: promised(sync.bindings, call),
      claims: promised(sync.claims, call),
      consents: promised(sync.consents, call),
      events: promised(sync.events, call),
      bills: promised(sync.bills, call),
      inbox: promised(sync.inbox, call),
      notifications: promised(sync.notifications, call),
      cash: promised(sync.cash, call),
      // These answer Promises already, with their work done before they return.
      preferences: promised(sync.preferences, call),
      lastGood: promised(sync.lastGood, call),
      recoveries: promised(sync.recoveries, call),
      withdrawal: promised(sync.withdrawal, call),
      family: promised(sync.family, call),
      audit: auditPort,
    };
  }

  return {
    ...view((run) => lock.run(run)),
    async exclusively(job, work) {
      const running = runningJobs(db);
      if (running.has(job)) return { ran: false };
      running.add(job);
      try {
        return { ran: true, value: await work() };
      } finally {
        running.delete(job);
      }
    },
    async transaction(work) {
      await lock.acquire();
      let open = true;
      const tx = view((run) =>
        open ? settled(run) : Promise.reject(new Error('unit of work already ended')),
      );
      try {
        // Deferred writes of earlier turns commit on their own, not inside this unit.
        commits.flush();
        db.prepare('BEGIN IMMEDIATE').run();
        try {
          const result = await work(tx);
          db.prepare('COMMIT').run();
          return result;
        } catch (error) {
          if (db.inTransaction) db.prepare('ROLLBACK').run();
          throw error;
        }
      } finally {
        open = false;
        lock.release();
      }
    },
  };
}

/**
 * The jobs running on a database. One SQLite file is one process's, so this process knows them
 * all: per file (every connection and every set of stores on it share one set), or per
 * connection for an in-memory database.
 */
const jobsOfFile = new Map<string, Set<string>>();
const jobsInMemory = new WeakMap<Db, Set<string>>();
function runningJobs(db: Db): Set<string> {
  if (db.memory) {
    const jobs = jobsInMemory.get(db) ?? new Set<string>();
    jobsInMemory.set(db, jobs);
    return jobs;
  }
  const file = path.resolve(db.name);
  const jobs = jobsOfFile.get(file) ?? new Set<string>();
  jobsOfFile.set(file, jobs);
  return jobs;
}
