// Refunds of an in-consultation bill through the real pieces over HTTP: the hospital refunds
// (6203 ALL, CASH or HI, whole or in parts), the platform's refund.completed reaches the BFF's
// webhook with the refund's split, and the bill, the inbox and the records say exactly what
// came back, where, and what was not refunded.
import { formatYuan, type Bill, type BillRefund, type SettlementRecord } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
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
import { fakeWechatPay, payCashThroughWechatPay } from '../support/cash';
import { listenLater, startInsuranceSandbox } from '../support/servers';

// 郑丽's account holds ¥18.00: it pays part of her share and the rest is cash, so a bill's
// fund, account and cash parts are all above zero. (Every test but the last gives the
// account part back; the CASH test, which does not, runs last.)
const PERSON = PERSONAS.lowBalance;
const OPENID = 'openid-low-balance-refunds';
const PASSWORD = '358024';
// A consultation, an MRI (past the deductible, so the fund pays) and a class-C drug.
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.mri, DEMO_CATALOGUE.classC];

type Split = { fundFen: number; accountFen: number; cashFen: number };

let serial = 0;
async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000002'), Date.now);
  await activateOnPlatform(
    channelClient(sandbox.url, testChannel().bffView, Date.now),
    PERSON,
    OPENID,
    PASSWORD,
  );
  // The cash part is paid through (the fake) WeChat Pay, and goes back there when refunded.
  const wechatPay = await fakeWechatPay();
  const bff = await listenLater();
  const { app, deps } = buildTestApp({ INSURANCE_BASE_URL: sandbox.url, ...wechatPay.env(bff.url) });
  bff.serve(app);
  await deps.bindings.save(employeeBinding(OPENID, PERSON.psnNo));
  const { token } = await deps.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  });
  const events = webhookEvents(sandbox.context, bff.url);
  const http = request(bff.url);
  const auth = `Bearer ${token}`;
  const balance = () =>
    sandbox.db
      .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
      .pluck()
      .get(PERSON.psnNo) as number;

  /** A bill pushed by the hospital and paid in full (the cash part at the cashier too). */
  async function paidBill(useAccount = true): Promise<{ billId: string; paid: Split & { setlId: string } }> {
    serial += 1;
    const uploaded = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `HIS-REFUND-${serial}`,
      psnNo: PERSON.psnNo,
      deptName: '普通内科',
      drName: '李医生',
      ...feesOf(ITEMS),
    });
    expect(uploaded.code).toBe('0');
    await events.drainOnce();
    const billId = uploaded.data?.payOrdId as string;
    const bill = (
      await http
        .post(`/api/v1/bills/${billId}/pay`)
        .set('Authorization', auth)
        .send({
          useAccount,
          passwordCipher: encryptPassword(PASSWORD),
          requestId: `refund-test-request-${serial}`,
        })
        .expect(200)
    ).body as Bill;
    if (bill.status === 'awaiting_cash') await payCashThroughWechatPay(http, auth, billId, wechatPay);
    await events.drainOnce();
    const { fundFen, accountFen, cashFen, setlId } = bill.result!;
    return { billId, paid: { fundFen, accountFen, cashFen, setlId: setlId! } };
  }

  /** The hospital's 6203, and the event it makes delivered to the BFF. */
  async function refund(billId: string, refdType: 'ALL' | 'CASH' | 'HI', split: Split, sn: string) {
    const answer = await his.call(PATHS.refundOrder, refundRequest(sandbox, billId, { refdType, split, sn }));
    expect(answer).toMatchObject({ code: '0', data: { refStatus: 'SUCC' } });
    await events.drainOnce();
  }

  const bill = async (billId: string) =>
    (await http.get(`/api/v1/bills/${billId}`).set('Authorization', auth).expect(200)).body as Bill;
  const notices = async (billId: string) =>
    (
      (await http.get('/api/v1/inbox').set('Authorization', auth).expect(200)).body.messages as {
        kind: string;
        billId?: string;
        title: string;
        body: string;
      }[]
    ).filter(
      // The hospital's refunds; the cash's own arrival at WeChat Pay is a later notice of its own.
      (message) =>
        message.kind === 'refund' && message.billId === billId && message.title.endsWith('退款成功'),
    );
  const record = async (setlId: string) =>
    (
      (await http.get('/api/v1/records').set('Authorization', auth).expect(200)).body
        .records as SettlementRecord[]
    ).find((r) => r.recordId === testRecordId(PERSON.psnNo, setlId));

  return {
    deps,
    balance,
    paidBill,
    refund,
    bill,
    notices,
    record,
    wechatPay,
    close: async () => {
      await bff.close();
      await wechatPay.close();
      await sandbox.close();
    },
  };
}

const refundOf = (split: Split): BillRefund => ({ at: expect.any(String), ...split });

