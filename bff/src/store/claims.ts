// Claims in progress: one row per attempt, moved step by step by the claim service. The
// person's data (name, document, phone, …: PURGE_CLAIM) is purged when the claim completes
// or expires: an expired claim is purged when anything reads it, and by the sweep
// (services/retention.ts) when nothing does. The SMS log keeps a keyed hash of each phone.
import { createHmac } from 'node:crypto';

import { PURGE_CLAIM, type Db } from './db';
import type { ClaimRecord } from './records';
import { CLAIM_COLUMNS as COLUMNS, selectList } from './rows';

export type { ClaimRecord };

const SELECT_LIST = selectList(COLUMNS);

function fromRow(row: Record<string, unknown>): ClaimRecord {
  return { ...(row as unknown as ClaimRecord), syncAvailable: row.syncAvailable === 1 };
}

export interface SqliteClaimStore {
  insert(claim: ClaimRecord): void;
  /** The claim, or undefined when unknown or expired: an expired claim is purged on the way. */
  get(claimId: string): ClaimRecord | undefined;
  /** Changes a live claim; false (and nothing written) when it ended or expired. */
  update(claimId: string, changes: Partial<Omit<ClaimRecord, 'claimId'>>): boolean;
  /** The claim is done: its step says so and the person's data goes. */
  complete(claimId: string): void;
  /** Purges every claim that expired and still holds the person's data; how many. */
  purgeExpired(): number;
  /** SMS sent to a phone since a time (for the daily cap), and the log of one more. */
  smsCountSince(phone: string, since: number): number;
  logSms(phone: string, at: number): void;
  /** Drops the SMS log's rows older than `at` (they no longer count); how many. */
  forgetSmsBefore(at: number): number;
}

export function createClaimStore(
  db: Db,
  options: {
    now: () => number;
    /** HMAC-SHA-256 key (config PHONE_HASH_KEY): the SMS log stores HMAC(phone), never the phone. */
    phoneHashKey: Buffer;
  },
): SqliteClaimStore {
  const { now, phoneHashKey } = options;
  const phoneHash = (phone: string) => createHmac('sha256', phoneHashKey).update(phone).digest('hex');
  const select = db.prepare<[string], Record<string, unknown>>(
    `SELECT ${SELECT_LIST} FROM claims WHERE claim_id = ?`,
  );
  const purgeOne = db.prepare(
    `UPDATE claims SET ${PURGE_CLAIM}, purged_at = :at
     WHERE claim_id = :claimId AND purged_at IS NULL AND expires_at < :at`,
  );
  const purgeAll = db.prepare(
    `UPDATE claims SET ${PURGE_CLAIM}, purged_at = :at WHERE purged_at IS NULL AND expires_at < :at`,
  );
  const complete = db.prepare(
    `UPDATE claims SET step = 'done', ${PURGE_CLAIM}, purged_at = coalesce(purged_at, :at)
     WHERE claim_id = :claimId`,
  );
  const countSms = db.prepare<[string, number], number>(
    'SELECT count(*) FROM sms_log WHERE phone_hash = ? AND sent_at >= ?',
  );
  const logSms = db.prepare('INSERT INTO sms_log (phone_hash, sent_at) VALUES (?, ?)');
  const forgetSms = db.prepare('DELETE FROM sms_log WHERE sent_at < ?');
  const toDb = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

  return {
    insert(claim) {
      const keys = Object.keys(COLUMNS) as (keyof ClaimRecord)[];
      db.prepare(
        `INSERT INTO claims (${keys.map((key) => COLUMNS[key]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      ).run(...keys.map((key) => toDb(claim[key])));
    },
    get(claimId) {
      const row = select.get(claimId);
      if (!row) return undefined;
      const at = now();
      if ((row.expiresAt as number) < at) {
        purgeOne.run({ claimId, at });
        return undefined;
      }
      return fromRow(row);
    },
    update(claimId, changes) {
      const keys = Object.keys(changes) as (keyof typeof changes)[];
      if (keys.length === 0) return true;
      // Never onto an ended claim: an upstream answer that arrives after the claim expired
      // (and was purged) must not write the person's data back.
      const { changes: written } = db
        .prepare(
          `UPDATE claims SET ${keys.map((key) => `${COLUMNS[key]} = ?`).join(', ')}
           WHERE claim_id = ? AND purged_at IS NULL AND expires_at >= ?`,
        )
        .run(...keys.map((key) => toDb(changes[key])), claimId, now());
      return written > 0;
    },
    complete: (claimId) => void complete.run({ claimId, at: now() }),
    purgeExpired: () => purgeAll.run({ at: now() }).changes,
    smsCountSince: (phone, since) => countSms.pluck().get(phoneHash(phone), since) as number,
    logSms: (phone, at) => void logSms.run(phoneHash(phone), at),
    forgetSmsBefore: (at) => forgetSms.run(at).changes,
  };
}
