// In-consultation payment through the real pieces over HTTP: a hospital uploads a bill
// (6201), the platform's bill.created reaches the BFF's webhook, the person is pushed a
// WeChat subscribe message and finds the bill in the inbox, and pays it with the password
// (payauth.issue → 6202). Exactly once under retries and two devices; refunds come back.
import type { Bill, InboxMessage } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { buildTestApp, employeeBinding } from '../support/bff';
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
import { listen, startInsuranceSandbox } from '../support/servers';

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-employee-pay';
const PASSWORD = '358024';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest, DEMO_CATALOGUE.classC];

let serial = 0;
async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  await activateOnPlatform(platform, EMPLOYEE, OPENID, PASSWORD);

  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const { app, deps } = buildTestApp({
    INSURANCE_BASE_URL: sandbox.url,
    WECHAT_API_BASE: wechatServer.url,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
  });
  const bff = await listen(app);
  await deps.bindings.save(employeeBinding(OPENID, EMPLOYEE.psnNo));
  // As the user accepting wx.requestSubscribeMessage on the pay flow's first visit.
  await request(wechatServer.url).post('/dev/subscription').send({ openid: OPENID, count: 100 }).expect(200);
  const { token } = await deps.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  });
  const events = webhookEvents(sandbox.context, bff.url);
  const balance = () =>
    sandbox.db
      .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
      .pluck()
      .get(EMPLOYEE.psnNo) as number;

  /** The hospital pushes a bill (of `items`); the BFF hears of it. Returns the bill id. */
  async function hospitalBill(items: readonly { code: string; priceFen: number }[] = ITEMS): Promise<string> {
    serial += 1;
    const answer = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `HIS-PAY-${serial}`,
      psnNo: EMPLOYEE.psnNo,
      deptName: '普通内科',
      drName: '李医生',
      ...feesOf(items),
    });
    expect(answer.code).toBe('0');
    await events.drainOnce();
    return answer.data?.payOrdId as string;
  }

  const http = request(bff.url);
  const auth = `Bearer ${token}`;
  let requests = 0;
  const pay = (billId: string, body: Record<string, unknown> = {}) =>
    http
      .post(`/api/v1/bills/${billId}/pay`)
      .set('Authorization', auth)
      .send({
        useAccount: true,
        passwordCipher: encryptPassword(PASSWORD),
        requestId: `req-${Date.now()}-${(requests += 1)}-abcdef`,
        ...body,
      });

  return {
    http,
    auth,
    deps,
    sandbox,
    his,
    wechat,
    events,
    balance,
    hospitalBill,
    pay,
    close: async () => {
      await bff.close();
      await wechatServer.close();
      await sandbox.close();
    },
  };
}