describe('refunds of an in-consultation bill', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('ALL: everything back where it came from, the bill refunded, nothing left to refund', async () => {
    const before = s.balance();
    const { billId, paid } = await s.paidBill();
    // The test needs all three parts to show each going back its own way.
    expect(paid.fundFen).toBeGreaterThan(0);
    expect(paid.accountFen).toBeGreaterThan(0);
    expect(paid.cashFen).toBeGreaterThan(0);
    const all = { fundFen: paid.fundFen, accountFen: paid.accountFen, cashFen: paid.cashFen };
    await s.refund(billId, 'ALL', all, `RF-ALL-${billId}`);

    expect(s.balance()).toBe(before);
    expect(await s.bill(billId)).toMatchObject({ status: 'refunded', refunds: [refundOf(all)] });
    const [notice] = await s.notices(billId);
    expect(notice!.title).toBe('退款成功');
    expect(notice!.body).toContain(`统筹基金支付的${formatYuan(paid.fundFen)}已退回医保基金`);
    expect(notice!.body).toContain(`个人账户支付的${formatYuan(paid.accountFen)}已退回您的个人账户`);
    expect(notice!.body).toContain(`现金${formatYuan(paid.cashFen)}已按原支付渠道退回`);
    expect(notice!.body).toContain('已全部退回');
    expect(notice!.body).not.toContain('尚未退还');
    expect(await s.record(paid.setlId)).toMatchObject({ status: 'reversed', refunds: [refundOf(all)] });
    expect((await s.deps.audit.ofPerson(PERSON.psnNo))[0]).toMatchObject({
      action: 'refund.received',
      detail: { billId, refdType: 'ALL', ...all },
    });
  });

  it('HI: fund and account come back, the cash does not', async () => {
    const { billId, paid } = await s.paidBill();
    const before = s.balance();
    const insurance = { fundFen: paid.fundFen, accountFen: paid.accountFen, cashFen: 0 };
    await s.refund(billId, 'HI', insurance, `RF-HI-${billId}`);

    expect(s.balance()).toBe(before + paid.accountFen);
    expect(await s.bill(billId)).toMatchObject({ status: 'partly_refunded', refunds: [refundOf(insurance)] });
    const [notice] = await s.notices(billId);
    expect(notice!.title).toBe('部分退款成功');
    expect(notice!.body).toContain(`统筹基金支付的${formatYuan(paid.fundFen)}已退回医保基金`);
    expect(notice!.body).toContain(`个人账户支付的${formatYuan(paid.accountFen)}已退回您的个人账户`);
    expect(notice!.body).toContain(`尚未退还：现金${formatYuan(paid.cashFen)}`);
    expect(await s.record(paid.setlId)).toMatchObject({ status: 'reversed', refunds: [refundOf(insurance)] });
  });

  it('two partial refunds that add up to what was paid: partly refunded, then refunded', async () => {
    const before = s.balance();
    const { billId, paid } = await s.paidBill();
    const first = { fundFen: 0, accountFen: 0, cashFen: 100 };
    expect(paid.cashFen).toBeGreaterThan(first.cashFen);
    await s.refund(billId, 'CASH', first, `RF-P1-${billId}`);
    expect(await s.bill(billId)).toMatchObject({ status: 'partly_refunded', refunds: [refundOf(first)] });
    expect((await s.notices(billId))[0]!.body).toContain(
      `尚未退还：统筹基金${formatYuan(paid.fundFen)}、个人账户${formatYuan(paid.accountFen)}、现金${formatYuan(paid.cashFen - 100)}`,
    );

    const rest = { fundFen: paid.fundFen, accountFen: paid.accountFen, cashFen: paid.cashFen - 100 };
    await s.refund(billId, 'ALL', rest, `RF-P2-${billId}`);
    const after = await s.bill(billId);
    expect(after).toMatchObject({ status: 'refunded', refunds: [refundOf(first), refundOf(rest)] });
    expect(s.balance()).toBe(before);
    const [latest, earlier] = await s.notices(billId);
    expect(earlier!.title).toBe('部分退款成功');
    expect(latest!.title).toBe('退款成功');
    expect(latest!.body).toContain('已全部退回');
    expect((await s.record(paid.setlId))?.refunds).toEqual([refundOf(first), refundOf(rest)]);
  });
  it('CASH: only the cash comes back; the bill is partly refunded and says what was not', async () => {
    const { billId, paid } = await s.paidBill();
    const before = s.balance();
    const cash = { fundFen: 0, accountFen: 0, cashFen: paid.cashFen };
    await s.refund(billId, 'CASH', cash, `RF-CASH-${billId}`);

    expect(s.balance()).toBe(before);
    expect(await s.bill(billId)).toMatchObject({ status: 'partly_refunded', refunds: [refundOf(cash)] });
    const [notice] = await s.notices(billId);
    expect(notice!.title).toBe('部分退款成功');
    expect(notice!.body).toContain(
      `已退款${formatYuan(paid.cashFen)}：现金${formatYuan(paid.cashFen)}已按原支付渠道退回`,
    );
    expect(notice!.body).not.toContain('医保部分已退回');
    expect(notice!.body).toContain(
      `尚未退还：统筹基金${formatYuan(paid.fundFen)}、个人账户${formatYuan(paid.accountFen)}`,
    );
    // The settlement stands: only the cash went back.
    expect(await s.record(paid.setlId)).toMatchObject({ status: 'settled', refunds: [refundOf(cash)] });
  });
});
