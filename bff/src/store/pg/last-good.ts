// The last good copy of the platform's answers per platform account (LastGoodStore), on
// PostgreSQL; store/last-good.ts says what it is for.
import type { LastGoodStore } from '../ports';
import type { PgDb } from './sql';

export function createPgLastGoodStore(db: PgDb): LastGoodStore {
  return {
    async get(channel, platformUserId, kind, variant) {
      const [row] = await db.rows<{ sealed: string; savedAt: number }>(
        `SELECT sealed, saved_at AS "savedAt" FROM last_good
         WHERE channel = $1 AND platform_user_id = $2 AND kind = $3 AND variant = $4`,
        [channel, platformUserId, kind, variant],
      );
      return row;
    },
    async put(channel, platformUserId, kind, variant, copy) {
      await db.run(
        `INSERT INTO last_good (channel, platform_user_id, kind, variant, sealed, saved_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel, platform_user_id, kind, variant) DO UPDATE SET sealed = excluded.sealed,
           saved_at = excluded.saved_at WHERE excluded.saved_at >= last_good.saved_at`,
        [channel, platformUserId, kind, variant, copy.sealed, copy.savedAt],
      );
    },
  };
}
