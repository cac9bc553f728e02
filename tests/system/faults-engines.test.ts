// Redis, then PostgreSQL, stopped and started again under two BFF processes (issue 26), as
// `npm run start:scaled` runs them, with small breaker settings: during each outage the phone's
// requests are answered 503 with the engine's code and message — within the engine's deadline,
// then at once with a Retry-After once the breaker opened — and nothing hangs; the platform's
// events keep coming (stored during the Redis outage; refused during PostgreSQL's and delivered
// again after); afterwards both processes serve again by themselves (no restart), a long-poll
// that waited through the outage hears its events, and every row is there exactly once.
import { ERRORS } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';

import type { Redis } from '../../bff/src/store/redis/client';
import { DEMO_CATALOGUE, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import type { Engine } from '../support/engines';
import { consultationBill, hisClient } from '../support/payments';
import type { PgInstance } from '../support/pg-stores';
import { startSharedState, TEST_WECHAT as WECHAT, type SharedState } from '../support/scaled-state';
import { activateVoucher, dispatcherTo, pharmacyCounter } from './code-flow-support';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { listen, type Running } from '../support/servers';
import { timedAnswer, type Answer } from '../support/timed-answer';
import { untilValue } from '../support/waiting';

jest.setTimeout(120_000);

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-faults-engines';
const BASKET = [{ code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen }];
/** Redis's command deadline (client.ts) and PostgreSQL's connection deadline (scaled.ts). */
const REDIS_DEADLINE_MS = 2000;
const PG_DEADLINE_MS = 5000;
/** What a machine shared by the whole suite adds to a deadline before we call it a hang. */
const SLACK_MS = 1500;

let postgres: Engine;
let redis: Engine;
let sandbox: Awaited<ReturnType<typeof setupCounter>>;
let wechatServer: Running;
let state: SharedState;
let shared: PgInstance;
let sharedRedis: Redis;
let one: BffProcess;
let other: BffProcess;
let auth: string;

beforeAll(async () => {
  [state, sandbox] = await Promise.all([
    startSharedState({ quietRedis: true }),
    setupCounter({ realClock: true }),
  ]);
  ({ postgres, redis, sharedRedis, shared } = state);
  wechatServer = await listen(createWechatSandbox(WECHAT).app);
  const env = state.bffEnv(
    { insuranceUrl: sandbox.url, wechatUrl: wechatServer.url },
    {
      LOG_LEVEL: 'error',
      INSURANCE_TIMEOUT_MS: '5000',
      // Small breakers: half of the calls in three seconds, two at least, open one, for three seconds.
      BREAKER_WINDOW_MS: '3000',
      BREAKER_MINIMUM_CALLS: '2',
      BREAKER_FAILURE_RATE: '0.5',
      BREAKER_COOL_DOWN_MS: '3000',
    },
  );
  [one, other] = await Promise.all([startBffProcess(env), startBffProcess(env)]);

  activateVoucher(sandbox, EMPLOYEE.psnNo, OPENID);
  auth = `Bearer ${await state.signIn(OPENID, EMPLOYEE.psnNo)}`;
});

// A test that failed mid-outage leaves the engines running for the next.
afterEach(async () => {
  await Promise.all([redis.resume(), postgres.resume()]);
});

afterAll(async () => {
  await Promise.allSettled([one?.stop(), other?.stop()]);
  await state?.close();
  await Promise.allSettled([sandbox?.close(), wechatServer?.close()]);
});

/** The phone's GET of `path` on `bff`, timed. */
const get = (bff: BffProcess, path: string): Promise<Answer> =>
  timedAnswer(`${bff.url}${path}`, { headers: { authorization: auth } });

/** Resolves once a connection listens for wake-ups of the person in Redis (a long-poll waits). */
const subscribed = () =>
  untilValue('a long-poll to wait', async () => {
    const [, n] = (await sharedRedis.pubsub('NUMSUB', `ybm:wake:${EMPLOYEE.psnNo}`)) as [string, number];
    return Number(n) >= 1 ? true : undefined;
  });

/**
 * The phone's requests during an outage, on each process: every one a 503 with `code` and its
 * message, none past `deadlineMs`; within a few the process's breaker opens, and from then on
 * they are refused at once with when to come back (the cool-down is longer than this takes).
 */
async function duringOutage(
  paths: string[],
  code: 'SESSION_SERVICE_DOWN' | 'STORAGE_DOWN',
  deadlineMs: number,
) {
  const expectDown = (answer: Answer) => {
    expect([answer.status, answer.code, answer.message]).toEqual([503, code, ERRORS[code].message]);
    expect(answer.ms).toBeLessThan(deadlineMs + SLACK_MS);
  };
  for (const bff of [one, other]) {
    let tries = 0;
    for (;;) {
      const answer = await get(bff, paths[tries % paths.length]!);
      expectDown(answer);
      tries += 1;
      if (answer.retryAfter !== null) break;
      expect(tries).toBeLessThan(30);
    }
    for (const path of paths) {
      const answer = await get(bff, path);
      expectDown(answer);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answer.ms).toBeLessThan(500);
    }
    // The load balancer sees it: not ready while the store is down.
    const ready = await get(bff, '/readyz');
    expect([ready.status, ready.body]).toEqual([
      503,
      expect.objectContaining({
        status: 'not_ready',
        checks: expect.objectContaining({ storage: { ok: false } }),
      }),
    ]);
  }
}

