// A guardian pays the cash part of a family member's bill through WeChat Pay, over HTTP through
// the real pieces: the hospital bills the elderly father (6201), his son pays the insurance
// part with his own password and then the cash part through his own WeChat Pay (the fake), the
// bill counts as paid only on WeChat Pay's word, and everyone says who paid what — the cash
// order and the audit trail (the son's platform user, acting for his father), the bill's view
// and the son's notice. The hospital's refund of that cash goes back to the son's WeChat Pay.
// A stranger, and the son once he removed his father, get the same 404 as an unknown bill.
import {
  formatYuan,
  type Bill,
  type CashPayment,
  type CashStatus,
  type InboxMessage,
  type SettlementRecord,
} from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { buildTestApp, employeeBinding } from '../support/bff';
import { eventually, fakeWechatPay } from '../support/cash';
import { testChannel, testRecordId } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  encryptPassword,
  feesOf,
  hisClient,
  refundRequest,
  registerChannel,
  webhookEvents,
} from '../support/payments';
import { listenLater, startInsuranceSandbox } from '../support/servers';

jest.setTimeout(60_000);

const PARENT = PERSONAS.parent;
const ELDER = PERSONAS.elder;
const OPENID = 'openid-parent-cash';
const STRANGER = 'openid-stranger-cash';
const PASSWORD = '358024';
/** A consultation and a class-C (self-paid) drug: the bill has a cash part. */
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.classC];

let serial = 0;
async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000022'), Date.now);
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  await activateOnPlatform(platform, PARENT, OPENID, PASSWORD);
  await activateOnPlatform(platform, PERSONAS.employee, STRANGER, PASSWORD);
  const wechatPay = await fakeWechatPay();
  const bff = await listenLater();
  const { app, deps } = buildTestApp({ INSURANCE_BASE_URL: sandbox.url, ...wechatPay.env(bff.url) });
  bff.serve(app);
  await deps.bindings.save({ ...employeeBinding(OPENID, PARENT.psnNo), maskedName: '赵*' });
  await deps.bindings.save(employeeBinding(STRANGER, PERSONAS.employee.psnNo));
  const token = async (platformUserId: string) =>
    `Bearer ${(await deps.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId })).token}`;
  const guardian = await token(OPENID);
  const stranger = await token(STRANGER);
  const events = webhookEvents(sandbox.context, bff.url);
  const http = request(bff.url);
  const family = await http.get('/api/v1/family').set('Authorization', guardian).expect(200);
  const memberId = (family.body.members as { memberId: string; maskedName: string }[]).find(
    (m) => m.maskedName === '赵*福',
  )!.memberId;

  /** The hospital bills the father; the son pays its insurance part, leaving the rest to cash. */
  async function billAwaitingCash(): Promise<Bill> {
    serial += 1;
    const uploaded = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `HIS-FAMILY-CASH-${serial}`,
      psnNo: ELDER.psnNo,
      deptName: '老年病科',
      drName: '王医生',
      ...feesOf(ITEMS),
    });
    if (uploaded.code !== '0') throw new Error(`6201 refused: ${uploaded.message}`);
    await events.drainOnce();
    const billId = uploaded.data?.payOrdId as string;
    const paid = await http
      .post(`/api/v1/bills/${billId}/pay`)
      .set('Authorization', guardian)
      .send({
        useAccount: false,
        accountOf: 'member',
        passwordCipher: encryptPassword(PASSWORD),
        requestId: `family-cash-${serial}-${Date.now()}`,
      })
      .expect(200);
    const bill = paid.body as Bill;
    if (bill.status !== 'awaiting_cash') throw new Error(`expected a cash part, got ${bill.status}`);
    return bill;
  }

  /** The hospital refunds the cash part (6203 CASH); the platform's event reaches the BFF. */
  async function refundCash(billId: string, cashFen: number) {
    const answer = await his.call(
      PATHS.refundOrder,
      refundRequest(sandbox, billId, {
        refdType: 'CASH',
        split: { fundFen: 0, accountFen: 0, cashFen },
        sn: `REFD-FAMILY-${billId}`,
        at: '2026-12-07 10:00:00',
      }),
    );
    if (answer.code !== '0') throw new Error(`6203 refused: ${answer.message}`);
    await events.drainOnce();
  }

  return {
    http,
    deps,
    wechatPay,
    guardian,
    stranger,
    memberId,
    billAwaitingCash,
    refundCash,
    close: async () => {
      await wechatPay.close();
      await bff.close();
      await sandbox.close();
    },
  };
}

