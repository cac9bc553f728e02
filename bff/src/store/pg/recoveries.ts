// Recoveries in progress (RecoveryStore) on PostgreSQL: a forgotten password or a reserved phone
// that no longer works. The row and the person's data in it go once the recovery ends; an
// expired one goes when anything reads it, or by the sweep.
import type { RecoveryStore } from '../ports';
import type { RecoveryRecord } from '../records';
import type { PgDb } from './sql';

const COLUMNS: Record<keyof RecoveryRecord, string> = {
  recoveryId: 'recovery_id',
  purpose: 'purpose',
  channel: 'channel',
  platformUserId: 'platform_user_id',
  step: 'step',
  psnNo: 'psn_no',
  claimId: 'claim_id',
  name: 'name',
  docType: 'doc_type',
  docNumber: 'doc_number',
  phone: 'phone',
  smsCodeHash: 'sms_code_hash',
  smsSentAt: 'sms_sent_at',
  smsExpiresAt: 'sms_expires_at',
  smsAttempts: 'sms_attempts',
  faceId: 'face_id',
  faceAttempts: 'face_attempts',
  faceCheckId: 'face_check_id',
  createdAt: 'created_at',
  expiresAt: 'expires_at',
};
const KEYS = Object.keys(COLUMNS) as (keyof RecoveryRecord)[];

export function createPgRecoveryStore(db: PgDb, now: () => number): RecoveryStore {
  const remove = (recoveryId: string) =>
    db.run('DELETE FROM recoveries WHERE recovery_id = $1', [recoveryId]);
  return {
    async insert(recovery) {
      await db.run(
        `INSERT INTO recoveries (${KEYS.map((key) => COLUMNS[key]).join(', ')})
         VALUES (${KEYS.map((_, i) => `$${i + 1}`).join(', ')})`,
        KEYS.map((key) => recovery[key]),
      );
    },
    async get(recoveryId) {
      const [row] = await db.rows<RecoveryRecord>(
        `SELECT ${KEYS.map((key) => `${COLUMNS[key]} AS "${key}"`).join(', ')} FROM recoveries
         WHERE recovery_id = $1`,
        [recoveryId],
      );
      if (row && row.expiresAt < now()) {
        await remove(recoveryId);
        return undefined;
      }
      return row;
    },
    async update(recoveryId, changes) {
      const fields = (Object.keys(changes) as (keyof typeof changes)[]).filter((key) => key in COLUMNS);
      if (fields.length === 0) return true;
      const written = await db.run(
        `UPDATE recoveries SET ${fields.map((key, i) => `${COLUMNS[key]} = $${i + 3}`).join(', ')}
         WHERE recovery_id = $1 AND expires_at >= $2`,
        [recoveryId, now(), ...fields.map((key) => changes[key])],
      );
      return written > 0;
    },
    async remove(recoveryId) {
      await remove(recoveryId);
    },
    removeOfUser: (channel, platformUserId) =>
      db.run('DELETE FROM recoveries WHERE channel = $1 AND platform_user_id = $2', [
        channel,
        platformUserId,
      ]),
    purgeExpired: () => db.run('DELETE FROM recoveries WHERE expires_at < $1', [now()]),
  };
}
