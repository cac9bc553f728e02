// Graceful shutdown of real BFF processes on PostgreSQL + Redis (issue 26). One instance is sent
// SIGTERM with a payment in flight (the platform holds its 6202 answer), a phone's long-poll
// waiting, a request begun on a connection already open and pushes in hand (WeChat holds them):
// the long-poll answers at once, 200 with Retry-After 0; nobody new gets in; /readyz says 503
// `draining`; the payment completes; the rows it leased and had not claimed are free again; it
// exits 0. Then two instances behind nginx under a steady load of phones (codes, records,
// long-polls, payments with their request ids), and one is sent SIGTERM: no request fails beyond
// those the phone's own policy retries (shared/src/retry.ts).
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PATHS } from '@ybm/shared/protocol';

import { startNginx } from '../../bff/scripts/nginx';
import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { closeRedis, openRedis, type Redis } from '../../bff/src/store/redis/client';
import { createRedisSessionStore } from '../../bff/src/store/redis/sessions';
import { answerHold } from '../support/answer-hold';
import { employeeBinding } from '../support/bff';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { startTestPostgres, startTestRedis, type Engine } from '../support/engines';
import { bffEnv, testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import { createDatabase, openPgInstance, type PgInstance } from '../support/pg-stores';
import { phoneClient, type PhoneClient } from '../support/phone-client';
import { startInsuranceSandbox } from '../support/servers';
import { freePort } from '../support/system';
import { holdingWechat } from '../support/wechat-hold';

jest.setTimeout(180_000);

const PASSWORD = '358024';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
/** The phones of the load: people with a personal account, each on their own WeChat. */
const PHONES = [PERSONAS.employee, PERSONAS.retiree, PERSONAS.parent, PERSONAS.spouse];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(50)) {
    if (await check()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

let postgres: Engine;
let redis: Engine;
let sharedRedis: Redis;
let shared: PgInstance;
let sandbox: Awaited<ReturnType<typeof startInsuranceSandbox>>;
let payOrders: ReturnType<typeof answerHold>;
let wechat: Awaited<ReturnType<typeof holdingWechat>>;
let env: Record<string, string>;
/** Bearer tokens by psnNo. */
const tokens = new Map<string, string>();
const started: BffProcess[] = [];

const openidOf = (psnNo: string) => `openid-shutdown-${psnNo}`;

beforeAll(async () => {
  payOrders = answerHold(PATHS.payOrder);
  [postgres, redis, sandbox, wechat] = await Promise.all([
    startTestPostgres(),
    startTestRedis(),
    startInsuranceSandbox({ seed: true, outermost: payOrders.middleware }),
    holdingWechat(WECHAT),
  ]);
  const databaseUrl = await createDatabase(postgres);
  sharedRedis = openRedis(redis.url);
  shared = await openPgInstance(
    databaseUrl,
    Date.now,
    createRedisSessionStore(sharedRedis, { now: Date.now }),
  );
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  for (const person of PHONES) {
    const openid = openidOf(person.psnNo);
    await activateOnPlatform(platform, person, openid, PASSWORD);
    await shared.stores.bindings.save(employeeBinding(openid, person.psnNo));
    const { token } = await shared.sessions.create({
      platform: 'weapp',
      channel: 'wechat',
      platformUserId: openid,
    });
    tokens.set(person.psnNo, `Bearer ${token}`);
  }
  env = bffEnv({
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    INSURANCE_BASE_URL: sandbox.url,
    WECHAT_API_BASE: wechat.url,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
  });
});

afterAll(async () => {
  await Promise.allSettled(started.map((bff) => bff.stop('SIGKILL')));
  await shared?.close();
  await closeRedis(sharedRedis);
  await Promise.allSettled([sandbox?.close(), wechat?.close()]);
  await Promise.allSettled([postgres?.stop(), redis?.stop()]);
});

async function startBff(instanceId: string): Promise<BffProcess> {
  const bff = await startBffProcess({ ...env, INSTANCE_ID: instanceId, SHUTDOWN_DRAIN_MS: '20000' });
  started.push(bff);
  return bff;
}

let serial = 0;
let hisView: ReturnType<typeof registerChannel> | undefined;
/** Consultation bills from the hospital (6201) for `psnNo`, delivered to the BFF at `bffUrl`; their ids. */
async function hospitalBills(psnNo: string, count: number, bffUrl: string): Promise<string[]> {
  hisView ??= registerChannel(sandbox.context.channels, 'YBMHIS0000000001');
  const his = hisClient(sandbox.url, hisView, Date.now);
  const bills: string[] = [];
  for (let i = 0; i < count; i += 1) {
    serial += 1;
    const answer = await his.call(PATHS.uploadFees, consultationBill(psnNo, `HIS-SHUTDOWN-${serial}`));
    bills.push(answer.data?.payOrdId as string);
  }
  const events = createEventDispatcher(sandbox.context, {
    webhookUrl: `${bffUrl}/webhooks/insurance`,
    timeoutMs: 5000,
    backoff: { baseMs: 100, maxMs: 500 },
    defaultAppId: testChannel().appId,
  });
  for (let round = 0; round < 50; round += 1) {
    const report = await events.drainOnce();
    if (report.delivered === 0 && report.failed === 0) break;
  }
  for (const billId of bills)
    await until(`bill ${billId} stored`, async () => Boolean(await shared.stores.bills.get(billId)));
  return bills;
}

const payBody = (requestId: string) => ({
  useAccount: true,
  passwordCipher: encryptPassword(PASSWORD),
  requestId,
});

interface OutboxRow {
  id: number;
  status: string;
  owner: string | null;
  leaseUntil: number | null;
}
async function outbox(where: string, params: unknown[] = []): Promise<OutboxRow[]> {
  const { rows } = await shared.pool.query(
    `SELECT id, status, owner, lease_until AS "leaseUntil" FROM notifications WHERE ${where} ORDER BY id`,
    params,
  );
  return rows.map((row: Record<string, unknown>) => ({
    id: Number(row.id),
    status: String(row.status),
    owner: row.owner === null ? null : String(row.owner),
    leaseUntil: row.leaseUntil === null ? null : Number(row.leaseUntil),
  }));
}

/** Resolves once `count` connections listen for wake-ups of `key` in Redis (a long-poll waits). */
async function subscribers(key: string, count = 1): Promise<void> {
  await until(`a long-poll on ${key}`, async () => {
    const [, n] = (await sharedRedis.pubsub('NUMSUB', `ybm:wake:${key}`)) as [string, number];
    return Number(n) >= count;
  });
}

/** The status line and headers of an answer read off a raw connection. */
function readAnswer(
  socket: Socket,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.once('end', () => {
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) });
    });
    socket.once('error', reject);
  });
}

