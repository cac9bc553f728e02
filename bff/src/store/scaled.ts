// The scaled mode's storage (issue 25): PostgreSQL for every store but sessions (p25a's
// ./pg), Redis for sessions, rate limits, long-poll wake-ups and the dev SMS board. Opened by
// main.ts before buildDeps, because connecting and migrating are asynchronous; migrations run
// under an advisory lock, so instances starting together migrate once. Every PostgreSQL query
// and every Redis command has a deadline and fails explicitly: nothing waits forever on a
// database that went away. Each engine has a circuit breaker (issue 26): while one is down,
// requests are refused at once with its 503 instead of each waiting out the deadline.
import type { Logger } from 'pino';
import { Pool } from 'pg';

import { dependencyBreaker, type BreakerSettings } from '../services/dependencies';
import { createPgStores, migratePostgres } from './pg';
import { isPostgresOutage } from './pg/guard';
import { closeRedis, openRedis } from './redis/client';
import { createRedisDevSmsBoard } from './redis/dev-sms';
import { guardRedis, isRedisOutage } from './redis/guard';
import { createRedisNotifier } from './redis/notifier';
import { createRedisRateLimiter } from './redis/rate-limit';
import { createRedisSessionStore } from './redis/sessions';
import type { Storage } from './storage';

/** A query's deadline (client side); a connection's too. */
const PG_QUERY_TIMEOUT_MS = 10_000;
const PG_CONNECT_TIMEOUT_MS = 5_000;
/** Connections per instance: PostgreSQL's 100 shared by a handful of instances and tools. */
const PG_POOL_SIZE = 10;

export interface ScaledStorageOptions {
  databaseUrl: string;
  redisUrl: string;
  now: () => number;
  phoneHashKey: Buffer;
  logger: Logger;
  /** Shown in PostgreSQL's and Redis's client lists. */
  instanceId?: string;
  /** Keys in Redis start with it (several deployments, or tests, on one Redis). */
  redisPrefix?: string;
  poolSize?: number;
  /** How the engines' breakers count (tests pass ones that open sooner). */
  breakerSettings?: BreakerSettings;
}

export async function openScaledStorage(options: ScaledStorageOptions): Promise<Storage> {
  const { now, logger } = options;
  const prefix = options.redisPrefix ?? 'ybm:';
  const name = options.instanceId ? `ybm-bff ${options.instanceId}` : 'ybm-bff';
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? PG_POOL_SIZE,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    query_timeout: PG_QUERY_TIMEOUT_MS,
    application_name: name.slice(0, 63),
  });
  // An idle client that loses its server emits here; without a listener it would crash us.
  pool.on('error', (error) => logger.warn({ error: error.message }, 'PostgreSQL connection lost'));
  const redisOptions = { logger, connectionName: name.replace(/[^\w-]/g, '_') };
  const redis = openRedis(options.redisUrl, redisOptions);
  const subscriber = openRedis(options.redisUrl, redisOptions);
  const closeAll = async () => {
    await Promise.allSettled([closeRedis(redis), closeRedis(subscriber), pool.end()]);
  };
  try {
    // Both engines answer before anything is served: a wrong URL stops the start, said plainly.
    await redis.ping().catch((error: Error) => {
      throw new Error(`Redis at ${redactUrl(options.redisUrl)} did not answer: ${error.message}`);
    });
    await migratePostgres(pool, { logger }).catch((error: Error) => {
      throw new Error(`PostgreSQL at ${redactUrl(options.databaseUrl)}: ${error.message}`);
    });
  } catch (error) {
    await closeAll();
    throw error;
  }
  const settings = options.breakerSettings ?? {};
  const postgres = dependencyBreaker('postgres', { now, logger, settings, isFailure: isPostgresOutage });
  const redisBreaker = dependencyBreaker('redis', { now, logger, settings, isFailure: isRedisOutage });
  const commands = guardRedis(redis, redisBreaker);
  const sessions = createRedisSessionStore(commands, { now, prefix });
  const stores = createPgStores(pool, {
    now,
    phoneHashKey: options.phoneHashKey,
    sessions,
    logger,
    breaker: postgres,
  });
  const notifier = createRedisNotifier(commands, subscriber, {
    prefix,
    breaker: redisBreaker,
    onResubscribeFailed: (error) =>
      logger.warn({ error: String(error) }, 'Redis wake-ups not resubscribed; waiters read again'),
  });
  return {
    kind: 'scaled',
    stores,
    notifier,
    rateLimiter: (limitName, limit, windowMs) =>
      createRedisRateLimiter(commands, { name: limitName, limit, windowMs, now, prefix }),
    devSms: createRedisDevSmsBoard(commands, { prefix }),
    breakers: [postgres, redisBreaker],
    // Through the breakers: after a cool-down this probe is what closes them on an idle instance.
    async ping() {
      await Promise.all([postgres.run(() => pool.query('SELECT 1')), redisBreaker.run(() => redis.ping())]);
    },
    async close() {
      await notifier.close();
      await stores.close().catch(() => undefined);
      await closeAll();
    },
  };
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
