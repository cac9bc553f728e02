// What the tests of BFF processes on one PostgreSQL + Redis (issues 25, 26) set up alike: a
// fresh database on the test's PostgreSQL and the test's own view of the shared state (the
// PostgreSQL stores with sessions in Redis, as a third instance would see it); phones signed in
// through that view; the environment of a BFF process on those engines and the sandboxes.
import { closeRedis, openRedis, type Redis } from '../../bff/src/store/redis/client';
import { createRedisSessionStore } from '../../bff/src/store/redis/sessions';
import { employeeBinding } from './bff';
import type { Engine } from './engines';
import { bffEnv } from './keys';
import { createDatabase, openPgInstance, type PgInstance } from './pg-stores';

/** The WeChat app the BFF processes and the WeChat sandboxes of these tests agree on. */
export const TEST_WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };

export interface SharedState {
  databaseUrl: string;
  redisUrl: string;
  sharedRedis: Redis;
  shared: PgInstance;
  /** Closes the view (the stores' pool, then the Redis connection). */
  close(): Promise<void>;
}

/**
 * A new database on `postgres` and the test's view of it and of `redis`. `quietRedis`: the
 * connection's errors are ignored (a test that stops Redis on purpose).
 */
export async function openSharedState(
  postgres: Engine,
  redis: Engine,
  options: { quietRedis?: boolean } = {},
): Promise<SharedState> {
  const databaseUrl = await createDatabase(postgres);
  const sharedRedis = openRedis(redis.url);
  if (options.quietRedis) sharedRedis.on('error', () => undefined);
  let shared: PgInstance;
  try {
    shared = await openPgInstance(
      databaseUrl,
      Date.now,
      createRedisSessionStore(sharedRedis, { now: Date.now }),
    );
  } catch (error) {
    await closeRedis(sharedRedis);
    throw error;
  }
  return {
    databaseUrl,
    redisUrl: redis.url,
    sharedRedis,
    shared,
    async close() {
      await shared.close();
      await closeRedis(sharedRedis);
    },
  };
}

/** A phone on WeChat `openid`: its binding (by default `psnNo`'s own) and a session; the token. */
export async function signInThrough(
  shared: PgInstance,
  openid: string,
  psnNo: string,
  binding = employeeBinding(openid, psnNo),
): Promise<string> {
  await shared.stores.bindings.save(binding);
  const { token } = await shared.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: openid,
  });
  return token;
}

/** The environment of a BFF process on `state`'s engines, the platform and WeChat at these URLs. */
export function scaledBffEnv(
  state: SharedState,
  upstream: { insuranceUrl: string; wechatUrl: string },
  overrides: Record<string, string> = {},
): Record<string, string> {
  return bffEnv({
    DATABASE_URL: state.databaseUrl,
    REDIS_URL: state.redisUrl,
    INSURANCE_BASE_URL: upstream.insuranceUrl,
    WECHAT_API_BASE: upstream.wechatUrl,
    WECHAT_APP_ID: TEST_WECHAT.appId,
    WECHAT_APP_SECRET: TEST_WECHAT.appSecret,
    ...overrides,
  });
}
