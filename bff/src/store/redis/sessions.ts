// Sessions in Redis (the scaled mode, issue 25), with the semantics of ../sessions.ts: an
// opaque random token handed to the phone and stored only as its SHA-256; idle 30 min and
// absolute 24 h, both as the key's TTL (whichever comes first) and checked against the
// injected clock on every resolve. No instance caches a session: a sign-out, an unbinding or a
// withdrawal is seen by every instance at the next request.
//
// Keys (under `prefix`): `session:<hash>` a hash of the record; `user:<channel>:<id>` the set
// of a platform user's token hashes, so revokeUser ends them all in one atomic script;
// `sessions-by-created` every hash by its creation time, so removeExpired can answer how many
// went by the injected clock (Redis's own TTLs would delete them anyway). Scripts build keys
// from the prefix: one Redis (or one cluster slot), not a sharded cluster.
import { createHash, randomBytes } from 'node:crypto';

import type { SessionStore } from '../ports';
import type { Channel, SessionRecord } from '../records';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, TOUCH_EVERY_MS } from '../sessions';
import type { RedisCommands } from './guard';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** How many expired sessions one removeExpired script deletes before the next batch. */
const REMOVE_BATCH = 500;

const CREATE = `
redis.call('HSET', KEYS[1], 'platform', ARGV[1], 'channel', ARGV[2], 'platformUserId', ARGV[3],
  'createdAt', ARGV[4], 'lastSeenAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SADD', KEYS[2], ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[7])
return 1`;

// Only a session that still exists is touched: HSET alone would bring a revoked one back.
const TOUCH = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Deletes one session (by hash) and its index entries; 1 when it existed. */
const REMOVE_ONE = `
local function removeOne(prefix, hash)
  local key = prefix .. 'session:' .. hash
  local owner = redis.call('HMGET', key, 'channel', 'platformUserId')
  redis.call('ZREM', prefix .. 'sessions-by-created', hash)
  if owner[1] then redis.call('SREM', prefix .. 'user:' .. owner[1] .. ':' .. owner[2], hash) end
  return redis.call('DEL', key)
end`;

const REVOKE = `${REMOVE_ONE}
return removeOne(ARGV[1], ARGV[2])`;

const REVOKE_USER = `
local hashes = redis.call('SMEMBERS', KEYS[1])
local removed = 0
for _, hash in ipairs(hashes) do
  removed = removed + redis.call('DEL', ARGV[1] .. 'session:' .. hash)
  redis.call('ZREM', ARGV[1] .. 'sessions-by-created', hash)
end
redis.call('DEL', KEYS[1])
return removed`;

const REMOVE_EXPIRED = `${REMOVE_ONE}
local hashes = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, ARGV[3])
local removed = 0
for _, hash in ipairs(hashes) do removed = removed + removeOne(ARGV[1], hash) end
return {removed, #hashes}`;

export interface RedisSessionStoreOptions {
  now: () => number;
  /** Prefix of every key (several deployments or tests on one Redis); default `ybm:`. */
  prefix?: string;
  random?: (size: number) => Buffer;
}

export function createRedisSessionStore(
  redis: RedisCommands,
  options: RedisSessionStoreOptions,
): SessionStore {
  const { now } = options;
  const prefix = options.prefix ?? 'ybm:';
  const random = options.random ?? randomBytes;
  const sessionKey = (hash: string) => `${prefix}session:${hash}`;
  const userKey = (channel: Channel, platformUserId: string) => `${prefix}user:${channel}:${platformUserId}`;
  const byCreated = `${prefix}sessions-by-created`;
  /** What is left of the session's life at `at`: the nearer of its idle and absolute ends. */
  const ttl = (createdAt: number, at: number) =>
    Math.max(1, Math.min(SESSION_IDLE_MS, createdAt + SESSION_ABSOLUTE_MS - at));

  async function revokeHash(hash: string): Promise<void> {
    await redis.eval(REVOKE, 0, prefix, hash);
  }

  return {
    async create(session) {
      const token = random(32).toString('base64url');
      const hash = hashToken(token);
      const at = now();
      await redis.eval(
        CREATE,
        3,
        sessionKey(hash),
        userKey(session.channel, session.platformUserId),
        byCreated,
        session.platform,
        session.channel,
        session.platformUserId,
        String(at),
        String(SESSION_IDLE_MS),
        String(SESSION_ABSOLUTE_MS),
        hash,
      );
      return { token, expiresAt: at + SESSION_IDLE_MS };
    },
    async resolve(token) {
      const at = now();
      const hash = hashToken(token);
      const fields = await redis.hgetall(sessionKey(hash));
      if (!fields.platformUserId) return undefined;
      const row: SessionRecord = {
        platform: fields.platform as SessionRecord['platform'],
        channel: fields.channel as Channel,
        platformUserId: fields.platformUserId,
        createdAt: Number(fields.createdAt),
        lastSeenAt: Number(fields.lastSeenAt),
      };
      // The TTL ends it in Redis's time; the injected clock decides here (tests move it).
      if (at - row.createdAt > SESSION_ABSOLUTE_MS || at - row.lastSeenAt > SESSION_IDLE_MS) {
        await revokeHash(hash);
        return undefined;
      }
      if (at - row.lastSeenAt > TOUCH_EVERY_MS) {
        await redis.eval(TOUCH, 1, sessionKey(hash), String(at), String(ttl(row.createdAt, at)));
      }
      return { ...row, lastSeenAt: at };
    },
    async revoke(token) {
      await revokeHash(hashToken(token));
    },
    async revokeUser(channel, platformUserId) {
      return Number(await redis.eval(REVOKE_USER, 1, userKey(channel, platformUserId), prefix));
    },
    async removeExpired() {
      const cutoff = now() - SESSION_ABSOLUTE_MS;
      let total = 0;
      for (;;) {
        const [removed, seen] = (await redis.eval(
          REMOVE_EXPIRED,
          1,
          byCreated,
          prefix,
          String(cutoff),
          String(REMOVE_BATCH),
        )) as [number, number];
        total += removed;
        if (seen < REMOVE_BATCH) return total;
      }
    },
  };
}
