// Killing the BFF (SIGKILL) in the middle of pushing bills and in the middle of payments
// (while the platform holds the answer to a 6202 it has paid), then starting it again on the
// same database: no bill is pushed twice, every bill is in the inbox, every payment ends
// settled or cleanly unpaid, and nothing is charged twice. The instance started again has a
// name of its own, and it takes nothing the dead one held before that one's lease ran out (it
// cannot tell a dead instance from a slow one): the processes' clock is moved past it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { fenToYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { createBindingStore } from '../../bff/src/store/bindings';
import { openBffDatabase } from '../../bff/src/store/db';
import { createNotificationStore } from '../../bff/src/store/notifications';
import { pushLeaseMs } from '../../bff/src/services/push';
import { createSessionStore } from '../../bff/src/store/sessions';
import { employeeBinding } from '../support/bff';
import { clockFile } from '../support/clock-file';
import { bffEnv, testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import { answerHold } from '../support/answer-hold';
import { startInsuranceSandbox } from '../support/servers';
import { freePort } from '../support/system';
import { sleep, until } from '../support/waiting';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-restart';
const PASSWORD = '358024';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
const ITEM = DEMO_CATALOGUE.consultation;
/** Reconciliation asks about a bill paying this long (above 3 × the test's insurance timeout). */
const PAYING_LEASE_MS = 10_000;
const SEND_PATH = '/cgi-bin/message/subscribe/send';

async function setup() {
  const payOrders = answerHold(PATHS.payOrder);
  const sandbox = await startInsuranceSandbox({ seed: true, outermost: payOrders.middleware });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  await activateOnPlatform(platform, EMPLOYEE, OPENID, PASSWORD);

  // A WeChat that takes 30 ms per push, so a kill lands in the middle of a fan-out; armed, it
  // holds the sends it receives (the BFF waits for their answers) until released.
  const wechat = createWechatSandbox(WECHAT);
  const handle = wechat.app.callback();
  let sendHold: { first: () => void; released: Promise<void> } | undefined;
  const wechatServer = createServer((req, res) => {
    const hold = req.url?.startsWith(SEND_PATH) ? sendHold : undefined;
    hold?.first();
    void Promise.all([sleep(30), hold?.released]).then(() => handle(req, res));
  });
  const holdSends = () => {
    let first!: () => void;
    const held = new Promise<void>((resolve) => (first = resolve));
    let release!: () => void;
    sendHold = { first, released: new Promise<void>((resolve) => (release = resolve)) };
    return {
      held,
      release: () => {
        sendHold = undefined;
        release();
      },
    };
  };
  await new Promise<void>((resolve) => wechatServer.listen(0, '127.0.0.1', resolve));
  const wechatUrl = `http://127.0.0.1:${(wechatServer.address() as { port: number }).port}`;
  wechat.mintLoginCode(OPENID); // WeChat knows the user
  await fetch(`${wechatUrl}/dev/subscription`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: OPENID, count: 1000 }),
  });

  const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ybm-restart-')), 'bff.sqlite');
  const db = openBffDatabase(dbFile);
  createBindingStore(db).save(employeeBinding(OPENID, EMPLOYEE.psnNo));
  const { token } = createSessionStore(db, Date.now).create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  });
  const port = await freePort();
  const bffUrl = `http://127.0.0.1:${port}`;
  const clock = clockFile();
  const env = bffEnv({
    ...clock.env,
    PAYING_LEASE_MS: String(PAYING_LEASE_MS),
    LOG_LEVEL: 'warn',
    BFF_PORT: String(port),
    BFF_DB_FILE: dbFile,
    INSURANCE_BASE_URL: sandbox.url,
    WECHAT_API_BASE: wechatUrl,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
  });
  let bff: ChildProcess | undefined;

  async function startBff(instanceId: string) {
    bff = spawn(
      process.execPath,
      ['--import', 'tsx', ...clock.nodeArgs, path.join(ROOT, 'bff/src/main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, INSTANCE_ID: instanceId },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: bff!.stdout! }).on('line', (line) => {
        if (line.startsWith('YBM_BFF_LISTENING')) resolve();
      });
      bff!.once('exit', (code) => reject(new Error(`BFF exited early (${code})`)));
    });
  }
  async function killBff() {
    const exited = new Promise((resolve) => bff?.once('exit', resolve));
    bff?.kill('SIGKILL');
    await exited;
  }

  const events = createEventDispatcher(sandbox.context, {
    webhookUrl: `${bffUrl}/webhooks/insurance`,
    timeoutMs: 2000,
    backoff: { baseMs: 100, maxMs: 500 },
    defaultAppId: testChannel().appId,
  });
  let serial = 0;
  async function hospitalBill(): Promise<string> {
    serial += 1;
    const answer = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `HIS-RESTART-${serial}`,
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
    return answer.data?.payOrdId as string;
  }
  /** Delivers every queued platform event (the dispatcher sends at most a batch per drain). */
  async function deliverEvents() {
    for (let round = 0; round < 50; round += 1) {
      const report = await events.drainOnce();
      if (report.delivered === 0 && report.failed === 0) return;
    }
  }
  const bffDb = () => db;
  const balance = () =>
    sandbox.db
      .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
      .pluck()
      .get(EMPLOYEE.psnNo) as number;
  const api = (pathname: string, init: RequestInit = {}) =>
    fetch(`${bffUrl}${pathname}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });

  return {
    sandbox,
    payOrders,
    wechat,
    holdSends,
    clock,
    platformTimeoutMs: Number(env.PLATFORM_TIMEOUT_MS ?? 5000),
    /** Moves the running BFF's clock (and that of any started later) on by `ms`. */
    advanceClock: (ms: number) => clock.advance(ms, bff?.pid),
    deliverEvents,
    hospitalBill,
    startBff,
    killBff,
    bffDb,
    balance,
    api,
    close: async () => {
      await killBff().catch(() => undefined);
      db.close();
      await new Promise((resolve) => wechatServer.close(resolve));
      await sandbox.close();
    },
  };
}

describe('a BFF killed and started again', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
    await s.startBff('bff-first');
  });
  afterAll(() => s.close());

  it('pushes no bill twice and keeps every bill in the inbox when killed mid fan-out', async () => {
    const bills: string[] = [];
    for (let i = 0; i < 40; i += 1) bills.push(await s.hospitalBill());
    await s.deliverEvents();
    await until('some pushes', () => s.wechat.state.messages.length >= 8);
    // Killed while WeChat has sends of it in hand, not yet answered.
    const hold = s.holdSends();
    await hold.held;
    await s.killBff();
    hold.release();
    const sentBeforeKill = s.wechat.state.messages.length;
    expect(sentBeforeKill).toBeLessThan(40);

    const db = s.bffDb();
    const rows = (where: string, ...args: unknown[]) =>
      db
        .prepare(
          `SELECT id, status, owner, lease_until AS leaseUntil FROM notifications WHERE ${where} ORDER BY id`,
        )
        .all(...args) as { id: number; status: string; owner: string | null; leaseUntil: number | null }[];
    const cutOff = rows("status = 'sending'");
    expect(cutOff.length).toBeGreaterThanOrEqual(1);
    expect(cutOff.length).toBeLessThanOrEqual(5); // the dispatcher's parallelism
    expect(cutOff.every((row) => row.owner === 'bff-first')).toBe(true);
    // And an instance that died between leasing two rows and claiming them.
    const ghostLease = s.clock.now() + pushLeaseMs(s.platformTimeoutMs);
    const ghost = createNotificationStore(db, s.clock.now).lease('bff-ghost', 2, ghostLease);
    expect(ghost).toHaveLength(2);
    const held = [...cutOff.map((row) => row.id), ...ghost.map((row) => row.id)];
    const leaseEnd = Math.max(ghostLease, ...cutOff.map((row) => row.leaseUntil!));

    await s.startBff('bff-second');
    const open = () =>
      rows("status IN ('pending', 'sending')").filter((row) => !held.includes(row.id)).length;
    await until('every row nobody held to be sent', () => open() === 0);
    // Within the leases the new instance left the held rows as they were.
    expect(s.clock.now()).toBeLessThan(leaseEnd);
    expect(rows(`id IN (${held.join(',')})`).map((row) => [row.status, row.owner])).toEqual([
      ...cutOff.map(() => ['sending', 'bff-first']),
      ...ghost.map(() => ['pending', 'bff-ghost']),
    ]);

    // Past them: the sends cut off are in doubt for good, the rows merely leased are sent.
    s.advanceClock(leaseEnd - s.clock.now() + 1000);
    const settled = () => rows("status IN ('pending', 'sending')").length === 0;
    await until('the outbox to settle', settled);
    expect(rows("status = 'unknown'").map((row) => row.id)).toEqual(cutOff.map((row) => row.id));
    expect(rows(`id IN (${ghost.map((row) => row.id).join(',')})`).map((row) => row.status)).toEqual([
      'sent',
      'sent',
    ]);

    const pushed = s.wechat.state.messages.map((m) => m.page);
    expect(new Set(pushed).size).toBe(pushed.length); // nothing sent twice
    const counts = Object.fromEntries(
      (
        db.prepare('SELECT status, count(*) AS n FROM notifications GROUP BY status').all() as {
          status: string;
          n: number;
        }[]
      ).map((r) => [r.status, r.n]),
    );
    expect((counts.sent ?? 0) + (counts.unknown ?? 0)).toBe(40);
    // The rows in doubt were cut off either before WeChat got them or after: never sent again.
    expect(pushed.length).toBeGreaterThanOrEqual(counts.sent ?? 0);
    expect(pushed.length).toBeLessThanOrEqual((counts.sent ?? 0) + (counts.unknown ?? 0));
    const inbox = db.prepare("SELECT count(DISTINCT bill_id) FROM inbox WHERE kind = 'bill'").pluck().get();
    expect(inbox).toBe(40);
  });

  it('settles or cleanly fails every payment interrupted by a kill, and charges nothing twice', async () => {
    const bills: string[] = [];
    for (let i = 0; i < 6; i += 1) bills.push(await s.hospitalBill());
    await s.deliverEvents();
    const before = s.balance();
    // The BFF is killed once the platform has paid at least one order and not yet answered its 6202.
    const hold = s.payOrders.arm();
    const pays = bills.map((billId, i) =>
      s
        .api(`/api/v1/bills/${billId}/pay`, {
          method: 'POST',
          body: JSON.stringify({
            useAccount: true,
            passwordCipher: encryptPassword(PASSWORD),
            requestId: `restart-pay-${i}-0123456789`,
          }),
        })
        .catch(() => undefined),
    );
    await hold.held;
    await s.killBff();
    const atKill = s.payOrders.inFlight();
    hold.release();
    await Promise.all(pays);
    expect(atKill.held).toBeGreaterThanOrEqual(1);
    expect(atKill.unanswered).toBeGreaterThanOrEqual(atKill.held);

    await s.startBff('bff-third');
    // The bills' lease has not run out: another instance may still be paying them. Past it,
    // reconciliation asks the platform what became of them.
    const paying = () =>
      s.bffDb().prepare("SELECT count(*) FROM bills WHERE status = 'paying'").pluck().get() as number;
    const since = s.bffDb().prepare("SELECT min(paying_since) FROM bills WHERE status = 'paying'").pluck();
    expect(s.clock.now()).toBeLessThan((since.get() as number) + PAYING_LEASE_MS);
    expect(paying()).toBeGreaterThanOrEqual(Math.max(1, atKill.held));
    s.advanceClock(PAYING_LEASE_MS);
    await until(
      'no payment left in flight',
      () =>
        (s.bffDb().prepare("SELECT count(*) FROM bills WHERE status = 'paying'").pluck().get() as number) ===
        0,
    );
    let charged = 0;
    let paid = 0;
    for (const billId of bills) {
      const order = s.sandbox.db
        .prepare(
          'SELECT ord_stas AS ordStas, account_fen AS accountFen, setl_id AS setlId FROM pay_orders WHERE pay_ord_id = ?',
        )
        .get(billId) as { ordStas: string; accountFen: number; setlId: string | null };
      const bff = s.bffDb().prepare('SELECT status FROM bills WHERE bill_id = ?').pluck().get(billId);
      if (order.setlId) {
        expect(bff).toMatch(/^(paid|awaiting_cash)$/);
        charged += order.accountFen;
        paid += 1;
      } else {
        expect(bff).toBe('unpaid');
      }
      const settlements = s.sandbox.db
        .prepare(
          'SELECT count(*) FROM settlements WHERE mdtrt_id = (SELECT mdtrt_id FROM pay_orders WHERE pay_ord_id = ?)',
        )
        .pluck()
        .get(billId);
      expect(settlements).toBeLessThanOrEqual(1);
    }
    expect(before - s.balance()).toBe(charged);
    // Each 6202 held at the kill had paid its order, an answer the BFF never read: 6301 found it.
    expect(paid).toBeGreaterThanOrEqual(atKill.held);

    // An unpaid bill can still be paid after the restart.
    const unpaid = bills.find(
      (billId) =>
        s.bffDb().prepare('SELECT status FROM bills WHERE bill_id = ?').pluck().get(billId) === 'unpaid',
    );
    if (unpaid) {
      const res = await s.api(`/api/v1/bills/${unpaid}/pay`, {
        method: 'POST',
        body: JSON.stringify({
          useAccount: true,
          passwordCipher: encryptPassword(PASSWORD),
          requestId: 'after-restart-0123456789',
        }),
      });
      expect(res.status).toBe(200);
    }
  });
});
