// Killing the BFF (SIGKILL) in the middle of pushing bills and in the middle of payments
// (while the platform holds the answer to a 6202 it has paid), then starting it again on the
// same database: no bill is pushed twice, every bill is in the inbox, every payment ends
// settled or cleanly unpaid, and nothing is charged twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { fenToYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import type Koa from 'koa';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { createBindingStore } from '../../bff/src/store/bindings';
import { openBffDatabase } from '../../bff/src/store/db';
import { createSessionStore } from '../../bff/src/store/sessions';
import { employeeBinding } from '../support/bff';
import { bffEnv, testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import { startInsuranceSandbox } from '../support/servers';
import { freePort } from '../support/system';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-restart';
const PASSWORD = '358024';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
const ITEM = DEMO_CATALOGUE.consultation;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(50)) {
    if (await check()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Holds the platform's answers at `path` once it has done the work, for as long as the test
 * wants: a request the platform has received and not yet answered is in flight. Off until
 * armed; `held` resolves when the first answer is held.
 */
function answerHold(path: string) {
  const counts = { received: 0, answered: 0, held: 0 };
  let holding: { release: () => void; released: Promise<void>; first: () => void } | undefined;
  const middleware: Koa.Middleware = async (ctx, next) => {
    if (ctx.path !== path) return next();
    counts.received += 1;
    try {
      await next();
      if (holding) {
        counts.held += 1;
        holding.first();
        await holding.released;
      }
    } finally {
      counts.answered += 1;
    }
  };
  return {
    middleware,
    /** Received and not yet answered, and of those, done and held. */
    inFlight: () => ({ unanswered: counts.received - counts.answered, held: counts.held }),
    arm(): { held: Promise<void>; release: () => void } {
      let first!: () => void;
      const held = new Promise<void>((resolve) => (first = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      holding = { release, released, first };
      return {
        held,
        release: () => {
          holding = undefined;
          release();
        },
      };
    },
  };
}

async function setup() {
  const payOrders = answerHold(PATHS.payOrder);
  const sandbox = await startInsuranceSandbox({ seed: true, outermost: payOrders.middleware });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  await activateOnPlatform(platform, EMPLOYEE, OPENID, PASSWORD);

  // A WeChat that takes 30 ms per push, so a kill lands in the middle of a fan-out.
  const wechat = createWechatSandbox(WECHAT);
  const handle = wechat.app.callback();
  const wechatServer = createServer((req, res) => void sleep(30).then(() => handle(req, res)));
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
  const env = bffEnv({
    LOG_LEVEL: 'warn',
    BFF_PORT: String(port),
    BFF_DB_FILE: dbFile,
    INSURANCE_BASE_URL: sandbox.url,
    WECHAT_API_BASE: wechatUrl,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
  });
  let bff: ChildProcess | undefined;

  async function startBff() {
    bff = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bff/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
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
    await s.startBff();
  });
  afterAll(() => s.close());

  it('pushes no bill twice and keeps every bill in the inbox when killed mid fan-out', async () => {
    const bills: string[] = [];
    for (let i = 0; i < 40; i += 1) bills.push(await s.hospitalBill());
    await s.deliverEvents();
    await until('some pushes', () => s.wechat.state.messages.length >= 8);
    await s.killBff();
    const sentBeforeKill = s.wechat.state.messages.length;
    expect(sentBeforeKill).toBeLessThan(40);

    await s.startBff();
    const settled = () =>
      (s
        .bffDb()
        .prepare("SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending')")
        .pluck()
        .get() as number) === 0;
    await until('the outbox to settle', settled);

    const pushed = s.wechat.state.messages.map((m) => m.page);
    expect(new Set(pushed).size).toBe(pushed.length); // nothing sent twice
    const rows = s
      .bffDb()
      .prepare('SELECT status, count(*) AS n FROM notifications GROUP BY status')
      .all() as { status: string; n: number }[];
    const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    // Pushes in flight at the kill (at most the dispatcher's parallelism) are not resent.
    expect((counts.sent ?? 0) + (counts.unknown ?? 0)).toBe(40);
    expect(counts.unknown ?? 0).toBeLessThanOrEqual(5);
    // The rows in doubt were cut off either before WeChat got them or after: never sent again.
    expect(pushed.length).toBeGreaterThanOrEqual(counts.sent ?? 0);
    expect(pushed.length).toBeLessThanOrEqual((counts.sent ?? 0) + (counts.unknown ?? 0));
    const inbox = s
      .bffDb()
      .prepare("SELECT count(DISTINCT bill_id) FROM inbox WHERE kind = 'bill'")
      .pluck()
      .get();
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

    await s.startBff();
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
