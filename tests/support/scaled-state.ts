// What the tests of BFF processes on one PostgreSQL + Redis (issues 25, 26) set up alike: both
// engines, a fresh database on that PostgreSQL and the test's own view of the shared state (the
// PostgreSQL stores with sessions in Redis, as a third instance would see it); phones signed in
// through that view; the environment of a BFF process on those engines and the sandboxes.
import type { Binding } from '../../bff/src/store/records';
import { closeRedis, openRedis, type Redis } from '../../bff/src/store/redis/client';
import { createRedisSessionStore } from '../../bff/src/store/redis/sessions';
import { employeeBinding } from './bff';
import { startTestPostgres, startTestRedis, type Engine } from './engines';
import { bffEnv } from './keys';
import { createDatabase, openPgInstance, type PgInstance } from './pg-stores';

/** The WeChat app the BFF processes and the WeChat sandboxes of these tests agree on. */
export const TEST_WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };

export interface SharedState {
  postgres: Engine;
  redis: Engine;
  databaseUrl: string;
  sharedRedis: Redis;
  shared: PgInstance;
  /** A phone on WeChat `openid`: its binding (by default `psnNo`'s own) and a session; the token. */
  signIn(openid: string, psnNo: string, binding?: Binding): Promise<string>;
  /** The environment of a BFF process on these engines, the platform and WeChat at these URLs. */
  bffEnv(
    upstream: { insuranceUrl: string; wechatUrl: string },
    overrides?: Record<string, string>,
  ): Record<string, string>;
  /** Closes the view (the stores' pool, then the Redis connection), then stops both engines. */
  close(): Promise<void>;
}

/**
 * A throwaway PostgreSQL and Redis, a new database on that PostgreSQL and the test's view of
 * both. `quietRedis`: the view's Redis errors are ignored (a test that stops Redis on purpose).
 */
export async function startSharedState(options: { quietRedis?: boolean } = {}): Promise<SharedState> {
  const [postgres, redis] = await Promise.all([startTestPostgres(), startTestRedis()]);
  const stopEngines = () => Promise.allSettled([postgres.stop(), redis.stop()]);
  try {
    const databaseUrl = await createDatabase(postgres);
    const sharedRedis = openRedis(redis.url);
    if (options.quietRedis) sharedRedis.on('error', () => undefined);
    const shared = await openPgInstance(
      databaseUrl,
      Date.now,
      createRedisSessionStore(sharedRedis, { now: Date.now }),
    ).catch(async (error: unknown) => {
      await closeRedis(sharedRedis);
      throw error;
    });
    return {
      postgres,
      redis,
      databaseUrl,
      sharedRedis,
      shared,
      async signIn(openid, psnNo, binding = employeeBinding(openid, psnNo)) {
        await shared.stores.bindings.save(binding);
        const { token } = await shared.sessions.create({
          platform: 'weapp',
          channel: 'wechat',
          platformUserId: openid,
        });
        return token;
      },
      bffEnv(upstream, overrides = {}) {
        return bffEnv({
          DATABASE_URL: databaseUrl,
          REDIS_URL: redis.url,
          INSURANCE_BASE_URL: upstream.insuranceUrl,
          WECHAT_API_BASE: upstream.wechatUrl,
          WECHAT_APP_ID: TEST_WECHAT.appId,
          WECHAT_APP_SECRET: TEST_WECHAT.appSecret,
          ...overrides,
        });
      },
      async close() {
        try {
          await shared.close();
          await closeRedis(sharedRedis);
        } finally {
          await stopEngines();
        }
      },
    };
  } catch (error) {
    await stopEngines();
    throw error;
  }
}
