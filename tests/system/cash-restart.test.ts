// A BFF killed (SIGKILL) between WeChat Pay's notification and its cashier.confirm to the
// insurance platform, then started again on the same database: the payment the notification
// brought was stored before the call, so the restarted BFF confirms it — and the cash counts
// exactly once (one confirmation recorded, one notice, the platform's cash taken once), whether
// the platform had done the confirmation before the kill or not.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { CHANNEL_GATEWAY_PATH, PATHS } from '@ybm/shared/protocol';
import type Koa from 'koa';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { createBindingStore } from '../../bff/src/store/bindings';
import { openBffDatabase } from '../../bff/src/store/db';
import { createSessionStore } from '../../bff/src/store/sessions';
import { employeeBinding } from '../support/bff';
import { eventually, fakeWechatPay, RESIDENT, RESIDENT_OPENID } from '../support/cash';
import { bffEnv, testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import { startInsuranceSandbox } from '../support/servers';
import { freePort } from '../support/system';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const PASSWORD = '358024';

/**
 * Holds the platform's channel calls while armed: `before` the platform sees one (it is never
 * done) or `after` it has done it (done, the answer never read). `held` resolves at the first.
 */
function channelHold() {
  let holding: { when: 'before' | 'after'; release: Promise<void>; first: () => void } | undefined;
  const middleware: Koa.Middleware = async (ctx, next) => {
    if (ctx.path !== CHANNEL_GATEWAY_PATH || !holding) return next();
    const hold = holding;
    if (hold.when === 'before') {
      hold.first();
      await hold.release;
      return next();
    }
    await next();
    hold.first();
    await hold.release;
  };
  return {
    middleware,
    arm(when: 'before' | 'after') {
      let first!: () => void;
      const held = new Promise<void>((resolve) => (first = resolve));
      let release!: () => void;
      holding = { when, first, release: new Promise<void>((resolve) => (release = resolve)) };
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
  const hold = channelHold();
  const sandbox = await startInsuranceSandbox({ seed: true, outermost: hold.middleware });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000029'), Date.now);
  await activateOnPlatform(
    channelClient(sandbox.url, testChannel().bffView, Date.now),
    RESIDENT,
    RESIDENT_OPENID,
    PASSWORD,
  );
  const wechatPay = await fakeWechatPay();

  const dbFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ybm-cash-restart-')), 'bff.sqlite');
  const db = openBffDatabase(dbFile);
  createBindingStore(db).save({ ...employeeBinding(RESIDENT_OPENID, RESIDENT.psnNo), insutype: '390' });
  const { token } = createSessionStore(db, Date.now).create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: RESIDENT_OPENID,
  });
  const port = await freePort();
  const bffUrl = `http://127.0.0.1:${port}`;
  const env = bffEnv({
    LOG_LEVEL: 'warn',
    BFF_PORT: String(port),
    BFF_DB_FILE: dbFile,
    INSURANCE_BASE_URL: sandbox.url,
    ...wechatPay.env(bffUrl),
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
    timeoutMs: 3000,
    backoff: { baseMs: 100, maxMs: 500 },
    defaultAppId: testChannel().appId,
  });
  const api = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(`${bffUrl}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  let serial = 0;
  /** A bill whose insurance part the person paid; its cash part waits. */
  async function billAwaitingCash(): Promise<string> {
    serial += 1;
    const uploaded = await his.call(
      PATHS.uploadFees,
      consultationBill(RESIDENT.psnNo, `HIS-CASH-RESTART-${serial}`),
    );
    await events.drainOnce();
    const billId = uploaded.data?.payOrdId as string;
    const paid = await api('POST', `/api/v1/bills/${billId}/pay`, {
      useAccount: false,
      passwordCipher: encryptPassword(PASSWORD),
      requestId: `cash-restart-${serial}-0123456789`,
    });
    expect(paid.body.status).toBe('awaiting_cash');
    return billId;
  }
  const one = (sql: string, ...args: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...args);

  return {
    sandbox,
    hold,
    wechatPay,
    startBff,
    killBff,
    billAwaitingCash,
    api,
    one,
    close: async () => {
      await killBff().catch(() => undefined);
      db.close();
      await wechatPay.close();
      await sandbox.close();
    },
  };
}

describe('a BFF killed between the payment notification and cashier.confirm', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
    await s.startBff();
  });
  afterAll(() => s.close());

  it.each(['after', 'before'] as const)(
    'confirms the cash exactly once after the restart (the platform %s confirming it when the BFF died)',
    async (when) => {
      const billId = await s.billAwaitingCash();
      const placed = await s.api('POST', `/api/v1/bills/${billId}/cash`, {});
      const orderId = placed.body.orderId as string;

      const hold = s.hold.arm(when);
      await s.wechatPay.pay(orderId);
      // The notification was stored — paid, confirmation pending — and the BFF is inside its
      // cashier.confirm: the point where it dies.
      await hold.held;
      expect(s.one('SELECT status FROM cash_orders WHERE order_id = ?', orderId)).toBe('paid');
      await s.killBff();
      hold.release();
      const cashPaidAt = s.sandbox.db
        .prepare('SELECT cash_paid_at FROM pay_orders WHERE pay_ord_id = ?')
        .pluck();
      const before = cashPaidAt.get(billId);
      expect(before === null).toBe(when === 'before');

      await s.startBff();
      await eventually(
        'the bill paid after the restart',
        () => s.one('SELECT status FROM bills WHERE bill_id = ?', billId) === 'paid',
      );
      expect(s.one('SELECT status FROM cash_orders WHERE order_id = ?', orderId)).toBe('confirmed');
      expect(
        s.sandbox.db.prepare('SELECT ord_stas FROM pay_orders WHERE pay_ord_id = ?').pluck().get(billId),
      ).toBe('6');
      // Taken once: the platform's record of the cash is the first one (or, never done before, one now).
      if (when === 'after') expect(cashPaidAt.get(billId)).toBe(before);
      else expect(cashPaidAt.get(billId)).not.toBeNull();
      expect(
        s.one(
          "SELECT count(*) FROM audit_log WHERE action = 'payment.cash.confirmed' AND detail LIKE ?",
          `%${orderId}%`,
        ),
      ).toBe(1);
      // The bill's own notice only (it says 诊间支付已完成 from the bill's state), no second one.
      expect(s.one("SELECT count(*) FROM inbox WHERE bill_id = ? AND kind = 'bill'", billId)).toBe(1);
      expect(s.one('SELECT count(*) FROM cash_notifications WHERE order_id = ?', orderId)).toBe(1);
      const view = await s.api('GET', `/api/v1/bills/${billId}/cash`);
      expect(view.body).toMatchObject({ state: 'paid', bill: { status: 'paid' } });
    },
  );
});
