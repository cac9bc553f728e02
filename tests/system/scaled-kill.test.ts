// kill -9 one of two BFF processes on one PostgreSQL + Redis (issue 25) in the middle of
// payments — while the platform holds the answer to a 6202 it has paid, observed at the
// platform, not guessed with a sleep — and the other takes over: once the dead one's lease on
// the bills ran out (the processes' clock is moved past it, clock-file.ts), its reconciliation
// settles each interrupted payment or leaves it cleanly unpaid; nothing is charged twice and
// nothing is lost.
import { fenToYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { closeRedis, openRedis, type Redis } from '../../bff/src/store/redis/client';
import { createRedisSessionStore } from '../../bff/src/store/redis/sessions';
import { answerHold } from '../support/answer-hold';
import { employeeBinding } from '../support/bff';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { clockFile } from '../support/clock-file';
import { startTestPostgres, startTestRedis, type Engine } from '../support/engines';
import { bffEnv, testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import { createDatabase, openPgInstance, type PgInstance } from '../support/pg-stores';
import { startInsuranceSandbox } from '../support/servers';

jest.setTimeout(120_000);

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-scaled-kill';
const PASSWORD = '358024';
const ITEM = DEMO_CATALOGUE.consultation;
const PAYING_LEASE_MS = 10_000;

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
let paying: BffProcess;
let survivor: BffProcess;
let token: string;
const clock = clockFile();

beforeAll(async () => {
  payOrders = answerHold(PATHS.payOrder);
  [postgres, redis, sandbox] = await Promise.all([
    startTestPostgres(),
    startTestRedis(),
    startInsuranceSandbox({ seed: true, outermost: payOrders.middleware }),
  ]);
  await activateOnPlatform(
    channelClient(sandbox.url, testChannel().bffView, Date.now),
    EMPLOYEE,
    OPENID,
    PASSWORD,
  );
  const databaseUrl = await createDatabase(postgres);
  sharedRedis = openRedis(redis.url);
  shared = await openPgInstance(
    databaseUrl,
    Date.now,
    createRedisSessionStore(sharedRedis, { now: Date.now }),
  );
  await shared.stores.bindings.save(employeeBinding(OPENID, EMPLOYEE.psnNo));
  ({ token } = await shared.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  }));
  const env = bffEnv({
    ...clock.env,
    LOG_LEVEL: 'warn',
    PAYING_LEASE_MS: String(PAYING_LEASE_MS),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    INSURANCE_BASE_URL: sandbox.url,
  });
  [paying, survivor] = await Promise.all([
    startBffProcess({ ...env, INSTANCE_ID: 'bff-paying' }, clock.nodeArgs),
    startBffProcess({ ...env, INSTANCE_ID: 'bff-survivor' }, clock.nodeArgs),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([paying?.stop(), survivor?.stop()]);
  await shared?.close();
  await closeRedis(sharedRedis);
  await sandbox?.close();
  await Promise.allSettled([postgres?.stop(), redis?.stop()]);
});

const api = (bff: BffProcess, pathname: string, init: RequestInit = {}) =>
  fetch(`${bff.url}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });

const payBody = (requestId: string) =>
  JSON.stringify({ useAccount: true, passwordCipher: encryptPassword(PASSWORD), requestId });

const billStatus = async (billId: string) => (await shared.stores.bills.get(billId))?.status;
const payingCount = async () =>
  Number((await shared.pool.query("SELECT count(*) AS n FROM bills WHERE status = 'paying'")).rows[0].n);
const balance = () =>
  sandbox.db
    .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
    .pluck()
    .get(EMPLOYEE.psnNo) as number;

it('settles or cleanly fails on the other instance every payment a kill -9 interrupted, charging nothing twice', async () => {
  // Bills from the hospital, their events delivered to the survivor's webhook.
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  const events = createEventDispatcher(sandbox.context, {
    webhookUrl: `${survivor.url}/webhooks/insurance`,
    timeoutMs: 5000,
    backoff: { baseMs: 100, maxMs: 500 },
    defaultAppId: testChannel().appId,
  });
  const bills: string[] = [];
  for (let i = 1; i <= 5; i += 1) {
    const answer = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `HIS-SCALED-KILL-${i}`,
      psnNo: EMPLOYEE.psnNo,
      deptName: '普通内科',
      medfeeSumamt: fenToYuan(ITEM.priceFen),
      feedetail: [
        {
          feedetlSn: 'F1',
          medListCodg: ITEM.code,
          cnt: 1,
          pric: fenToYuan(ITEM.priceFen),
          detItemFeeSumamt: fenToYuan(ITEM.priceFen),
        },
      ],
    });
    bills.push(answer.data?.payOrdId as string);
  }
  for (let round = 0; round < 20; round += 1) {
    const report = await events.drainOnce();
    if (report.delivered === 0 && report.failed === 0) break;
  }
  for (const billId of bills) expect(await billStatus(billId)).toBe('unpaid');
  const before = balance();

  // Every bill paid through the one instance; it dies once the platform has paid an order and
  // holds its answer.
  const hold = payOrders.arm();
  const pays = bills.map((billId, i) =>
    api(paying, `/api/v1/bills/${billId}/pay`, {
      method: 'POST',
      body: payBody(`scaled-kill-pay-${i}-0123456789`),
    })
      .then((response) => response.status)
      .catch(() => 'cut off'),
  );
  await hold.held;
  await paying.stop('SIGKILL');
  const atKill = payOrders.inFlight();
  hold.release();
  await Promise.all(pays);
  expect(atKill.held).toBeGreaterThanOrEqual(1);

  // The survivor leaves the bills alone while their lease lasts (the dead one could be slow)…
  expect(await payingCount()).toBeGreaterThanOrEqual(atKill.held);
  const since = Number(
    (await shared.pool.query("SELECT min(paying_since) AS t FROM bills WHERE status = 'paying'")).rows[0].t,
  );
  expect(clock.now()).toBeLessThan(since + PAYING_LEASE_MS);
  // …and past it asks the platform (6301) what became of each one.
  clock.advance(PAYING_LEASE_MS, survivor.pid);
  await until('no payment left in flight', async () => (await payingCount()) === 0);

  let charged = 0;
  let paid = 0;
  for (const billId of bills) {
    const order = sandbox.db
      .prepare(
        'SELECT account_fen AS accountFen, setl_id AS setlId, mdtrt_id AS mdtrtId FROM pay_orders WHERE pay_ord_id = ?',
      )
      .get(billId) as { accountFen: number; setlId: string | null; mdtrtId: string };
    const status = await billStatus(billId);
    if (order.setlId) {
      expect(status).toMatch(/^(paid|awaiting_cash)$/);
      charged += order.accountFen;
      paid += 1;
    } else {
      expect(status).toBe('unpaid');
    }
    expect(
      sandbox.db.prepare('SELECT count(*) FROM settlements WHERE mdtrt_id = ?').pluck().get(order.mdtrtId),
    ).toBeLessThanOrEqual(1);
  }
  expect(before - balance()).toBe(charged);
  // Each 6202 held at the kill had paid its order, an answer the dead instance never read.
  expect(paid).toBeGreaterThanOrEqual(atKill.held);

  // What is still unpaid is paid on the survivor, once.
  const unpaid = [];
  for (const billId of bills) if ((await billStatus(billId)) === 'unpaid') unpaid.push(billId);
  for (const [i, billId] of unpaid.entries()) {
    const response = await api(survivor, `/api/v1/bills/${billId}/pay`, {
      method: 'POST',
      body: payBody(`scaled-kill-again-${i}-0123456789`),
    });
    expect(response.status).toBe(200);
    expect(await billStatus(billId)).toMatch(/^(paid|awaiting_cash)$/);
  }
});
