// Claims in progress (ClaimStore) on PostgreSQL: the person's data (PURGE_CLAIM, db.ts) is purged
// when the claim completes or expires — on the read that finds it expired, or by the sweep — and
// an update never lands on an ended claim. The SMS log keeps HMAC(PHONE_HASH_KEY, phone) only.
import { createHmac } from 'node:crypto';

import { PURGE_CLAIM } from '../db';
import type { ClaimStore } from '../ports';
import type { ClaimRecord } from '../records';
import { CLAIM_COLUMNS as COLUMNS, selectList } from '../rows';
import { assignments, insertRecord, type PgDb } from './sql';

const SELECT = `SELECT ${selectList(COLUMNS)} FROM claims`;

export function createPgClaimStore(
  db: PgDb,
  options: { now: () => number; phoneHashKey: Buffer },
): ClaimStore {
  const { now, phoneHashKey } = options;
  const phoneHash = (phone: string) => createHmac('sha256', phoneHashKey).update(phone).digest('hex');

  return {
    async insert(claim) {
      await insertRecord(db, 'claims', COLUMNS, claim);
    },
    async get(claimId) {
      const [row] = await db.rows<ClaimRecord>(`${SELECT} WHERE claim_id = $1`, [claimId]);
      if (!row) return undefined;
      const at = now();
      if (row.expiresAt < at) {
        await db.run(
          `UPDATE claims SET ${PURGE_CLAIM}, purged_at = $2
           WHERE claim_id = $1 AND purged_at IS NULL AND expires_at < $2`,
          [claimId, at],
        );
        return undefined;
      }
      return row;
    },
    async update(claimId, changes) {
      const { sets, values } = assignments(COLUMNS, changes, 3);
      if (sets.length === 0) return true;
      // Never onto an ended claim: an upstream answer that arrives after the claim expired
      // (and was purged) must not write the person's data back.
      const written = await db.run(
        `UPDATE claims SET ${sets.join(', ')} WHERE claim_id = $1 AND purged_at IS NULL AND expires_at >= $2`,
        [claimId, now(), ...values],
      );
      return written > 0;
    },
    async complete(claimId) {
      await db.run(
        `UPDATE claims SET step = 'done', ${PURGE_CLAIM}, purged_at = coalesce(purged_at, $2) WHERE claim_id = $1`,
        [claimId, now()],
      );
    },
    purgeExpired: () =>
      db.run(`UPDATE claims SET ${PURGE_CLAIM}, purged_at = $1 WHERE purged_at IS NULL AND expires_at < $1`, [
        now(),
      ]),
    async smsCountSince(phone, since) {
      const [row] = await db.rows<{ n: number }>(
        'SELECT count(*) AS n FROM sms_log WHERE phone_hash = $1 AND sent_at >= $2',
        [phoneHash(phone), since],
      );
      return row?.n ?? 0;
    },
    async logSms(phone, at) {
      await db.run('INSERT INTO sms_log (phone_hash, sent_at) VALUES ($1, $2)', [phoneHash(phone), at]);
    },
    forgetSmsBefore: (at) => db.run('DELETE FROM sms_log WHERE sent_at < $1', [at]),
  };
}
