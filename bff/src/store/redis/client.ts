// The Redis connections of the scaled mode (issue 25): sessions, rate limits, pub/sub and the
// dev SMS board all go through a client made here, so every one has the same failure rules.
// Every command has a deadline (commandTimeout) and fails explicitly when Redis is away: a
// command issued while the connection is down waits at most that long in ioredis's offline
// queue, then rejects; it never hangs a request. What a person sees then is the caller's.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis };

export const REDIS_COMMAND_TIMEOUT_MS = 2000;

export interface RedisClientOptions {
  /** How long one command may take before it fails. */
  commandTimeoutMs?: number;
  /** Names the connection in Redis's CLIENT LIST (e.g. the instance's name). */
  connectionName?: string;
  logger?: Pick<Logger, 'warn'>;
}

export function openRedis(url: string, options: RedisClientOptions = {}): Redis {
  const commandTimeout = options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS;
  const redis = new Redis(url, {
    commandTimeout,
    connectTimeout: commandTimeout,
    // One retry after a reconnect, then the command's own failure (not twenty).
    maxRetriesPerRequest: 1,
    // Reconnect forever, at most a second apart: Redis coming back heals every instance.
    retryStrategy: (times) => Math.min(times * 100, 1000),
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  });
  // Without a listener ioredis prints every failed reconnect as an unhandled error event.
  let lastWarned = 0;
  redis.on('error', (error: Error) => {
    const at = Date.now();
    if (at - lastWarned < 10_000) return;
    lastWarned = at;
    options.logger?.warn({ error: error.message }, 'Redis connection failed');
  });
  return redis;
}

/** Closes a client: QUIT when it is connected, else at once. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
