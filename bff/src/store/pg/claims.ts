// Claims in progress (ClaimStore) on PostgreSQL: the person's data (PURGE_CLAIM, db.ts) is purged
// when the claim completes or expires — on the read that finds it expired, or by the sweep — and
// an update never lands on an ended claim. The SMS log keeps HMAC(PHONE_HASH_KEY, phone) only.
import { createHmac } from 'node:crypto';

import { PURGE_CLAIM } from '../db';
import type { ClaimStore } from '../ports';
import type { ClaimRecord } from '../records';
import type { PgDb } from './sql';

const COLUMNS: Record<keyof ClaimRecord, string> = {
  claimId: 'claim_id',
  channel: 'channel',
  platformUserId: 'platform_user_id',
  step: 'step',
  consentVersion: 'consent_version',
  name: 'name',
  docType: 'doc_type',
  docNumber: 'doc_number',
  birthDate: 'birth_date',
  psnNo: 'psn_no',
  activationId: 'activation_id',
  phone: 'phone',
  maskedName: 'masked_name',
  syncAvailable: 'sync_available',
  smsCodeHash: 'sms_code_hash',
  smsSentAt: 'sms_sent_at',
  smsExpiresAt: 'sms_expires_at',
  smsAttempts: 'sms_attempts',
  faceId: 'face_id',
  faceAttempts: 'face_attempts',
  createdAt: 'created_at',
  expiresAt: 'expires_at',
};
const KEYS = Object.keys(COLUMNS) as (keyof ClaimRecord)[];
const SELECT = `SELECT ${KEYS.map((key) => `${COLUMNS[key]} AS "${key}"`).join(', ')} FROM claims`;

export function createPgClaimStore(
  db: PgDb,
  options: { now: () => number; phoneHashKey: Buffer },
): ClaimStore {
  const { now, phoneHashKey } = options;
  const phoneHash = (phone: string) => createHmac('sha256', phoneHashKey).update(phone).digest('hex');

  return {
    async insert(claim) {
      await db.run(
        `INSERT INTO claims (${KEYS.map((key) => COLUMNS[key]).join(', ')})
         VALUES (${KEYS.map((_, i) => `$${i + 1}`).join(', ')})`,
        KEYS.map((key) => claim[key]),
      );
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
      const keys = (Object.keys(changes) as (keyof typeof changes)[]).filter((key) => key in COLUMNS);
      if (keys.length === 0) return true;
      // Never onto an ended claim: an upstream answer that arrives after the claim expired
      // (and was purged) must not write the person's data back.
      const written = await db.run(
        `UPDATE claims SET ${keys.map((key, i) => `${COLUMNS[key]} = $${i + 3}`).join(', ')}
         WHERE claim_id = $1 AND purged_at IS NULL AND expires_at >= $2`,
        [claimId, now(), ...keys.map((key) => changes[key])],
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