describe('paying an in-consultation bill', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('notifies the person by push and inbox, shows the split, and pays it with the password', async () => {
    const before = s.balance();
    const billId = await s.hospitalBill();

    await s.deps.pushDispatcher.drainOnce();
    const pushes = s.wechat.state.messages.filter(
      (m) => m.touser === OPENID && m.page === `pages/pay/index?billId=${billId}`,
    );
    expect(pushes).toHaveLength(1);
    const inbox = await s.http.get('/api/v1/inbox').set('Authorization', s.auth).expect(200);
    expect(inbox.body.unread).toBeGreaterThan(0);
    expect(inbox.body.messages[0]).toMatchObject({ kind: 'bill', billId, read: false });

    const view = (await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200))
      .body as Bill;
    expect(view).toMatchObject({
      status: 'unpaid',
      institutionName: expect.any(String),
      deptName: '普通内科',
    });
    const { fundFen, accountFen, cashFen } = view.preSettled;
    expect(fundFen + accountFen + cashFen).toBe(view.totalFen);

    const paid = (await s.pay(billId).expect(200)).body as Bill;
    expect(paid.result).toBeDefined();
    const result = paid.result!;
    // The order completes only when both parts do: a cash part waits for the cashier.
    expect(paid.status).toBe(result.cashFen > 0 ? 'awaiting_cash' : 'paid');
    expect(cashFen).toBeGreaterThanOrEqual(0);
    expect(result.fundFen + result.accountFen + result.cashFen).toBe(view.totalFen);
    expect(before - s.balance()).toBe(result.accountFen);

    await s.events.drainOnce();
    const records = await s.http.get('/api/v1/records').set('Authorization', s.auth).expect(200);
    expect(records.body.records[0]).toMatchObject({
      recordId: testRecordId(EMPLOYEE.psnNo, result.setlId!),
      medium: 'online',
      totalFen: view.totalFen,
    });
  });

  it('answers a retried pay with the first result and charges once', async () => {
    const billId = await s.hospitalBill();
    const before = s.balance();
    const requestId = 'retry-key-0123456789';
    const first = (await s.pay(billId, { requestId }).expect(200)).body as Bill;
    const again = (await s.pay(billId, { requestId }).expect(200)).body as Bill;
    expect(again.result).toEqual(first.result);
    expect(before - s.balance()).toBe(first.result!.accountFen);
  });

  it('pays once when two devices pay the same bill at the same moment', async () => {
    const billId = await s.hospitalBill();
    const before = s.balance();
    const paidOrders = () =>
      s.sandbox.db
        .prepare("SELECT count(*) FROM channel_requests WHERE method = '6202' AND outcome = '0'")
        .pluck()
        .get() as number;
    const ordersBefore = paidOrders();
    const answers = await Promise.all([s.pay(billId), s.pay(billId), s.pay(billId)]);
    const ok = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 409);
    expect(ok).toHaveLength(1);
    expect(busy).toHaveLength(2);
    for (const res of busy) expect(res.body.error.code).toBe('BILL_PAYMENT_IN_PROGRESS');
    expect(paidOrders() - ordersBefore).toBe(1); // the platform took one 6202

    const result = (ok[0]!.body as Bill).result!;
    // The bill has an account part, so a second charge would show in the balance.
    expect(result.accountFen).toBeGreaterThan(0);
    // What left the account for this bill: the ledger's debits for the settlements of its visit.
    const debits = s.sandbox.db
      .prepare(
        `SELECT ledger.amount_fen FROM ledger
         JOIN settlements ON ledger.ref_type = 'settlement' AND ledger.ref_id = settlements.setl_id
         WHERE ledger.kind = 'payment'
           AND settlements.mdtrt_id = (SELECT mdtrt_id FROM pay_orders WHERE pay_ord_id = ?)`,
      )
      .pluck()
      .all(billId);
    expect(debits).toEqual([-result.accountFen]);
    expect(before - s.balance()).toBe(result.accountFen);
  });

  it('counts a wrong password, says how many tries remain, and leaves the bill unpaid', async () => {
    const billId = await s.hospitalBill();
    const res = await s.pay(billId, { passwordCipher: encryptPassword('111333') }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'PASSWORD_WRONG', details: { remaining: 4 } });
    const view = await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200);
    expect(view.body.status).toBe('unpaid');
    const paid = ((await s.pay(billId).expect(200)).body as Bill).result!;

    // Both attempts are in the audit trail, the refused one with the code the phone was shown.
    const attempts = (await s.deps.audit.ofPerson(EMPLOYEE.psnNo)).filter(
      (row) => row.detail?.billId === billId,
    );
    expect(attempts.map((row) => [row.action, row.outcome])).toEqual([
      ['payment.pay', 'ok'],
      ['payment.pay', 'PASSWORD_WRONG'],
    ]);
    expect(attempts[0]).toMatchObject({
      channel: 'wechat',
      platformUserId: OPENID,
      detail: { fundFen: paid.fundFen, accountFen: paid.accountFen, cashFen: paid.cashFen },
    });
  });

  it('leaves the cash part waiting when the account is not used, and pays nothing without a payment platform', async () => {
    const billId = await s.hospitalBill();
    const before = s.balance();
    const paid = (await s.pay(billId, { useAccount: false }).expect(200)).body as Bill;
    expect(paid.result!.accountFen).toBe(0);
    expect(paid.result!.cashFen).toBeGreaterThan(0);
    expect(paid.status).toBe('awaiting_cash');
    // This BFF has no WeChat Pay merchant: the cash part cannot be taken online, and says so.
    // (Paying it through WeChat Pay and Alipay: tests/system/cash-*.test.ts.)
    const cash = await s.http
      .post(`/api/v1/bills/${billId}/cash`)
      .set('Authorization', s.auth)
      .send({})
      .expect(503);
    expect(cash.body.error.code).toBe('CASH_PAYMENT_UNAVAILABLE');
    const view = await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200);
    expect(view.body.status).toBe('awaiting_cash');
    expect(s.balance()).toBe(before);
  });

  it('refuses unknown bills, someone else’s bills and bad input with clear errors', async () => {
    await s.http.get('/api/v1/bills/ORD0000000000').set('Authorization', s.auth).expect(404);
    const billId = await s.hospitalBill();
    const stranger = await s.deps.sessions.create({
      platform: 'weapp',
      channel: 'wechat',
      platformUserId: 'someone-else',
    });
    await s.deps.bindings.save({
      channel: 'wechat',
      platformUserId: 'someone-else',
      psnNo: PERSONAS.retiree.psnNo,
      maskedName: '王**',
      maskedIdNumber: 'x',
      insutype: '310',
      regionName: '绥化市',
      activatedAt: Date.now(),
    });
    const theirs = await s.http
      .get(`/api/v1/bills/${billId}`)
      .set('Authorization', `Bearer ${stranger.token}`)
      .expect(404);
    expect(theirs.body.error.code).toBe('BILL_NOT_FOUND');
    const bad = await s.pay(billId, { passwordCipher: '123456', requestId: 'x' }).expect(400);
    expect(Object.keys(bad.body.error.details.fieldErrors).sort()).toEqual([
      'body.passwordCipher',
      'body.requestId',
    ]);
  });

  it('shows a hospital refund in the inbox and gives the account back to the fen', async () => {
    const billId = await s.hospitalBill();
    const before = s.balance();
    const paid = ((await s.pay(billId).expect(200)).body as Bill).result!;
    const refund = await s.his.call(
      PATHS.refundOrder,
      refundRequest(s.sandbox, billId, { refdType: 'ALL', split: paid, sn: `RF-${billId}` }),
    );
    expect(refund.code).toBe('0');
    await s.events.drainOnce();
    expect(s.balance()).toBe(before);
    const view = await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200);
    expect(view.body.status).toBe('refunded');
    const inbox = await s.http.get('/api/v1/inbox').set('Authorization', s.auth).expect(200);
    expect(inbox.body.messages[0]).toMatchObject({ kind: 'refund', billId });
    expect((await s.deps.audit.ofPerson(EMPLOYEE.psnNo))[0]).toMatchObject({
      action: 'refund.received',
      detail: { billId, refdType: 'ALL', totalFen: paid.fundFen + paid.accountFen + paid.cashFen },
    });
  });

  it('settles a payment left in flight by asking 6301 (a BFF that died mid-payment)', async () => {
    const billId = await s.hospitalBill();
    const bill = (await s.deps.bills.get(billId))!;
    // The BFF wrote 'paying' and sent 6202, then died before reading the answer.
    expect(
      await s.deps.bills.startPaying(billId, 'crashed-request-000001', 'YBMCRASHED0000000000000000001'),
    ).toBe(true);
    const bff = channelClient(s.sandbox.url, testChannel().bffView, Date.now);
    const auth = (await bff.call('payauth.issue', {
      psnNo: EMPLOYEE.psnNo,
      payOrdId: billId,
      passwordCipher: encryptPassword(PASSWORD),
    })) as { payAuthNo: string };
    await bff.request(PATHS.payOrder, {
      payAuthNo: auth.payAuthNo,
      payOrdId: billId,
      payToken: bill.payToken,
      orgBizSer: 'YBMCRASHED0000000000000000001',
      acctUsedFlag: '1',
    });
    expect((await s.deps.bills.get(billId))!.status).toBe('paying');
    expect(await s.deps.paymentService.reconcileStuck(0)).toBe(1);
    expect((await s.deps.bills.get(billId))!.status).toBe('paid');
    // And a payment that never reached the platform goes back to unpaid.
    const other = await s.hospitalBill();
    await s.deps.bills.startPaying(other, 'crashed-request-000002', 'YBMCRASHED0000000000000000002');
    await s.deps.paymentService.reconcileStuck(0);
    expect((await s.deps.bills.get(other))!.status).toBe('unpaid');
  });

  it('words a bill’s notice from the bill as it is now, and reads it when the bill is opened', async () => {
    const billId = await s.hospitalBill();
    const notice = async () => {
      const inbox = await s.http.get('/api/v1/inbox').set('Authorization', s.auth).expect(200);
      return {
        unread: inbox.body.unread as number,
        message: (inbox.body.messages as InboxMessage[]).find((m) => m.billId === billId)!,
      };
    };
    const before = await notice();
    expect(before.message).toMatchObject({ title: '诊间支付待缴费', billStatus: 'unpaid', read: false });

    await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200);
    const opened = await notice();
    expect(opened.message.read).toBe(true);
    expect(opened.unread).toBe(before.unread - 1);

    const paid = (await s.pay(billId).expect(200)).body as Bill;
    const after = await notice();
    expect(after.message.billStatus).toBe(paid.status);
    expect(after.message.title).toBe(paid.status === 'paid' ? '诊间支付已完成' : '诊间支付待付现金');
    expect(after.message.title).not.toBe('诊间支付待缴费');
    expect(after.message.body).not.toContain('可使用医保在线支付');
  });

  it('says why the fund pays nothing of a bill of 丙类 items, before it is paid', async () => {
    const billId = await s.hospitalBill([DEMO_CATALOGUE.classC]);
    const view = (await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200))
      .body as Bill;
    expect(view.preSettled).toMatchObject({ fundFen: 0, fundZeroReason: 'class_c' });
  });

  it('gives one record by its id, and refuses an id that is not one of this person’s', async () => {
    const billId = await s.hospitalBill();
    const paid = (await s.pay(billId).expect(200)).body as Bill;
    const setlId = paid.result!.setlId!;
    const recordId = testRecordId(EMPLOYEE.psnNo, setlId);
    const record = await s.http.get(`/api/v1/records/${recordId}`).set('Authorization', s.auth).expect(200);
    expect(record.body).toMatchObject({ recordId, medium: 'online', totalFen: paid.totalFen });
    // Opaque: the settlement number is nowhere in the answer, nor in the id.
    expect(JSON.stringify(record.body)).not.toContain(setlId);
    expect(Buffer.from(recordId, 'base64url').toString('latin1')).not.toContain(setlId);

    // Another person's record (even a real settlement of theirs), a tampered id, a made-up one.
    const another = s.sandbox.db
      .prepare('SELECT psn_no AS psnNo, setl_id AS setlId FROM settlements WHERE psn_no != ? LIMIT 1')
      .get(EMPLOYEE.psnNo) as { psnNo: string; setlId: string } | undefined;
    const tampered = `${recordId.slice(0, 30)}${recordId[30] === 'A' ? 'B' : 'A'}${recordId.slice(31)}`;
    const ids = [tampered, testRecordId(EMPLOYEE.psnNo, 'SETL0000000001'), `${'A'.repeat(60)}`];
    if (another) ids.push(testRecordId(another.psnNo, another.setlId));
    for (const id of ids) {
      const other = await s.http.get(`/api/v1/records/${id}`).set('Authorization', s.auth).expect(404);
      expect(other.body.error.code).toBe('RECORD_NOT_FOUND');
      expect(other.body.error.message).toBe('未找到这条消费记录，请返回消费记录查看');
    }
    // The platform's own settlement number is no record id at all.
    const raw = await s.http.get(`/api/v1/records/${setlId}`).set('Authorization', s.auth).expect(400);
    expect(raw.body.error.code).toBe('VALIDATION_ERROR');
    const bad = await s.http.get('/api/v1/records/not-an-id!').set('Authorization', s.auth).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
  });
});