/** Both processes serve `path` again, by themselves, and say they are ready. */
async function servingAgain(path: string) {
  for (const bff of [one, other]) {
    // The same process that served before the outage: nothing restarted it.
    expect(() => process.kill(bff.pid, 0)).not.toThrow();
    await untilValue(`${bff.url} to be ready`, async () =>
      (await get(bff, '/readyz')).status === 200 ? true : undefined,
    );
    await untilValue(`${bff.url} to serve again`, async () =>
      (await get(bff, path)).status === 200 ? true : undefined,
    );
  }
}

/** Rows in the tables an outage could lose or double. */
async function counts() {
  const { rows } = await shared.pool.query(`SELECT
    (SELECT count(*) FROM inbound_events) AS "inbound",
    (SELECT count(*) FROM voucher_events) AS "voucherEvents",
    (SELECT count(*) FROM bills) AS "bills",
    (SELECT count(*) FROM inbox) AS "inbox",
    (SELECT count(*) FROM audit_log) AS "audit"`);
  return Object.fromEntries(
    Object.entries(rows[0] as Record<string, string>).map(([k, v]) => [k, Number(v)]),
  );
}

let codesIssued = 0;
/** A code for the phone, on `bff`; resolves once its audit row is written (written after the answer). */
async function issueCode(bff: BffProcess): Promise<Answer> {
  const answer = await get(bff, '/api/v1/voucher/code');
  expect(answer.status).toBe(200);
  codesIssued += 1;
  await untilValue('the code’s audit row', async () => {
    const trail = await shared.stores.audit.ofPerson(EMPLOYEE.psnNo);
    return trail.filter((row) => row.action === 'code.issue').length === codesIssued ? true : undefined;
  });
  return answer;
}

/** Events the platform has made so far, and those not yet acknowledged by the BFF. */
const platformEvents = () =>
  sandbox.context.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
const pendingPlatformEvents = () =>
  sandbox.context.db
    .prepare('SELECT count(*) FROM events WHERE delivered_at IS NULL')
    .pluck()
    .get() as number;

const kinds = (answer: Answer) => (answer.body.events as { kind: string }[]).map((event) => event.kind);

it('answers SESSION_SERVICE_DOWN while Redis is stopped, and serves again once it is back; a waiting long-poll hears what was stored meanwhile', async () => {
  const issued = await issueCode(one);
  const before = await counts();
  // The phone waits for its code to be scanned, on the first process.
  const polled = get(one, `/api/v1/voucher/events?cursor=${issued.body.cursor as number}&wait=25`);
  polled.catch(() => undefined);
  await subscribed();

  await redis.pause();
  await duringOutage(
    ['/api/v1/me', '/api/v1/voucher/code', '/api/v1/records'],
    'SESSION_SERVICE_DOWN',
    REDIS_DEADLINE_MS,
  );
  // The pharmacy scans the code the phone still shows (the platform is up): the webhook stores
  // both events in PostgreSQL though nobody can be woken through Redis.
  const dispatcher = dispatcherTo(sandbox, other.url);
  await pharmacyCounter(sandbox).scanIdentity(issued.body.code as string, BASKET);
  expect((await dispatcher.drainOnce()).delivered).toBe(2);

  await redis.resume();
  const back = Date.now();
  // The long-poll that waited through the outage hears both, as soon as the wake-ups are back.
  const heard = await polled;
  expect(heard.status).toBe(200);
  expect(kinds(heard)).toEqual(['scanned', 'verified']);
  expect(Date.now() - back).toBeLessThan(5000);
  await servingAgain('/api/v1/me');
  // The same session (Redis kept it over its restart), on either process.
  expect((await get(other, '/api/v1/voucher/events?cursor=0&wait=0')).status).toBe(200);

  const after = await counts();
  // One code issued before the outage, none during it; two events stored, once each.
  expect(after).toEqual({
    ...before,
    inbound: before.inbound! + 2,
    voucherEvents: before.voucherEvents! + 2,
  });
});

