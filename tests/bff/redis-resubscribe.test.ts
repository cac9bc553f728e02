// Long-poll wake-ups over Redis when Redis goes away and comes back (issue 26), on a real
// redis-server stopped and started again on its port: a waiter subscribed before the outage is
// woken once the subscription is back (what was published meanwhile reached nobody) and hears
// later notices as before; while Redis's breaker is open a SUBSCRIBE is refused at once with
// SESSION_SERVICE_DOWN; a wait whose subscription failed ends within a second, so the poll reads
// the store again instead of sleeping through Redis's return.
import { AppError } from '../../bff/src/errors';
import { dependencyBreaker } from '../../bff/src/services/dependencies';
import { UNWOKEN_WAIT_MS, waitOn } from '../../bff/src/services/notifier';
import { closeRedis, openRedis, type Redis } from '../../bff/src/store/redis/client';
import { isRedisOutage } from '../../bff/src/store/redis/guard';
import { createRedisNotifier } from '../../bff/src/store/redis/notifier';
import { startTestRedis, type Engine } from '../support/engines';

jest.setTimeout(30_000);

let engine: Engine;
const clients: Redis[] = [];

beforeAll(async () => {
  engine = await startTestRedis();
});
afterAll(async () => {
  await Promise.all(clients.map(closeRedis));
  await engine.stop();
});

function client(): Redis {
  const redis = openRedis(engine.url, { commandTimeoutMs: 500 });
  clients.push(redis);
  return redis;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('wakes a waiter subscribed before Redis went away once it is back, and it hears notices as before', async () => {
  const publisher = client();
  const notifier = createRedisNotifier(publisher, client(), { prefix: 'restart:' });
  const woken: string[] = [];
  await notifier.subscribe('psn', () => woken.push('psn'));
  await notifier.subscribe('other', () => woken.push('other'));

  await engine.pause();
  // Published while Redis is away: nobody hears it (the store keeps what it announced).
  await expect(notifier.notify('psn')).rejects.toBeDefined();
  expect(woken).toEqual([]);
  await engine.resume();

  // Back: every local waiter is woken to read the store again…
  await until('the waiters to be woken', () => woken.length === 2);
  expect(woken.sort()).toEqual(['other', 'psn']);
  // …and the subscription is live again for what comes next.
  woken.length = 0;
  await until('Redis to take notices again', () =>
    notifier.notify('psn').then(
      () => true,
      () => false,
    ),
  );
  await until('the notice to arrive', () => woken.includes('psn'));
  expect(woken).toEqual(['psn']);
  await notifier.close();
});

it('refuses a SUBSCRIBE at once while Redis’s breaker is open, and a failed wait ends within a second', async () => {
  let time = 1_800_000_000_000;
  const breaker = dependencyBreaker('redis', {
    now: () => time,
    settings: { windowMs: 10_000, minimumCalls: 2, failureRate: 0.5, coolDownMs: 5_000 },
    isFailure: isRedisOutage,
  });
  const notifier = createRedisNotifier(client(), client(), { prefix: 'breaker:', breaker });
  await engine.pause();
  try {
    // Two failed SUBSCRIBEs open it…
    for (const key of ['a', 'b']) {
      const failed = await notifier.subscribe(key, () => undefined).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(AppError);
      expect((failed as AppError).code).toBe('SESSION_SERVICE_DOWN');
    }
    expect(breaker.state()).toBe('open');
    // …and then none reaches the connection: refused before a command is even queued.
    const started = performance.now();
    const refused = await notifier.subscribe('c', () => undefined).catch((error: unknown) => error);
    expect((refused as AppError).code).toBe('SESSION_SERVICE_DOWN');
    expect(performance.now() - started).toBeLessThan(50);
    // A long-poll's wait cannot be woken now: it ends within a second to read again, not in 20.
    const waitStarted = performance.now();
    await waitOn(notifier, 'c', 20_000);
    expect(performance.now() - waitStarted).toBeLessThan(UNWOKEN_WAIT_MS + 500);
  } finally {
    await engine.resume();
  }
  // Past the cool-down one SUBSCRIBE probes, succeeds and closes the breaker.
  time += 5_000;
  await until('the subscription to be taken', () =>
    notifier
      .subscribe('c', () => undefined)
      .then(
        () => true,
        () => false,
      ),
  );
  expect(breaker.state()).toBe('closed');
  await notifier.close();
});

it('after Redis comes back, subscribes exactly the channels still waited on — not one whose UNSUBSCRIBE failed while it was away', async () => {
  const publisher = client();
  const subscriber = client();
  const notifier = createRedisNotifier(publisher, subscriber, { prefix: 'exact:' });
  const channels = async () => {
    // Commands on one connection run in order: whatever the subscriber sent before is done.
    await subscriber.ping();
    return ((await publisher.pubsub('CHANNELS', 'exact:*')) as string[]).sort();
  };
  const woken: string[] = [];
  const left = await notifier.subscribe('left', () => woken.push('left'));
  const kept = await notifier.subscribe('kept', () => woken.push('kept'));
  expect(await channels()).toEqual(['exact:wake:kept', 'exact:wake:left']);

  await engine.pause();
  // The waiter of `left` goes while Redis is away: its UNSUBSCRIBE cannot reach Redis.
  await left.unsubscribe().catch(() => undefined);
  await engine.resume();

  await until('the waiter of `kept` to be woken', () => woken.includes('kept'));
  await until('the subscriber to be connected', async () =>
    subscriber.ping().then(
      () => true,
      () => false,
    ),
  );
  expect(await channels()).toEqual(['exact:wake:kept']);
  // Nothing is sent later either (an UNSUBSCRIBE or SUBSCRIBE left over from the outage).
  await until('Redis to take notices again', () =>
    notifier.notify('kept').then(
      () => true,
      () => false,
    ),
  );
  expect(await channels()).toEqual(['exact:wake:kept']);

  // A new waiter of the same key is subscribed again and hears its notices.
  woken.length = 0;
  const again = await notifier.subscribe('left', () => woken.push('left'));
  expect(await channels()).toEqual(['exact:wake:kept', 'exact:wake:left']);
  await notifier.notify('left');
  await until('the notice to arrive', () => woken.includes('left'));

  // Every waiter goes during a second outage: back, no channel is subscribed at all.
  await engine.pause();
  await Promise.all([kept, again].map((handle) => handle.unsubscribe().catch(() => undefined)));
  await engine.resume();
  await until('the subscriber to be connected', async () =>
    subscriber.ping().then(
      () => true,
      () => false,
    ),
  );
  expect(await channels()).toEqual([]);
  await notifier.close();
});

it('keeps working across an outage during which it had no waiter at all', async () => {
  const subscriber = client();
  const notifier = createRedisNotifier(client(), subscriber, { prefix: 'idle:' });
  await until('the subscriber to be connected', () => subscriber.status === 'ready');
  await engine.pause();
  await engine.resume();
  await until('the subscriber to be connected', async () =>
    subscriber.ping().then(
      () => true,
      () => false,
    ),
  );
  const woken: string[] = [];
  await notifier.subscribe('psn', () => woken.push('psn'));
  await notifier.notify('psn');
  await until('the notice to arrive', () => woken.includes('psn'));
  await notifier.close();
});
