// Which insured person a platform user claimed the voucher as (BindingStore) on PostgreSQL.
// Read fresh every time, no cache: a binding removed through any instance is gone for all.
import type { BindingStore } from '../ports';
import type { Binding } from '../records';
import type { PgDb } from './sql';

const SELECT = `SELECT channel, platform_user_id AS "platformUserId", psn_no AS "psnNo",
  masked_name AS "maskedName", masked_id_number AS "maskedIdNumber", insutype, region_name AS "regionName",
  activated_at AS "activatedAt" FROM bindings`;

export function createPgBindingStore(db: PgDb): BindingStore {
  return {
    async find(channel, platformUserId) {
      const [row] = await db.rows<Binding>(`${SELECT} WHERE channel = $1 AND platform_user_id = $2`, [
        channel,
        platformUserId,
      ]);
      return row;
    },
    ofPerson: (psnNo) => db.rows<Binding>(`${SELECT} WHERE psn_no = $1`, [psnNo]),
    async save(binding) {
      await db.run(
        `INSERT INTO bindings (channel, platform_user_id, psn_no, masked_name, masked_id_number, insutype,
           region_name, activated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (channel, platform_user_id) DO UPDATE SET psn_no = excluded.psn_no,
           masked_name = excluded.masked_name, masked_id_number = excluded.masked_id_number,
           insutype = excluded.insutype, region_name = excluded.region_name, activated_at = excluded.activated_at`,
        [
          binding.channel,
          binding.platformUserId,
          binding.psnNo,
          binding.maskedName,
          binding.maskedIdNumber,
          binding.insutype,
          binding.regionName,
          binding.activatedAt,
        ],
      );
    },
    async remove(channel, platformUserId) {
      await db.run('DELETE FROM bindings WHERE channel = $1 AND platform_user_id = $2', [
        channel,
        platformUserId,
      ]);
      // The last good copies of the platform's answers were this binding's person's: they go with it.
      await db.run('DELETE FROM last_good WHERE channel = $1 AND platform_user_id = $2', [
        channel,
        platformUserId,
      ]);
    },
  };
}
