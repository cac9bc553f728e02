// Which insured person a platform user claimed the voucher as, with the masked data the
// phone may show. Written once the platform confirms activation.
import type { Db } from './db';
import type { Channel } from './sessions';

/**
 * A binding read from the database is reused for this long, like a session (sessions.ts):
 * every code, long-poll and record page looks it up, and a read costs ≈ 3 % of the BFF's
 * CPU per code issued (npm run bench). Only found bindings are kept, so a voucher claimed
 * through another BFF process works there at once; a change saved by this process applies
 * at once, one saved by another process within this time.
 */
const REUSE_MS = 10 * 1000;
const REUSE_MAX = 10_000;

export interface Binding {
  channel: Channel;
  platformUserId: string;
  psnNo: string;
  maskedName: string;
  maskedIdNumber: string;
  insutype: '310' | '390';
  regionName: string;
  activatedAt: number;
}

export interface BindingStore {
  find(channel: Channel, platformUserId: string): Binding | undefined;
  /** Every platform user who claimed the voucher as this person (WeChat and/or Alipay). */
  ofPerson(psnNo: string): Binding[];
  save(binding: Binding): void;
  remove(channel: Channel, platformUserId: string): void;
}

export function createBindingStore(db: Db, now: () => number = Date.now): BindingStore {
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
  const ofPerson = db.prepare<[string], Binding>(
    `SELECT channel, platform_user_id AS platformUserId, psn_no AS psnNo, masked_name AS maskedName,
            masked_id_number AS maskedIdNumber, insutype, region_name AS regionName,
            activated_at AS activatedAt
     FROM bindings WHERE psn_no = ?`,
  );
  /** channel + user → the binding as last read (oldest first, for eviction). */
  const recent = new Map<string, { binding: Binding; readAt: number }>();
  const keyOf = (channel: Channel, platformUserId: string) => `${channel}\u0000${platformUserId}`;

  return {
    find(channel, platformUserId) {
      const key = keyOf(channel, platformUserId);
      const at = now();
      const cached = recent.get(key);
      if (cached && at - cached.readAt < REUSE_MS) return cached.binding;
      recent.delete(key);
      const binding = select.get(channel, platformUserId);
      if (binding) {
        if (recent.size >= REUSE_MAX) recent.delete(recent.keys().next().value!);
        recent.set(key, { binding, readAt: at });
      }
      return binding;
    },
    ofPerson: (psnNo) => ofPerson.all(psnNo),
    save(binding) {
      recent.delete(keyOf(binding.channel, binding.platformUserId));
      upsert.run(binding);
    },
    remove(channel, platformUserId) {
      recent.delete(keyOf(channel, platformUserId));
      remove.run(channel, platformUserId);
    },
  };
}