describe('a guardian pays a family member’s cash part', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  const audit = (action: string, billId: string) =>
    s.deps
      .db!.prepare(
        `SELECT outcome, channel, platform_user_id AS platformUserId, psn_no AS psnNo, detail
         FROM audit_log WHERE action = ? AND detail LIKE ? ORDER BY id`,
      )
      .all(action, `%${billId}%`) as {
      outcome: string;
      platformUserId: string | null;
      psnNo: string | null;
      detail: string;
    }[];
  const inbox = async (auth: string) =>
    (await s.http.get('/api/v1/inbox').set('Authorization', auth).expect(200)).body
      .messages as InboxMessage[];

  it('through his own WeChat Pay, recorded as him acting for his father, and refunded to him', async () => {
    const bill = await s.billAwaitingCash();
    const cashFen = bill.result!.cashFen;
    expect(cashFen).toBeGreaterThan(0);
    const placed = (
      await s.http
        .post(`/api/v1/bills/${bill.billId}/cash`)
        .set('Authorization', s.guardian)
        .send({})
        .expect(200)
    ).body as CashPayment;
    expect(placed.provider).toBe('wechatpay');
    // The order at WeChat Pay is the son's: his openid pays it.
    const atWechat = (await (await fetch(`${s.wechatPay.url}/dev/pay/orders/${placed.orderId}`)).json()) as {
      openid: string;
      amount_fen: number;
    };
    expect(atWechat).toMatchObject({ openid: OPENID, amount_fen: cashFen });
    await s.wechatPay.pay(placed.orderId);
    let status: CashStatus | undefined;
    await eventually('the cash part paid', async () => {
      status = (
        await s.http.get(`/api/v1/bills/${bill.billId}/cash`).set('Authorization', s.guardian).expect(200)
      ).body as CashStatus;
      return status.state === 'paid';
    });
    // The son sees that the cash came from him.
    expect(status!.bill).toMatchObject({
      status: 'paid',
      forMember: { maskedName: '赵*福' },
      paidBy: { cash: 'you' },
      result: { accountOf: 'member' },
    });

    // The order: the father's bill, paid by the son's platform user.
    const order = s.deps
      .db!.prepare('SELECT psn_no AS psnNo, channel, payer, status FROM cash_orders WHERE order_id = ?')
      .get(placed.orderId);
    expect(order).toEqual({ psnNo: ELDER.psnNo, channel: 'wechat', payer: OPENID, status: 'confirmed' });
    // The audit trail: the son acted (his platform user and person), for his father.
    const [placing] = audit('payment.cash', bill.billId);
    expect(placing).toMatchObject({ outcome: 'ok', platformUserId: OPENID, psnNo: PARENT.psnNo });
    expect(JSON.parse(placing!.detail)).toMatchObject({ actingFor: ELDER.psnNo });
    for (const action of ['payment.cash.paid', 'payment.cash.confirmed']) {
      expect(audit(action, bill.billId)).toEqual([
        expect.objectContaining({ outcome: 'ok', platformUserId: OPENID, psnNo: ELDER.psnNo }),
      ]);
    }

    // The son's notice of his father's bill says whose it is and who paid what.
    const notice = (await inbox(s.guardian)).find((m) => m.billId === bill.billId && m.kind === 'bill');
    expect(notice).toMatchObject({ title: '诊间支付已完成', billStatus: 'paid' });
    expect(notice!.body).toContain('父母赵*福的账单');
    expect(notice!.body).toContain(`现金${formatYuan(cashFen)}由您代付`);

    // The father's records, on the son's phone: the online settlement says the son paid its cash.
    const records = await s.http
      .get('/api/v1/records')
      .query({ member: s.memberId })
      .set('Authorization', s.guardian)
      .expect(200);
    const record = (records.body.records as SettlementRecord[]).find(
      (r) => r.recordId === testRecordId(ELDER.psnNo, bill.result!.setlId!),
    );
    expect(record).toMatchObject({ medium: 'online', cashFen, paidBy: { cash: 'you' } });
    const detail = await s.http
      .get(`/api/v1/records/${record!.recordId}`)
      .set('Authorization', s.guardian)
      .expect(200);
    expect(detail.body).toMatchObject({ paidBy: { cash: 'you' } });
    expect(detail.text).not.toContain(bill.result!.setlId!);

    // The hospital refunds the cash: it goes back through the son's WeChat Pay, and he is told.
    await s.refundCash(bill.billId, cashFen);
    await eventually('the cash refund made', async () => {
      await s.deps.cashRefunds.run();
      return (
        s.deps
          .db!.prepare('SELECT status FROM cash_refunds WHERE order_id = ?')
          .pluck()
          .get(placed.orderId) === 'done'
      );
    });
    const refund = (await inbox(s.guardian)).find((m) => m.kind === 'refund' && m.title === '现金退款已到账');
    expect(refund?.body).toContain(`家人的`);
    expect(refund?.body).toContain(`${formatYuan(cashFen)}已原路退回您的微信支付`);
    expect(audit('payment.cash.refund', bill.billId)).toEqual([
      expect.objectContaining({ outcome: 'ok', platformUserId: OPENID, psnNo: ELDER.psnNo }),
    ]);
  });

  it('refuses a stranger and, once the link is removed, the former guardian, with the 404 of an unknown bill', async () => {
    const bill = await s.billAwaitingCash();
    for (const [auth, billId] of [
      [s.stranger, bill.billId],
      [s.guardian, 'NOSUCHBILL0001'],
    ] as const) {
      const placed = await s.http
        .post(`/api/v1/bills/${billId}/cash`)
        .set('Authorization', auth)
        .send({})
        .expect(404);
      expect(placed.body.error.code).toBe('BILL_NOT_FOUND');
      const status = await s.http.get(`/api/v1/bills/${billId}/cash`).set('Authorization', auth).expect(404);
      expect(status.body.error.code).toBe('BILL_NOT_FOUND');
    }
    // The son places an order, then removes his father: the bill and its order are no longer his to pay.
    const placed = (
      await s.http
        .post(`/api/v1/bills/${bill.billId}/cash`)
        .set('Authorization', s.guardian)
        .send({})
        .expect(200)
    ).body as CashPayment;
    await s.http.delete(`/api/v1/family/members/${s.memberId}`).set('Authorization', s.guardian).expect(200);
    const refused = await s.http
      .post(`/api/v1/bills/${bill.billId}/cash`)
      .set('Authorization', s.guardian)
      .send({})
      .expect(404);
    expect(refused.body.error.code).toBe('BILL_NOT_FOUND');
    await s.http.get(`/api/v1/bills/${bill.billId}/cash`).set('Authorization', s.guardian).expect(404);
    await s.http.get(`/api/v1/bills/${bill.billId}`).set('Authorization', s.guardian).expect(404);
    expect(
      s.deps.db!.prepare('SELECT count(*) FROM cash_orders WHERE bill_id = ?').pluck().get(bill.billId),
    ).toBe(1);
    expect(placed.orderId).toBeTruthy();
  });
});
