// Sessions, rate limits and wake-ups in Redis (issue 25) on a real redis-server: two clients
// stand for two BFF instances sharing one Redis, each with its own connections.
import { waitOn } from '../../bff/src/services/notifier';
import { closeRedis, openRedis, type Redis } from '../../bff/src/store/redis/client';
import { createDevSmsSink } from '../../bff/src/services/sms';
import { createRedisDevSmsBoard } from '../../bff/src/store/redis/dev-sms';
import { createRedisNotifier } from '../../bff/src/store/redis/notifier';
import { createRedisRateLimiter } from '../../bff/src/store/redis/rate-limit';
import { createRedisSessionStore } from '../../bff/src/store/redis/sessions';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../bff/src/store/sessions';
import { startTestRedis, type Engine } from '../support/engines';

let engine: Engine;
const clients: Redis[] = [];
let run = 0;

beforeAll(async () => {
  engine = await startTestRedis();
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map(closeRedis));
  await engine.stop();
});

function client(url = engine.url, commandTimeoutMs?: number): Redis {
  const redis = openRedis(url, commandTimeoutMs ? { commandTimeoutMs } : {});
  clients.push(redis);
  return redis;
}

/** Two "instances": their own connections, one clock, one fresh key prefix per test. */
function twoInstances() {
  run += 1;
  const prefix = `test${run}:`;
  let time = 1_800_000_000_000;
  const now = () => time;
  const advance = (ms: number) => (time += ms);
  const a = client();
  const b = client();
  return { prefix, now, advance, a, b };
}

const alice = { platform: 'weapp', channel: 'wechat', platformUserId: 'openid-alice' } as const;

describe('Redis sessions', () => {
  it('resolves on one instance a session made on the other, and stores only the token hash', async () => {
    const { prefix, now, a, b } = twoInstances();
    const onA = createRedisSessionStore(a, { now, prefix });
    const onB = createRedisSessionStore(b, { now, prefix });
    const { token, expiresAt } = await onA.create(alice);
    expect(expiresAt).toBe(now() + SESSION_IDLE_MS);
    expect(await onB.resolve(token)).toMatchObject({ ...alice, createdAt: now(), lastSeenAt: now() });
    const keys = await a.keys(`${prefix}*`);
    expect(keys.join(' ')).not.toContain(token);
    expect(await onB.resolve('not-a-token')).toBeUndefined();
  });

  it('ends a session idle for 30 minutes, keeps a used one alive, ends every one at 24 hours', async () => {
    const { prefix, now, advance, a, b } = twoInstances();
    const onA = createRedisSessionStore(a, { now, prefix });
    const onB = createRedisSessionStore(b, { now, prefix });
    const idle = await onA.create(alice);
    const used = await onA.create(alice);
    for (let step = 0; step < 4; step += 1) {
      advance(SESSION_IDLE_MS - 60_000);
      expect(await onB.resolve(used.token)).toBeDefined();
    }
    expect(await onA.resolve(idle.token)).toBeUndefined();
    // The touch is written to Redis too: its TTL follows the last use.
    const ttl = await a.pttl(
      `${prefix}session:${(await a.zrange(`${prefix}sessions-by-created`, 0, -1))[0]}`,
    );
    expect(ttl).toBeGreaterThan(SESSION_IDLE_MS - 5_000);
    let alive = true;
    while (alive) {
      advance(SESSION_IDLE_MS - 60_000);
      alive = (await onA.resolve(used.token)) !== undefined;
    }
    expect(now() - 1_800_000_000_000).toBeGreaterThan(SESSION_ABSOLUTE_MS);
    expect(now() - 1_800_000_000_000).toBeLessThanOrEqual(SESSION_ABSOLUTE_MS + SESSION_IDLE_MS);
  });

  it('a sign-out on one instance is seen on the other at the next request', async () => {
    const { prefix, now, a, b } = twoInstances();
    const onA = createRedisSessionStore(a, { now, prefix });
    const onB = createRedisSessionStore(b, { now, prefix });
    const { token } = await onA.create(alice);
    expect(await onB.resolve(token)).toBeDefined();
    await onB.revoke(token);
    expect(await onA.resolve(token)).toBeUndefined();
  });

  it("revokeUser ends all of a platform user's sessions on every instance, and only theirs", async () => {
    const { prefix, now, a, b } = twoInstances();
    const onA = createRedisSessionStore(a, { now, prefix });
    const onB = createRedisSessionStore(b, { now, prefix });
    const first = await onA.create(alice);
    const second = await onB.create(alice);
    const bob = await onA.create({ ...alice, platformUserId: 'openid-bob' });
    const alipayAlice = await onA.create({
      platform: 'alipay',
      channel: 'alipay',
      platformUserId: 'openid-alice',
    });
    expect(await onB.revokeUser('wechat', 'openid-alice')).toBe(2);
    expect(await onA.resolve(first.token)).toBeUndefined();
    expect(await onB.resolve(second.token)).toBeUndefined();
    expect(await onB.resolve(bob.token)).toBeDefined();
    expect(await onB.resolve(alipayAlice.token)).toBeDefined();
    expect(await onA.revokeUser('wechat', 'openid-alice')).toBe(0);
    // A new session after the revocation is a new one, not revoked with the old.
    const after = await onA.create(alice);
    expect(await onB.resolve(after.token)).toBeDefined();
  });

  it('removeExpired deletes the sessions past their absolute lifetime by the injected clock', async () => {
    const { prefix, now, advance, a } = twoInstances();
    const sessions = createRedisSessionStore(a, { now, prefix });
    await sessions.create(alice);
    await sessions.create(alice);
    advance(SESSION_ABSOLUTE_MS - SESSION_IDLE_MS / 2);
    const young = await sessions.create(alice);
    expect(await sessions.removeExpired()).toBe(0);
    advance(SESSION_IDLE_MS / 2 + 1);
    expect(await sessions.removeExpired()).toBe(2);
    expect(await a.zcard(`${prefix}sessions-by-created`)).toBe(1);
    expect(await a.smembers(`${prefix}user:wechat:openid-alice`)).toHaveLength(1);
    expect(await a.keys(`${prefix}session:*`)).toHaveLength(1);
    expect(await sessions.resolve(young.token)).toBeDefined();
  });
});

