// Two BFF processes on one PostgreSQL + Redis (issue 25), as `npm run start:scaled` runs them
// behind nginx, with requests sent alternately to one and the other the way round robin would:
// the code flow end to end; a session made on one used and ended on the other; a long-poll on
// one woken by an event stored through the other's webhook; limits counted across both; a
// family member unlinked on one refused on the other at once.
import request from 'supertest';

import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import type { Redis } from '../../bff/src/store/redis/client';
import { DEMO_CATALOGUE, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { employeeBinding } from '../support/bff';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { testRecordId } from '../support/keys';
import type { PgInstance } from '../support/pg-stores';
import { startSharedState, TEST_WECHAT as WECHAT, type SharedState } from '../support/scaled-state';
import { listen, type Running } from '../support/servers';
import { activateVoucher, dispatcherTo, pharmacyCounter } from './code-flow-support';

jest.setTimeout(120_000);

const EMPLOYEE = PERSONAS.employee;
const BASKET = [
  { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
  { code: DEMO_CATALOGUE.classB.code, qty: 1, priceFen: DEMO_CATALOGUE.classB.priceFen },
];

let sandbox: Awaited<ReturnType<typeof setupCounter>>;
let wechat: ReturnType<typeof createWechatSandbox>;
let wechatServer: Running;
let state: SharedState;
/** The test's own view of the shared state, as a third instance would see it. */
let shared: PgInstance;
let sharedRedis: Redis;
let one: BffProcess;
let other: BffProcess;

beforeAll(async () => {
  [state, sandbox] = await Promise.all([startSharedState(), setupCounter({ realClock: true })]);
  ({ sharedRedis, shared } = state);
  wechat = createWechatSandbox(WECHAT);
  wechatServer = await listen(wechat.app);
  const env = state.bffEnv(
    { insuranceUrl: sandbox.url, wechatUrl: wechatServer.url },
    { LOG_LEVEL: 'warn', INSURANCE_TIMEOUT_MS: '5000' },
  );
  [one, other] = await Promise.all([startBffProcess(env), startBffProcess(env)]);
});

afterAll(async () => {
  await Promise.allSettled([one?.stop(), other?.stop()]);
  await state?.close();
  await Promise.allSettled([sandbox?.close(), wechatServer?.close()]);
});

/** The person's voucher, their binding to `openid` and a session made through the shared stores. */
async function signedIn(psnNo: string, openid: string, binding = employeeBinding(openid, psnNo)) {
  activateVoucher(sandbox, psnNo, openid);
  return `Bearer ${await state.signIn(openid, psnNo, binding)}`;
}

/** Resolves once `count` connections listen for wake-ups of `key` in Redis (a long-poll is waiting). */
async function subscribers(key: string, count = 1): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 20_000;) {
    const [, n] = (await sharedRedis.pubsub('NUMSUB', `ybm:wake:${key}`)) as [string, number];
    if (Number(n) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nobody waits on ${key}`);
}

it('runs the code flow with requests alternating between the two processes', async () => {
  const auth = await signedIn(EMPLOYEE.psnNo, 'openid-employee');
  const [a, b] = [request(one.url), request(other.url)];
  const counter = pharmacyCounter(sandbox);
  // The platform's events land on the second process; the phone asks the first.
  const dispatcher = dispatcherTo(sandbox, other.url);

  const first = await a.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
  expect(first.body).toMatchObject({ maskedName: '张*', regionName: '绥化市' });
  // A long-poll waits on the second process for the scan of the code the first issued…
  const scanWait = b
    .get('/api/v1/voucher/events')
    .query({ cursor: first.body.cursor, wait: 20 })
    .set('Authorization', auth);
  const scanWaited = scanWait.then((response) => response);
  await subscribers(EMPLOYEE.psnNo);
  const visit = await counter.scanIdentity(first.body.code, BASKET);
  const scannedAt = Date.now();
  await dispatcher.drainOnce();
  // …and wakes when the webhook (on the second process too, here) stores it.
  const afterScan = await scanWaited;
  expect(afterScan.status).toBe(200);
  expect(Date.now() - scannedAt).toBeLessThan(5_000);
  expect(afterScan.body.events.map((e: { kind: string }) => e.kind)).toEqual(['scanned', 'verified']);

  const second = await b.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
  expect(second.body.code).not.toBe(first.body.code);
  // The first process waits; the settlement stored through the second wakes it (Redis pub/sub).
  const waiting = a
    .get('/api/v1/voucher/events')
    .query({ cursor: afterScan.body.cursor, wait: 20 })
    .set('Authorization', auth)
    .then((response) => response);
  await subscribers(EMPLOYEE.psnNo);
  const settled = await counter.settle(second.body.code, visit);
  const settledAt = Date.now();
  await dispatcher.drainOnce();
  const result = await waiting;
  expect(result.status).toBe(200);
  expect(Date.now() - settledAt).toBeLessThan(5_000);
  const event = result.body.events.find((e: { kind: string }) => e.kind === 'settled');
  expect(event.settlement).toMatchObject({
    setlId: settled.setlId,
    totalFen: settled.totalFen,
    accountFen: settled.accountFen,
  });

  const records = await b.get('/api/v1/records').set('Authorization', auth).expect(200);
  expect(records.body.records[0]).toMatchObject({
    recordId: testRecordId(EMPLOYEE.psnNo, settled.setlId),
    medium: 'code',
  });
  // Both processes wrote the one audit trail: two codes and the settlement, nothing twice.
  let trail = await shared.stores.audit.ofPerson(EMPLOYEE.psnNo);
  for (const started = Date.now(); trail.length < 3 && Date.now() - started < 10_000;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    trail = await shared.stores.audit.ofPerson(EMPLOYEE.psnNo);
  }
  expect(trail.map((row) => [row.action, row.outcome]).sort()).toEqual([
    ['code.issue', 'ok'],
    ['code.issue', 'ok'],
    ['settlement.received', 'ok'],
  ]);
});

it('counts the code limit (30 a minute) across both processes', async () => {
  const retiree = PERSONAS.retiree;
  const auth = await signedIn(retiree.psnNo, 'openid-retiree', {
    ...employeeBinding('openid-retiree', retiree.psnNo),
    psnNo: retiree.psnNo,
  });
  const statuses: number[] = [];
  for (let i = 0; i < 31; i += 1) {
    const bff = i % 2 === 0 ? one : other;
    statuses.push((await request(bff.url).get('/api/v1/voucher/code').set('Authorization', auth)).status);
  }
  // Per process it would be 16 and 15: under the limit on each.
  expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
  expect(statuses[30]).toBe(429);
});

it('uses on one process a session signed in on the other, and a sign-out on either ends it on both', async () => {
  const [a, b] = [request(one.url), request(other.url)];
  const signIn = await a
    .post('/api/v1/session')
    .send({ platform: 'weapp', code: wechat.mintLoginCode('openid-newcomer') })
    .expect(200);
  const auth = `Bearer ${signIn.body.token}`;
  await b.get('/api/v1/me').set('Authorization', auth).expect(200);
  await a.get('/api/v1/me').set('Authorization', auth).expect(200);
  await b.delete('/api/v1/session').set('Authorization', auth).expect(200);
  await a.get('/api/v1/me').set('Authorization', auth).expect(401);
  await b.get('/api/v1/me').set('Authorization', auth).expect(401);
});

it('ends a family member’s code and events on the other process as soon as they are unlinked', async () => {
  const parent = PERSONAS.parent;
  const auth = await signedIn(parent.psnNo, 'openid-parent', {
    channel: 'wechat',
    platformUserId: 'openid-parent',
    psnNo: parent.psnNo,
    maskedName: '赵*',
    maskedIdNumber: '231***********0311',
    insutype: '310',
    regionName: '绥化市',
    activatedAt: Date.now(),
  });
  const [a, b] = [request(one.url), request(other.url)];
  const family = await a.get('/api/v1/family').set('Authorization', auth).expect(200);
  const elder = family.body.members.find((m: { relation: string }) => m.relation === 'parent');
  const base = `/api/v1/family/members/${elder.memberId}`;
  // Served on the other process while the link lives (and read there, so anything cached is warm)…
  await b.get(`${base}/code`).set('Authorization', auth).expect(200);
  await b.get(`${base}/events`).query({ cursor: 0, wait: 0 }).set('Authorization', auth).expect(200);

  await a.delete(base).set('Authorization', auth).expect(200);
  // …and refused there at the very next request.
  const code = await b.get(`${base}/code`).set('Authorization', auth);
  const events = await b.get(`${base}/events`).query({ cursor: 0, wait: 0 }).set('Authorization', auth);
  expect([code.status, events.status]).toEqual([404, 404]);
});
