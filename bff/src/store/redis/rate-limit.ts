// A sliding-window rate limit counted across every BFF instance (issue 25): each key's uses are
// a sorted set in Redis scored by the injected clock's time; one script drops the uses that left
// the window, counts the rest and adds this one only when under the limit, atomically, so two
// instances taking the last use at the same moment cannot both get it. Same answers as the
// in-memory ../../services/rate-limit.ts for the same clock.
import { randomBytes } from 'node:crypto';

import type { RateLimiter } from '../../services/rate-limit';
import type { RedisCommands } from './guard';

const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[5])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

export interface RedisRateLimiterOptions {
  /** Which limit (its keys are apart from every other limit's). */
  name: string;
  limit: number;
  windowMs: number;
  now: () => number;
  prefix?: string;
}

export function createRedisRateLimiter(redis: RedisCommands, options: RedisRateLimiterOptions): RateLimiter {
  const { name, limit, windowMs, now } = options;
  const prefix = `${options.prefix ?? 'ybm:'}limit:${name}:`;
  // Each use its own member, even two in the same millisecond from two instances.
  const instance = randomBytes(4).toString('hex');
  let sequence = 0;
  return {
    async take(key) {
      const at = now();
      sequence += 1;
      const taken = await redis.eval(
        TAKE,
        1,
        prefix + key,
        String(at),
        String(windowMs),
        String(limit),
        `${at}:${instance}:${sequence}`,
        // A use at or before this time has left the window (at - t >= windowMs).
        String(at - windowMs),
      );
      return Number(taken) === 1;
    },
  };
}
