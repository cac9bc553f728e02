// Which insured person a platform user claimed the voucher as, with the masked data the
// phone may show. Written once the platform confirms activation.
import type { Db } from './db';
import { recentReads } from './recent-reads';
import type { Channel } from './sessions';
import type { Binding } from './records';

export type { Binding };

export interface SqliteBindingStore {
  find(channel: Channel, platformUserId: string): Binding | undefined;
  /** Every platform user who claimed the voucher as this person (WeChat and/or Alipay). */
  ofPerson(psnNo: string): Binding[];
  save(binding: Binding): void;
  remove(channel: Channel, platformUserId: string): void;
}

export function createBindingStore(db: Db, now: () => number = Date.now): SqliteBindingStore {
  const select = db.prepare<[string, string], Binding>(
    `SELECT channel, platform_user_id AS platformUserId, psn_no AS psnNo, masked_name AS maskedName,
            masked_id_number AS maskedIdNumber, insutype, region_name AS regionName,
            activated_at AS activatedAt
     FROM bindings WHERE channel = ? AND platform_user_id = ?`,
  );
  const upsert = db.prepare(
    `INSERT INTO bindings (channel, platform_user_id, psn_no, masked_name, masked_id_number, insutype,
                           region_name, activated_at)
     VALUES (@channel, @platformUserId, @psnNo, @maskedName, @maskedIdNumber, @insutype, @regionName, @activatedAt)
     ON CONFLICT (channel, platform_user_id) DO UPDATE SET psn_no = excluded.psn_no,
       masked_name = excluded.masked_name, masked_id_number = excluded.masked_id_number,
       insutype = excluded.insutype, region_name = excluded.region_name, activated_at = excluded.activated_at`,
  );
  const remove = db.prepare('DELETE FROM bindings WHERE channel = ? AND platform_user_id = ?');
  // The last good copies of the platform's answers were this binding's person's: they go with it.
  const removeCopies = db.prepare('DELETE FROM last_good WHERE channel = ? AND platform_user_id = ?');
  const ofPerson = db.prepare<[string], Binding>(
    `SELECT channel, platform_user_id AS platformUserId, psn_no AS psnNo, masked_name AS maskedName,
            masked_id_number AS maskedIdNumber, insutype, region_name AS regionName,
            activated_at AS activatedAt
     FROM bindings WHERE psn_no = ?`,
  );
  // Every code, long-poll and records page looks the binding up (recent-reads.ts).
  const recent = recentReads<Binding>(now);
  const keyOf = (channel: Channel, platformUserId: string) => `${channel}\u0000${platformUserId}`;

  return {
    find: (channel, platformUserId) =>
      recent.get(keyOf(channel, platformUserId), () => select.get(channel, platformUserId)),
    ofPerson: (psnNo) => ofPerson.all(psnNo),
    save(binding) {
      recent.forget(keyOf(binding.channel, binding.platformUserId));
      upsert.run(binding);
    },
    remove(channel, platformUserId) {
      recent.forget(keyOf(channel, platformUserId));
      remove.run(channel, platformUserId);
      removeCopies.run(channel, platformUserId);
    },
  };
}
