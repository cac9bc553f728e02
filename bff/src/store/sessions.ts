// Sessions: an opaque random token handed to the phone, stored only as its SHA-256, bound to
// the platform user. Idle timeout 30 min, absolute lifetime 24 h.
import { createHash, randomBytes } from 'node:crypto';

import type { GroupCommit } from '@ybm/shared/node';

import type { Db } from './db';
import { recentReads } from './recent-reads';
import type { Channel, SessionRecord } from './records';

export type { Channel, SessionRecord };

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
/** last_seen is rewritten at most this often, to keep reads from becoming writes. */
export const TOUCH_EVERY_MS = 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SqliteSessionStore {
  create(session: Omit<SessionRecord, 'createdAt' | 'lastSeenAt'>): { token: string; expiresAt: number };
  /** The live session for a token (touching it), or undefined when unknown or expired. */
  resolve(token: string): SessionRecord | undefined;
  revoke(token: string): void;
  /** Ends every session of a platform user (unbound, consent withdrawn); how many. */
  revokeUser(channel: Channel, platformUserId: string): number;
  /**
   * Deletes every session past its absolute lifetime; how many. (An idle-expired one goes
   * when it is next presented, or at that lifetime.)
   */
  removeExpired(): number;
}

/**
 * `commits`: where the once-a-minute last_seen_at updates go (the turn's group commit), so a
 * request that happens to touch its session does not wait for a commit of its own. Without
 * it (tests), they are written at once.
 */
export function createSessionStore(
  db: Db,
  now: () => number,
  random = randomBytes,
  commits?: Pick<GroupCommit, 'defer'>,
): SqliteSessionStore {
  const insert = db.prepare(
    `INSERT INTO sessions (token_hash, platform, channel, platform_user_id, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[string], Record<string, unknown>>(
    `SELECT platform, channel, platform_user_id AS platformUserId, created_at AS createdAt,
            last_seen_at AS lastSeenAt FROM sessions WHERE token_hash = ?`,
  );
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeUser = db.prepare('DELETE FROM sessions WHERE channel = ? AND platform_user_id = ?');
  const removeOld = db.prepare('DELETE FROM sessions WHERE created_at < ?');
  // Expiry is still checked on every call; a revocation by another process applies within
  // REUSE_MS (recent-reads.ts). Kept by token, so a reuse costs no hash either.
  const recent = recentReads<SessionRecord>(now);

  return {
    create(session) {
      const token = random(32).toString('base64url');
      const at = now();
      insert.run(hashToken(token), session.platform, session.channel, session.platformUserId, at, at);
      return { token, expiresAt: at + SESSION_IDLE_MS };
    },
    resolve(token) {
      const at = now();
      const row = recent.get(token, () => select.get(hashToken(token)) as SessionRecord | undefined);
      if (!row) return undefined;
      if (at - row.createdAt > SESSION_ABSOLUTE_MS || at - row.lastSeenAt > SESSION_IDLE_MS) {
        recent.forget(token);
        remove.run(hashToken(token));
        return undefined;
      }
      if (at - row.lastSeenAt > TOUCH_EVERY_MS) {
        const tokenHash = hashToken(token);
        const write = () => touch.run(at, tokenHash);
        if (commits) commits.defer(write);
        else write();
        row.lastSeenAt = at;
      }
      return { ...row, lastSeenAt: at };
    },
    revoke(token) {
      recent.forget(token);
      remove.run(hashToken(token));
    },
    revokeUser(channel, platformUserId) {
      recent.forgetWhere((row) => row.channel === channel && row.platformUserId === platformUserId);
      return removeUser.run(channel, platformUserId).changes;
    },
    removeExpired: () => removeOld.run(now() - SESSION_ABSOLUTE_MS).changes,
  };
}
