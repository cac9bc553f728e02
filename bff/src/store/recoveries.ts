// Recoveries in progress — a forgotten password (SMS to the reserved phone, face check, new
// password) or a reserved phone that no longer works (face check, SMS to the new number) —
// one row each, moved step by step by services/recovery.ts. The row and the person's data in
// it go once the recovery ends; an expired one goes when anything reads it, or by the sweep.
import type { Db } from './db';
import type { RecoveryStore } from './ports';
import type { RecoveryRecord } from './records';
import { RECOVERY_COLUMNS as COLUMNS, selectList } from './rows';

export type { RecoveryRecord, RecoveryStore };

export function createRecoveryStore(db: Db, now: () => number): RecoveryStore {
  const keys = Object.keys(COLUMNS) as (keyof RecoveryRecord)[];
  const select = db.prepare<[string], RecoveryRecord>(
    `SELECT ${selectList(COLUMNS)} FROM recoveries WHERE recovery_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO recoveries (${keys.map((key) => COLUMNS[key]).join(', ')})
     VALUES (${keys.map((key) => `@${key}`).join(', ')})`,
  );
  const remove = db.prepare('DELETE FROM recoveries WHERE recovery_id = ?');
  const removeOfUser = db.prepare('DELETE FROM recoveries WHERE channel = ? AND platform_user_id = ?');
  const purge = db.prepare('DELETE FROM recoveries WHERE expires_at < ?');

  return {
    async insert(recovery) {
      insert.run(recovery);
    },
    async get(recoveryId) {
      const row = select.get(recoveryId);
      if (row && row.expiresAt < now()) {
        remove.run(recoveryId);
        return undefined;
      }
      return row;
    },
    async update(recoveryId, changes) {
      const fields = (Object.keys(changes) as (keyof RecoveryRecord)[]).filter((key) => key in COLUMNS);
      if (fields.length === 0) return true;
      const statement = db.prepare(
        `UPDATE recoveries SET ${fields.map((key) => `${COLUMNS[key]} = @${key}`).join(', ')}
         WHERE recovery_id = @recoveryId AND expires_at >= @at`,
      );
      return statement.run({ ...changes, recoveryId, at: now() }).changes > 0;
    },
    async remove(recoveryId) {
      remove.run(recoveryId);
    },
    removeOfUser: async (channel, platformUserId) => removeOfUser.run(channel, platformUserId).changes,
    purgeExpired: async () => purge.run(now()).changes,
  };
}
