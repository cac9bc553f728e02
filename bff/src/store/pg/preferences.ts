// 大字模式 and the like, per platform account (PreferenceStore), on PostgreSQL.
import type { PreferenceStore } from '../ports';
import type { PgDb } from './sql';

export function createPgPreferenceStore(db: PgDb, now: () => number): PreferenceStore {
  return {
    async get(channel, platformUserId) {
      const [row] = await db.rows<{ largeText: boolean }>(
        'SELECT large_text AS "largeText" FROM preferences WHERE channel = $1 AND platform_user_id = $2',
        [channel, platformUserId],
      );
      return { largeText: row?.largeText === true };
    },
    async save(channel, platformUserId, preferences) {
      await db.run(
        `INSERT INTO preferences (channel, platform_user_id, large_text, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel, platform_user_id) DO UPDATE SET large_text = excluded.large_text,
           updated_at = excluded.updated_at`,
        [channel, platformUserId, preferences.largeText, now()],
      );
      return preferences;
    },
  };
}
