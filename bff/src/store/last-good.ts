// The last good copy of the insurance platform's answers (个人账户, the records' first pages) per
// platform account, on SQLite: what the BFF shows, labelled with its time, while the platform is
// down (services/last-good.ts seals and opens the text; this store never sees it in clear).
import type { Db } from './db';
import type { LastGoodStore } from './ports';

export type { LastGoodStore };

export function createLastGoodStore(db: Db): LastGoodStore {
  const select = db.prepare<[string, string, string, string], { sealed: string; savedAt: number }>(
    `SELECT sealed, saved_at AS savedAt FROM last_good
     WHERE channel = ? AND platform_user_id = ? AND kind = ? AND variant = ?`,
  );
  const upsert = db.prepare(
    `INSERT INTO last_good (channel, platform_user_id, kind, variant, sealed, saved_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (channel, platform_user_id, kind, variant) DO UPDATE SET sealed = excluded.sealed,
       saved_at = excluded.saved_at WHERE excluded.saved_at >= last_good.saved_at`,
  );
  return {
    async get(channel, platformUserId, kind, variant) {
      return select.get(channel, platformUserId, kind, variant);
    },
    async put(channel, platformUserId, kind, variant, copy) {
      upsert.run(channel, platformUserId, kind, variant, copy.sealed, copy.savedAt);
    },
  };
}
