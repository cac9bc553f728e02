// kill -9 one of two BFF processes on one PostgreSQL + Redis (issue 25) in the middle of pushing
// bill notices (while WeChat holds its sends) and in the middle of payments (while the platform
// holds the answer to a 6202 it has paid) — each observed, not guessed with a sleep — and the
// other takes over once the dead one's leases ran out (the processes' clock is moved past them,
// clock-file.ts): no notice pushed twice, every bill in the inbox, each interrupted payment
// settled or cleanly unpaid, nothing charged twice.
import { PATHS } from '@ybm/shared/protocol';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { answerHold } from '../support/answer-hold';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { clockFile } from '../support/clock-file';
import { testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import type { PgInstance } from '../support/pg-stores';
import { startSharedState, TEST_WECHAT as WECHAT, type SharedState } from '../support/scaled-state';
import { startInsuranceSandbox } from '../support/servers';
import { until } from '../support/waiting';
import { holdingWechat } from '../support/wechat-hold';

jest.setTimeout(120_000);

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-scaled-kill';
const PASSWORD = '358024';
const PAYING_LEASE_MS = 10_000;

let state: SharedState;
let shared: PgInstance;
let sandbox: Awaited<ReturnType<typeof startInsuranceSandbox>>;
let payOrders: ReturnType<typeof answerHold>;
let wechat: Awaited<ReturnType<typeof holdingWechat>>;
/** The instance killed in each test (started again after the first) and the one that stays. */
let victim: BffProcess;
let survivor: BffProcess;
let env: Record<string, string>;
let token: string;
const clock = clockFile();

beforeAll(async () => {
  payOrders = answerHold(PATHS.payOrder);
  [state, sandbox, wechat] = await Promise.all([
    startSharedState(),
    startInsuranceSandbox({ seed: true, outermost: payOrders.middleware }),
    holdingWechat(WECHAT),
  ]);
  await wechat.subscribe(OPENID, 1000);
  await activateOnPlatform(
    channelClient(sandbox.url, testChannel().bffView, Date.now),
    EMPLOYEE,
    OPENID,
    PASSWORD,
  );
  ({ shared } = state);
  token = await state.signIn(OPENID, EMPLOYEE.psnNo);
  env = state.bffEnv(
    { insuranceUrl: sandbox.url, wechatUrl: wechat.url },
    { ...clock.env, LOG_LEVEL: 'warn', PAYING_LEASE_MS: String(PAYING_LEASE_MS) },
  );
  [victim, survivor] = await Promise.all([
    startBffProcess({ ...env, INSTANCE_ID: 'bff-victim-1' }, clock.nodeArgs),
    startBffProcess({ ...env, INSTANCE_ID: 'bff-survivor' }, clock.nodeArgs),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([victim?.stop(), survivor?.stop()]);
  await state?.close();
  await Promise.allSettled([sandbox?.close(), wechat?.close()]);
});

const api = (bff: BffProcess, pathname: string, init: RequestInit = {}) =>
  fetch(`${bff.url}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });

const payBody = (requestId: string) =>
  JSON.stringify({ useAccount: true, passwordCipher: encryptPassword(PASSWORD), requestId });

let serial = 0;
/** A consultation bill from the hospital (6201); its id. */
async function hospitalBill(): Promise<string> {
  serial += 1;
  const his = hisClient(sandbox.url, hisChannel(), Date.now);
  const answer = await his.call(
    PATHS.uploadFees,
    consultationBill(EMPLOYEE.psnNo, `HIS-SCALED-KILL-${serial}`),
  );
  return answer.data?.payOrdId as string;
}
let hisView: ReturnType<typeof registerChannel> | undefined;
const hisChannel = () => (hisView ??= registerChannel(sandbox.context.channels, 'YBMHIS0000000001'));

/** Delivers every queued platform event to `bff`'s webhook. */
async function deliverEvents(bff: BffProcess): Promise<void> {
  const events = createEventDispatcher(sandbox.context, {
    webhookUrl: `${bff.url}/webhooks/insurance`,
    timeoutMs: 5000,
    backoff: { baseMs: 100, maxMs: 500 },
    defaultAppId: testChannel().appId,
  });
  for (let round = 0; round < 50; round += 1) {
    const report = await events.drainOnce();
    if (report.delivered === 0 && report.failed === 0) return;
  }
}

interface OutboxRow {
  id: number;
  status: string;
  owner: string | null;
  leaseUntil: number | null;
}
async function outbox(where = 'true'): Promise<OutboxRow[]> {
  const { rows } = await shared.pool.query(
    `SELECT id, status, owner, lease_until AS "leaseUntil" FROM notifications WHERE ${where} ORDER BY id`,
  );
  return rows.map((row: Record<string, unknown>) => ({
    id: Number(row.id),
    status: String(row.status),
    owner: row.owner === null ? null : String(row.owner),
    leaseUntil: row.leaseUntil === null ? null : Number(row.leaseUntil),
  }));
}

it('pushes no bill notice twice and keeps every bill in the inbox when one instance is killed mid fan-out', async () => {
  const bills: string[] = [];
  for (let i = 0; i < 30; i += 1) bills.push(await hospitalBill());
  // Both instances push; WeChat holds every send, so each has its sends in hand.
  const hold = wechat.holdSends();
  await deliverEvents(victim);
  await hold.held;
  // Killed once its own rows are being sent (claimed, WeChat holding them), seen in the database.
  await until(
    'the victim mid-send',
    async () => (await outbox("status = 'sending' AND owner = 'bff-victim-1'")).length > 0,
  );
  await victim.stop('SIGKILL');
  hold.release();
  const cutOff = await outbox("status = 'sending' AND owner = 'bff-victim-1'");
  const leasedByVictim = await outbox(
    "status = 'pending' AND owner = 'bff-victim-1' AND lease_until IS NOT NULL",
  );
  expect(cutOff.length).toBeGreaterThanOrEqual(1);
  const held = [...cutOff, ...leasedByVictim].map((row) => row.id);
  const leaseEnd = Math.max(...[...cutOff, ...leasedByVictim].map((row) => row.leaseUntil!));

  // The survivor sends everything nobody else held, and leaves the dead one's rows within their lease…
  const open = async () =>
    (await outbox("status IN ('pending', 'sending')")).filter((row) => !held.includes(row.id)).length;
  await until('every row nobody held to be sent', async () => (await open()) === 0);
  expect(clock.now()).toBeLessThan(leaseEnd);
  expect((await outbox(`id IN (${held.join(',')})`)).every((row) => row.owner === 'bff-victim-1')).toBe(true);

  // …past it, the sends cut off are in doubt for good (never resent), the merely leased are sent.
  clock.advance(leaseEnd - clock.now() + 1000, survivor.pid);
  await until(
    'the outbox to settle',
    async () => (await outbox("status IN ('pending', 'sending')")).length === 0,
  );
  expect((await outbox("status = 'unknown'")).map((row) => row.id)).toEqual(cutOff.map((row) => row.id));
  if (leasedByVictim.length > 0) {
    const ids = leasedByVictim.map((row) => row.id).join(',');
    expect((await outbox(`id IN (${ids})`)).every((row) => row.status === 'sent')).toBe(true);
  }

  const pushed = wechat.wechat.state.messages.map((message) => message.page);
  expect(new Set(pushed).size).toBe(pushed.length); // nothing pushed twice
  const all = await outbox();
  const sent = all.filter((row) => row.status === 'sent').length;
  const unknown = all.filter((row) => row.status === 'unknown').length;
  expect(sent + unknown).toBe(30);
  expect(pushed.length).toBeGreaterThanOrEqual(sent);
  expect(pushed.length).toBeLessThanOrEqual(sent + unknown);
  const inbox = await shared.pool.query(
    "SELECT count(DISTINCT bill_id) AS n FROM inbox WHERE kind = 'bill' AND bill_id = ANY($1)",
    [bills],
  );
  expect(Number(inbox.rows[0].n)).toBe(30);

  // The next test kills an instance again: a new one, under a name of its own.
  victim = await startBffProcess({ ...env, INSTANCE_ID: 'bff-victim-2' }, clock.nodeArgs);
});

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
  const bills: string[] = [];
  for (let i = 0; i < 5; i += 1) bills.push(await hospitalBill());
  await deliverEvents(survivor);
  for (const billId of bills) expect(await billStatus(billId)).toBe('unpaid');
  const before = balance();

  // Every bill paid through the one instance; it dies once the platform has paid an order and
  // holds its answer.
  const hold = payOrders.arm();
  const pays = bills.map((billId, i) =>
    api(victim, `/api/v1/bills/${billId}/pay`, {
      method: 'POST',
      body: payBody(`scaled-kill-pay-${i}-0123456789`),
    })
      .then((response) => response.status)
      .catch(() => 'cut off'),
  );
  await hold.held;
  await victim.stop('SIGKILL');
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
