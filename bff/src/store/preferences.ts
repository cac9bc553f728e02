// What a person chose for how the app looks (大字模式), per platform account, so it follows them
// to another phone; GET /me carries it.
import type { Db } from './db';
import type { PreferenceStore } from './ports';

export type { PreferenceStore };

export function createPreferenceStore(db: Db, now: () => number): PreferenceStore {
  const select = db.prepare<[string, string], { largeText: number }>(
    'SELECT large_text AS largeText FROM preferences WHERE channel = ? AND platform_user_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO preferences (channel, platform_user_id, large_text, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel, platform_user_id) DO UPDATE SET large_text = excluded.large_text,
       updated_at = excluded.updated_at`,
  );
  return {
    async get(channel, platformUserId) {
      const row = select.get(channel, platformUserId);
      return { largeText: row?.largeText === 1 };
    },
    async save(channel, platformUserId, preferences) {
      upsert.run(channel, platformUserId, preferences.largeText ? 1 : 0, now());
      return preferences;
    },
  };
}