it('answers STORAGE_DOWN while PostgreSQL is stopped, refuses the platform’s events and takes them again once it is back, each once', async () => {
  // The pharmacy has scanned the person's code (scan 1) before the outage; the phone shows a new one.
  const counter = pharmacyCounter(sandbox);
  const dispatcher = dispatcherTo(sandbox, one.url);
  const first = await issueCode(other);
  const visit = await counter.scanIdentity(first.body.code as string, BASKET);
  await dispatcher.drainOnce();
  const issued = await issueCode(other);
  const before = await counts();
  const platformBefore = platformEvents();
  const polled = get(other, `/api/v1/voucher/events?cursor=${issued.body.cursor as number}&wait=25`);
  polled.catch(() => undefined);
  await subscribed();

  await postgres.pause();
  await duringOutage(
    ['/api/v1/voucher/code', '/api/v1/records', '/api/v1/inbox'],
    'STORAGE_DOWN',
    PG_DEADLINE_MS,
  );
  // The pharmacy settles with the new code, the hospital uploads a bill (6201): the BFF cannot
  // store their events, so the platform keeps them and sends them again later.
  const settled = await counter.settle(issued.body.code as string, visit);
  const upload = await hisClient(sandbox.url, sandbox.hisView, Date.now).call(
    PATHS.uploadFees,
    consultationBill(EMPLOYEE.psnNo, 'HIS-FAULTS-ENGINES-1'),
  );
  expect(upload.code).toBe('0');
  const billId = upload.data?.payOrdId as string;
  const refused = await dispatcher.drainOnce();
  expect(refused.delivered).toBe(0);
  expect(refused.failed).toBeGreaterThanOrEqual(1);

  await postgres.resume();
  await servingAgain('/api/v1/records');
  // Delivered again (after the platform's back-off), and the long-poll woken.
  await untilValue('the events to be delivered', async () => {
    await dispatcher.drainOnce();
    return pendingPlatformEvents() === 0 ? true : undefined;
  });
  const heard = await polled;
  expect(heard.status).toBe(200);
  // The phone polls on from its cursor until the settlement is there: every event once, in order.
  const events = [...(heard.body.events as { kind: string; settlement?: { setlId: string } }[])];
  let cursor = heard.body.cursor as number;
  while (!events.some((event) => event.kind === 'settled')) {
    const next = await get(one, `/api/v1/voucher/events?cursor=${cursor}&wait=5`);
    expect(next.status).toBe(200);
    events.push(...(next.body.events as typeof events));
    cursor = next.body.cursor as number;
  }
  expect(events.map((event) => event.kind)).toEqual(['scanned', 'settled']);
  expect(events.at(-1)?.settlement?.setlId).toBe(settled.setlId);

  // Each event the platform made is stored once: three of them (the scan, the settlement, the bill).
  const made = platformEvents() - platformBefore;
  expect(made).toBe(3);
  const after = await counts();
  expect(after).toEqual({
    ...before,
    inbound: before.inbound! + made,
    voucherEvents: before.voucherEvents! + 2,
    bills: before.bills! + 1,
    // The bill's notice and the settlement's.
    inbox: before.inbox! + 2,
    audit: before.audit! + 1,
  });
  expect(await shared.stores.bills.get(billId)).toMatchObject({ status: 'unpaid' });
  const { rows } = await shared.pool.query('SELECT count(*) AS n FROM inbox WHERE bill_id = $1', [billId]);
  expect(Number(rows[0].n)).toBe(1);
  const trail = await shared.stores.audit.ofPerson(EMPLOYEE.psnNo);
  expect(trail.filter((row) => row.action === 'settlement.received')).toHaveLength(1);
});
