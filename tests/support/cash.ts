// The whole cash-payment path on one machine, for system tests: the seeded insurance sandbox,
// the fake WeChat Pay and the fake Alipay on their own ports, and the BFF on a port it knows
// before it is built (PUBLIC_BASE_URL, where the fakes notify it), all on one clock that a
// test may move forward (an order's fifteen minutes pass). A resident on WeChat and a person on
// Alipay have claimed the voucher; a hospital pushes bills; the test is the phone.
import type { Bill, CashPayment, CashStatus } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { createAlipaySandbox } from '../../bff/sandbox/alipay/app';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatPaySandbox } from '../../bff/sandbox/wechatpay/app';
import { ALIPAY_APP_ID, alipayKeys } from '../platforms/alipay-support';
import { sandboxOptionsFor, wechatPayMerchant } from '../platforms/wechatpay-support';
import { buildTestApp, employeeBinding } from './bff';
import { testChannel } from './keys';
import {
  activateOnPlatform,
  channelClient,
  encryptPassword,
  feesOf,
  hisClient,
  refundRequest,
  registerChannel,
  webhookEvents,
} from './payments';
import { listen, listenLater, startInsuranceSandbox } from './servers';

export const WECHAT_APP_ID = 'wxtest0000000001';
export const RESIDENT = PERSONAS.resident;
export const ALIPAY_PERSON = PERSONAS.retiree;
export const RESIDENT_OPENID = 'openid-resident-cash';
export const ALIPAY_USER = '2088000000007001';
const PASSWORD = '358024';
/** A consultation and a class-C (self-paid) drug: every bill has a cash part. */
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.classC];

/** Real time, moved forward by hand when a test needs time to pass. */
export function shiftableClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

/** Waits for `check` to hold, polling (never a fixed sleep). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The fake WeChat Pay on its own port for the demo merchant, the BFF settings that point at
 * it, and the payer's side of its cashier (pay an order, as wx.requestPayment would).
 */
export async function fakeWechatPay(now: () => number = Date.now) {
  const merchant = wechatPayMerchant();
  const sandbox = createWechatPaySandbox({
    ...sandboxOptionsFor(merchant, WECHAT_APP_ID),
    now,
    retryDelaysMs: [100, 100, 100, 100],
  });
  const server = await listen(sandbox.app);
  return {
    sandbox,
    url: server.url,
    /** The BFF's settings for this merchant, notified at `bffUrl`. */
    env: (bffUrl: string) => ({
      WECHAT_APP_ID,
      PUBLIC_BASE_URL: bffUrl,
      WECHATPAY_API_BASE: server.url,
      WECHATPAY_MCHID: merchant.mchid,
      WECHATPAY_SERIAL: merchant.serial,
      WECHATPAY_PRIVATE_KEY: merchant.merchant.privateKey,
      WECHATPAY_APIV3_KEY: merchant.apiV3Key,
      WECHATPAY_PUBLIC_KEY: merchant.platform.publicKey,
      WECHATPAY_PUBLIC_KEY_ID: merchant.publicKeyId,
    }),
    async pay(orderId: string) {
      const res = await fetch(`${server.url}/dev/pay/orders/${orderId}/pay`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`WeChat Pay would not take it: ${await res.text()}`);
    },
    close: async () => {
      sandbox.close();
      await server.close();
    },
  };
}

/**
 * The person pays a bill's cash part in full through WeChat Pay (the fake's cashier), and the
 * BFF hears of it from WeChat Pay's notification; resolves with the bill once it is paid.
 */
export async function payCashThroughWechatPay(
  http: ReturnType<typeof request>,
  auth: string,
  billId: string,
  wechatPay: { pay(orderId: string): Promise<void> },
): Promise<Bill> {
  const placed = (
    await http.post(`/api/v1/bills/${billId}/cash`).set('Authorization', auth).send({}).expect(200)
  ).body as CashPayment;
  await wechatPay.pay(placed.orderId);
  let bill: Bill | undefined;
  await eventually('the cash part paid', async () => {
    bill = (await http.get(`/api/v1/bills/${billId}`).set('Authorization', auth).expect(200)).body as Bill;
    return bill.status === 'paid';
  });
  return bill!;
}

let serial = 0;