function connectTo(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

it('drains one instance on SIGTERM: the payment in flight completes, the long-poll answers at once, /readyz 503, leases given back, exit 0', async () => {
  const person = PERSONAS.employee;
  const auth = tokens.get(person.psnNo)!;
  const victim = await startBff('bff-draining');
  const phone = phoneClient(victim.url, auth);

  // WeChat holds the pushes of the bills' notices: the instance has five sends in hand.
  const sends = wechat.holdSends();
  const [billToPay] = await hospitalBills(person.psnNo, 8, victim.url);
  await sends.held;
  await until(
    'five pushes in hand',
    async () => (await outbox("status = 'sending' AND owner = 'bff-draining'")).length === 5,
  );
  // The instance's next rows, leased and not yet claimed (the moment between the two, held here).
  const leased = await shared.stores.notifications.lease('bff-draining', 10, Date.now() + 60_000);
  expect(leased).toHaveLength(3);

  // A payment in flight: the platform has paid the order and holds its answer.
  const payHold = payOrders.arm();
  const paying = phone.send({
    kind: 'pay',
    method: 'POST',
    path: `/api/v1/bills/${billToPay}/pay`,
    body: payBody('shutdown-pay-0123456789'),
    idempotent: true,
    timeoutMs: 60_000,
  });
  await payHold.held;
  // A long-poll waiting for the code's events.
  const cursor = (
    await phone.send({ kind: 'code', method: 'GET', path: '/api/v1/voucher/code', timeoutMs: 10_000 })
  ).body as {
    cursor: number;
  };
  const pollStarted = Date.now();
  const polling = phone.send({
    kind: 'events',
    method: 'GET',
    path: `/api/v1/voucher/events?cursor=${cursor.cursor}&wait=25`,
    timeoutMs: 60_000,
  });
  await subscribers(person.psnNo);
  // A connection the load balancer opened before the signal, its request begun.
  const open = await connectTo(victim.url);
  const readyz = readAnswer(open);
  open.write(`GET /readyz HTTP/1.1\r\nHost: ${new URL(victim.url).host}\r\n`);

  victim.signal('SIGTERM');
  const poll = await polling;
  expect(Date.now() - pollStarted).toBeLessThan(10_000);
  expect([poll.status, poll.retryAfter, poll.body]).toEqual([
    200,
    '0',
    { cursor: cursor.cursor, events: [] },
  ]);
  // Nobody new gets in…
  await expect(connectTo(victim.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  // …what comes on a connection already open is served, and says the instance is leaving.
  open.write('\r\n');
  const ready = await readyz;
  expect(ready.status).toBe(503);
  expect(ready.headers.connection).toBe('close');
  expect(JSON.parse(ready.body)).toMatchObject({ status: 'not_ready', draining: true });
  // The payment in flight holds the exit.
  expect(victim.running()).toBe(true);

  payHold.release();
  const paid = await paying;
  expect([paid.status, paid.attempts]).toEqual([200, 1]);
  expect((paid.body as { status: string }).status).toMatch(/^(paid|awaiting_cash)$/);
  sends.release();
  await expect(victim.exited).resolves.toBe(0);

  // The sends in hand were finished, not cut; the rows leased and not claimed are anyone's now.
  expect((await outbox("owner = 'bff-draining' AND status = 'sending'")).length).toBe(0);
  const released = await outbox('id = ANY($1)', [leased.map((row) => row.id)]);
  expect(released.map((row) => [row.status, row.owner, row.leaseUntil])).toEqual(
    leased.map(() => ['pending', null, null]),
  );
  // The audit trail has the payment (written before the exit, not lost in a queue).
  const trail = await shared.stores.audit.ofPerson(person.psnNo);
  expect(trail.some((row) => row.action.startsWith('payment') && row.outcome === 'ok')).toBe(true);
});

/** How long the load's long-polls wait: short, so that round robin spreads them over both instances. */
const LOAD_WAIT_S = 5;

/**
 * How many instances have a long-poll waiting now: each instance listens for wake-ups on one
 * Redis connection of its own, subscribed to a channel per person with a poll waiting.
 */
async function instancesWithLongPolls(): Promise<number> {
  const clients = String(await sharedRedis.call('CLIENT', 'LIST'));
  return clients.split('\n').filter((line) => /\bsub=[1-9]/.test(line)).length;
}

/** A phone of the load: codes (no faster than the limit allows), records, payments, a long-poll. */
function runPhone(client: PhoneClient, bills: string[], running: () => boolean, psnNo: string) {
  const actions = async () => {
    let lastCode = 0;
    let lastPay = 0;
    while (running()) {
      // 30 codes a minute per person: one every 2.5 s at most.
      if (Date.now() - lastCode >= 2_500) {
        lastCode = Date.now();
        await client.send({ kind: 'code', method: 'GET', path: '/api/v1/voucher/code', timeoutMs: 10_000 });
      }
      await client.send({ kind: 'records', method: 'GET', path: '/api/v1/records', timeoutMs: 10_000 });
      // A bill paid every 2 s at most: the bills last the whole test.
      const billId = Date.now() - lastPay >= 2_000 ? bills.shift() : undefined;
      if (billId) {
        lastPay = Date.now();
        await client.send({
          kind: 'pay',
          method: 'POST',
          path: `/api/v1/bills/${billId}/pay`,
          body: payBody(`load-${psnNo}-${billId}`),
          idempotent: true,
          timeoutMs: 30_000,
        });
      }
      // A person's pace between taps.
      await sleep(150);
    }
  };
  const longPoll = async () => {
    let cursor = 0;
    while (running()) {
      const answer = await client.send({
        kind: 'events',
        method: 'GET',
        path: `/api/v1/voucher/events?cursor=${cursor}&wait=${LOAD_WAIT_S}`,
        timeoutMs: 40_000,
      });
      // Again at once (Retry-After: 0 or events), as the code page does; after a failure, stop.
      if (!answer.ok) return;
      cursor = (answer.body as { cursor: number }).cursor;
    }
  };
  return Promise.all([actions(), longPoll()]);
}

it('loses no request of phones under load behind nginx when one of two instances is sent SIGTERM', async () => {
  const stays = await startBff('bff-stays');
  const leaves = await startBff('bff-leaves');
  const dir = mkdtempSync(path.join(tmpdir(), 'ybm-shutdown-nginx-'));
  const nginx = await startNginx({
    dir,
    host: '127.0.0.1',
    port: await freePort(),
    upstreams: [stays, leaves].map((bff) => new URL(bff.url).host),
    asRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  });
  let load = true;
  let payHold: { release(): void } | undefined;
  try {
    const bills = new Map<string, string[]>();
    for (const person of PHONES) bills.set(person.psnNo, await hospitalBills(person.psnNo, 6, nginx.url));
    const phones = PHONES.map((person) => phoneClient(nginx.url, tokens.get(person.psnNo)!));
    const all = () => phones.flatMap((phone) => phone.outcomes);
    const running = PHONES.map((person, i) =>
      runPhone(phones[i]!, bills.get(person.psnNo)!, () => load, person.psnNo),
    );

    // Load on both instances, long-polls waiting on each of them; then one leaves.
    await until('the load under way', () => all().length >= 40);
    await until('long-polls waiting on both instances', async () => (await instancesWithLongPolls()) === 2);
    // Every phone mid-payment (round robin put them on both instances): the platform holds the answers…
    payHold = payOrders.arm();
    await until('every phone mid-payment', () => payOrders.inFlight().held >= PHONES.length);
    const signalledAt = Date.now();
    leaves.signal('SIGTERM');
    // …until the instance is seen draining (its long-polls came back with Retry-After: 0).
    await until('a long-poll ended by the drain', () =>
      all().some((o) => o.kind === 'events' && o.retryAfter === '0'),
    );
    payHold.release();
    await expect(leaves.exited).resolves.toBe(0);
    const exitedAt = Date.now();
    // Going on on the other alone for a while.
    const before = all().length;
    await until('the load on one instance', () => all().length >= before + 40);
    load = false;
    await Promise.all(running);

    const outcomes = all();
    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed).toEqual([]);
    // Requests were served while the instance drained and after it left, payments among them.
    expect(outcomes.filter((o) => o.endedAt > signalledAt && o.startedAt < exitedAt).length).toBeGreaterThan(
      0,
    );
    const paysAcross = outcomes.filter(
      (o) => o.kind === 'pay' && o.startedAt < signalledAt && o.endedAt > signalledAt,
    );
    expect(paysAcross.length).toBeGreaterThanOrEqual(PHONES.length);
    // Each payment paid once: as many settlements as bills paid, none twice.
    const paidBills = outcomes.filter((o) => o.kind === 'pay').map((o) => o.path.split('/')[4]!);
    for (const billId of paidBills) {
      expect(
        sandbox.db
          .prepare('SELECT count(*) FROM pay_orders WHERE pay_ord_id = ? AND setl_id IS NOT NULL')
          .pluck()
          .get(billId),
      ).toBe(1);
    }

    // With no instance left, nginx says so itself, in the BFF's words, with a retry hint.
    await stays.stop('SIGTERM');
    const response = await fetch(`${nginx.url}/api/v1/voucher/code`, {
      headers: { authorization: tokens.get(PHONES[0]!.psnNo)! },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时繁忙，请稍后重试，已完成的支付不会重复扣款' },
    });
  } finally {
    // A failed step leaves no phone polling and no answer held.
    load = false;
    payHold?.release();
    await new Promise<void>((resolve) => {
      if (nginx.child.exitCode !== null) return resolve();
      nginx.child.once('exit', () => resolve());
      nginx.child.kill('SIGTERM');
    });
    rmSync(dir, { recursive: true, force: true });
  }
});
