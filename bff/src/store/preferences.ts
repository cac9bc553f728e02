// What a person chose for how the app looks (大字模式), per platform account, so it follows them
// to another phone; GET /me carries it.
import type { Preferences } from '@ybm/shared';

import type { Db } from './db';
import type { Channel } from './sessions';

export const DEFAULT_PREFERENCES: Preferences = { largeText: false };

export interface PreferenceStore {
  get(channel: Channel, platformUserId: string): Promise<Preferences>;
  save(channel: Channel, platformUserId: string, preferences: Preferences): Promise<Preferences>;
}

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
      return row ? { largeText: row.largeText === 1 } : DEFAULT_PREFERENCES;
    },
    async save(channel, platformUserId, preferences) {
      upsert.run(channel, platformUserId, preferences.largeText ? 1 : 0, now());
      return preferences;
    },
  };
}