describe('Redis rate limits', () => {
  it('counts one sliding window across both instances', async () => {
    const { prefix, now, advance, a, b } = twoInstances();
    const onA = createRedisRateLimiter(a, { name: 'codes', limit: 3, windowMs: 60_000, now, prefix });
    const onB = createRedisRateLimiter(b, { name: 'codes', limit: 3, windowMs: 60_000, now, prefix });
    expect(await onA.take('person-1')).toBe(true);
    advance(10_000);
    expect(await onB.take('person-1')).toBe(true);
    expect(await onA.take('person-1')).toBe(true);
    expect(await onB.take('person-1')).toBe(false);
    expect(await onA.take('person-2')).toBe(true);
    // The first use leaves the window 60 s after it was made: one more, not three.
    advance(50_000);
    expect(await onB.take('person-1')).toBe(true);
    expect(await onA.take('person-1')).toBe(false);
    // Another limit of the same key is counted apart.
    const other = createRedisRateLimiter(b, { name: 'recoveries', limit: 1, windowMs: 60_000, now, prefix });
    expect(await other.take('person-1')).toBe(true);
  });

  it('gives the last use to exactly one of many instances taking it at the same moment', async () => {
    const { prefix, now, a, b } = twoInstances();
    const limiters = [a, b, client(), client()].map((redis) =>
      createRedisRateLimiter(redis, { name: 'race', limit: 5, windowMs: 60_000, now, prefix }),
    );
    const taken = await Promise.all(
      Array.from({ length: 40 }, (_, i) => limiters[i % limiters.length]!.take('person')),
    );
    expect(taken.filter(Boolean)).toHaveLength(5);
  });
});

describe('Redis notifier', () => {
  it('a notify on one instance wakes a waitOn on the other', async () => {
    const { prefix, a, b } = twoInstances();
    const onA = createRedisNotifier(a, client(), { prefix });
    const onB = createRedisNotifier(b, client(), { prefix });
    let woke = false;
    const waiting = waitOn(onB, 'psn-1', 20_000).then(() => (woke = true));
    // The subscription is in place once subscribe resolved: wait for that, not for time.
    while (onB.waiting() === 0) await new Promise((resolve) => setImmediate(resolve));
    const started = Date.now();
    await onA.notify('psn-2');
    await onA.notify('psn-1');
    await waiting;
    expect(woke).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(onB.waiting()).toBe(0);
    await onA.close();
    await onB.close();
  });

  it('fans one message out to every local waiter of the key, and stops after unsubscribe', async () => {
    const { prefix, a, b } = twoInstances();
    const onA = createRedisNotifier(a, client(), { prefix });
    const onB = createRedisNotifier(b, client(), { prefix });
    const woken: string[] = [];
    const first = await onB.subscribe('psn', () => woken.push('first'));
    const second = await onB.subscribe('psn', () => woken.push('second'));
    const seen = new Promise<void>((resolve) => void onB.subscribe('psn', resolve));
    await onA.notify('psn');
    await seen;
    expect(woken.sort()).toEqual(['first', 'second']);
    await first.unsubscribe();
    await second.unsubscribe();
    expect(onB.waiting()).toBe(1);
    await onA.close();
    await onB.close();
  });
});

describe('the dev SMS board', () => {
  it('shows on one instance the last SMS the other sent, keyed by no phone number', async () => {
    const { prefix, now, a, b } = twoInstances();
    const boardA = createRedisDevSmsBoard(a, { prefix });
    const boardB = createRedisDevSmsBoard(b, { prefix });
    const sink = createDevSmsSink(
      now,
      () => undefined,
      (phone, sms) => boardA.post(phone, sms),
    );
    await sink.send('13812345678', '验证码为123456');
    await sink.send('13812345678', '验证码为654321');
    expect(await boardB.latest('13812345678')).toEqual({ text: '验证码为654321', sentAt: now() });
    expect(await boardB.latest('13900000000')).toBeUndefined();
    const keys = await a.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('13812345678');
    expect(await a.pttl(keys[0]!)).toBeGreaterThan(4 * 60_000);
  });
});

describe('when Redis is away', () => {
  it('every call fails within its command timeout instead of hanging', async () => {
    const redis = await startTestRedis();
    const a = client(redis.url, 300);
    const sub = client(redis.url, 300);
    const now = () => 1_800_000_000_000;
    const sessions = createRedisSessionStore(a, { now, prefix: 'down:' });
    const limiter = createRedisRateLimiter(a, { name: 'x', limit: 1, windowMs: 1000, now, prefix: 'down:' });
    const notifier = createRedisNotifier(a, sub, { prefix: 'down:' });
    const { token } = await sessions.create(alice);
    await redis.stop();
    const started = Date.now();
    const outcomes = await Promise.allSettled([
      sessions.resolve(token),
      sessions.create(alice),
      sessions.revokeUser('wechat', 'openid-alice'),
      limiter.take('k'),
      notifier.notify('k'),
      notifier.subscribe('k', () => undefined),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill('rejected'));
    expect(Date.now() - started).toBeLessThan(5_000);
    // waitOn still ends by its own timeout: the poll then reads again.
    await waitOn(notifier, 'k', 100);
    await notifier.close();
  }, 20_000);
});
