// Recoveries in progress (RecoveryStore) on PostgreSQL: a forgotten password or a reserved phone
// that no longer works. The row and the person's data in it go once the recovery ends; an
// expired one goes when anything reads it, or by the sweep.
import type { RecoveryStore } from '../ports';
import type { RecoveryRecord } from '../records';
import { RECOVERY_COLUMNS as COLUMNS, selectList } from '../rows';
import { assignments, insertRecord, type PgDb } from './sql';

export function createPgRecoveryStore(db: PgDb, now: () => number): RecoveryStore {
  const remove = (recoveryId: string) =>
    db.run('DELETE FROM recoveries WHERE recovery_id = $1', [recoveryId]);
  return {
    async insert(recovery) {
      await insertRecord(db, 'recoveries', COLUMNS, recovery);
    },
    async get(recoveryId) {
      const [row] = await db.rows<RecoveryRecord>(
        `SELECT ${selectList(COLUMNS)} FROM recoveries WHERE recovery_id = $1`,
        [recoveryId],
      );
      if (row && row.expiresAt < now()) {
        await remove(recoveryId);
        return undefined;
      }
      return row;
    },
    async update(recoveryId, changes) {
      const { sets, values } = assignments(COLUMNS, changes, 3);
      if (sets.length === 0) return true;
      const written = await db.run(
        `UPDATE recoveries SET ${sets.join(', ')} WHERE recovery_id = $1 AND expires_at >= $2`,
        [recoveryId, now(), ...values],
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