export async function startCashRig() {
  const clock = shiftableClock();
  const sandbox = await startInsuranceSandbox({ seed: true, now: clock.now });
  const his = hisClient(
    sandbox.url,
    registerChannel(sandbox.context.channels, 'YBMHIS0000000019'),
    clock.now,
  );
  const alipayChannel = registerChannel(sandbox.context.channels, 'YBMALIPAY0000019');
  await activateOnPlatform(
    channelClient(sandbox.url, testChannel().bffView, clock.now),
    RESIDENT,
    RESIDENT_OPENID,
    PASSWORD,
  );
  await activateOnPlatform(
    channelClient(sandbox.url, alipayChannel, clock.now),
    ALIPAY_PERSON,
    ALIPAY_USER,
    PASSWORD,
  );

  const wechatPay = await fakeWechatPay(clock.now);
  const { app: appKeys, alipay: alipayPlatformKeys } = alipayKeys();
  const alipay = createAlipaySandbox({
    appId: ALIPAY_APP_ID,
    appPublicKey: appKeys.publicKey,
    alipayKeyPair: alipayPlatformKeys,
    now: clock.now,
    retryDelaysMs: [100, 100, 100, 100],
  });
  const alipayServer = await listen(alipay.app);

  const bff = await listenLater();
  const { app, deps } = buildTestApp(
    {
      DEV_LOGIN: 'true',
      INSURANCE_BASE_URL: sandbox.url,
      ...wechatPay.env(bff.url),
      ALIPAY_GATEWAY: `${alipayServer.url}/gateway.do`,
      ALIPAY_APP_ID,
      ALIPAY_PRIVATE_KEY: appKeys.privateKey,
      ALIPAY_PUBLIC_KEY: alipayPlatformKeys.publicKey,
      INSURANCE_ALIPAY_APP_ID: alipayChannel.appId,
      INSURANCE_ALIPAY_APP_SECRET: alipayChannel.appSecret,
      INSURANCE_ALIPAY_PRIVATE_KEY: alipayChannel.ownKeys.privateKey,
      INSURANCE_ALIPAY_PUBLIC_KEY: alipayChannel.ownKeys.publicKey,
    },
    { now: clock.now },
  );
  bff.serve(app);
  await deps.bindings.save({
    ...employeeBinding(RESIDENT_OPENID, RESIDENT.psnNo),
    maskedName: '李*',
    insutype: '390',
  });
  await deps.bindings.save({
    ...employeeBinding(ALIPAY_USER, ALIPAY_PERSON.psnNo),
    channel: 'alipay',
    maskedName: '王**',
  });
  const sessions = {
    weapp: (
      await deps.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId: RESIDENT_OPENID })
    ).token,
    h5: (await deps.sessions.create({ platform: 'h5', channel: 'wechat', platformUserId: RESIDENT_OPENID }))
      .token,
    alipay: (
      await deps.sessions.create({ platform: 'alipay', channel: 'alipay', platformUserId: ALIPAY_USER })
    ).token,
  };
  type As = keyof typeof sessions;
  const events = webhookEvents(sandbox.context, bff.url);
  const http = request(bff.url);
  const auth = (as: As) => `Bearer ${sessions[as]}`;

  /** The hospital pushes a bill for the person, who pays its insurance part; the bill then waits for cash. */
  async function billAwaitingCash(as: As): Promise<Bill> {
    serial += 1;
    const psnNo = as === 'alipay' ? ALIPAY_PERSON.psnNo : RESIDENT.psnNo;
    const uploaded = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `HIS-CASH-${serial}`,
      psnNo,
      deptName: '普通内科',
      drName: '李医生',
      ...feesOf(ITEMS),
    });
    if (uploaded.code !== '0') throw new Error(`6201 refused: ${uploaded.message}`);
    await events.drainOnce();
    const billId = uploaded.data?.payOrdId as string;
    const paid = await http
      .post(`/api/v1/bills/${billId}/pay`)
      .set('Authorization', auth(as))
      .send({
        useAccount: false,
        passwordCipher: encryptPassword(PASSWORD),
        requestId: `cash-test-request-${serial}-${Date.now()}`,
      })
      .expect(200);
    const bill = paid.body as Bill;
    if (bill.status !== 'awaiting_cash') throw new Error(`expected a cash part, got ${bill.status}`);
    return bill;
  }

  const place = async (as: As, billId: string, body: Record<string, unknown> = {}) =>
    (await http.post(`/api/v1/bills/${billId}/cash`).set('Authorization', auth(as)).send(body).expect(200))
      .body as CashPayment;
  const status = async (as: As, billId: string) =>
    (await http.get(`/api/v1/bills/${billId}/cash`).set('Authorization', auth(as)).expect(200))
      .body as CashStatus;
  /** The bill as the BFF has it, without asking any platform. */
  const bill = async (as: As, billId: string) =>
    (await http.get(`/api/v1/bills/${billId}`).set('Authorization', auth(as)).expect(200)).body as Bill;
  const inbox = async (as: As) =>
    (await http.get('/api/v1/inbox').set('Authorization', auth(as)).expect(200)).body.messages as {
      kind: string;
      title: string;
      body: string;
      billId?: string;
    }[];
  const dev = async (url: string, body: unknown = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** The platform's order as the insurance sandbox holds it. */
  const platformOrder = (billId: string) =>
    sandbox.db
      .prepare('SELECT ord_stas AS ordStas, cash_paid_at AS cashPaidAt FROM pay_orders WHERE pay_ord_id = ?')
      .get(billId) as { ordStas: string; cashPaidAt: string | null };
  const count = (sql: string, ...args: unknown[]) =>
    deps
      .db!.prepare(sql)
      .pluck()
      .get(...args) as number;

  /** The hospital refunds (6203) and the platform's refund.completed reaches the BFF. */
  async function hospitalRefund(
    billId: string,
    refdType: 'ALL' | 'CASH',
    split: { fundFen: number; accountFen: number; cashFen: number },
    sn: string,
  ) {
    const answer = await his.call(PATHS.refundOrder, refundRequest(sandbox, billId, { refdType, split, sn }));
    if (answer.code !== '0') throw new Error(`6203 refused: ${answer.message}`);
    await events.drainOnce();
  }

  return {
    clock,
    sandbox,
    deps,
    http,
    auth,
    wechatPay: wechatPay.sandbox,
    wechatPayUrl: wechatPay.url,
    alipay,
    alipayUrl: alipayServer.url,
    bffUrl: bff.url,
    billAwaitingCash,
    place,
    status,
    bill,
    inbox,
    dev,
    platformOrder,
    count,
    hospitalRefund,
    close: async () => {
      await wechatPay.close();
      alipay.close();
      await bff.close();
      await alipayServer.close();
      await sandbox.close();
    },
  };
}

export type CashRig = Awaited<ReturnType<typeof startCashRig>>;
