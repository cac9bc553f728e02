// Mobile payment 62xx over HTTP in the GM envelope, as a hospital HIS and the BFF drive it:
// 6201 with its sum check and bad input refused without a trace, 6202 exactly once (retries,
// concurrent calls), payAuthNo rules, and the cash part waiting for the cashier.
// Refunds, 6301 and 6401: mobile-pay-refund.test.ts.
import { fenToYuan, yuanToFen } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';

import { DEMO_CATALOGUE, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { testChannel } from '../support/keys';
import {
  BASKET,
  EMPLOYEE,
  HOSPITAL,
  MINUTE,
  bill,
  feeDetails,
  fen,
  refusalOf,
  setup,
  type MobilePayBench,
} from '../support/mobile-pay';
import { hisClient } from '../support/payments';

describe('6201 费用明细上传', () => {
  let t: MobilePayBench;
  beforeAll(async () => {
    t = await setup();
  });
  afterAll(() => t.sandbox.close());

  it('creates a pre-settled order with the split and tells the BFF (bill.created)', async () => {
    const order = await t.upload();
    expect(order).toMatchObject({ ordStas: '1', payOrdId: expect.stringMatching(/^ORD/) });
    const total = BASKET.reduce((sum, item) => sum + item.priceFen, 0);
    expect(yuanToFen(order.feeSumamt as string)).toBe(total);
    expect(
      yuanToFen(order.fundPay as string) +
        yuanToFen(order.psnAcctPay as string) +
        yuanToFen(order.ownPayAmt as string),
    ).toBe(total);
    const event = t.db
      .prepare("SELECT app_id, payload_json FROM events WHERE type = 'bill.created' ORDER BY rowid DESC")
      .get() as { app_id: string; payload_json: string };
    expect(event.app_id).toBe(testChannel().appId);
    expect(JSON.parse(event.payload_json)).toMatchObject({
      payOrdId: order.payOrdId,
      psnNo: EMPLOYEE.psnNo,
      fixmedinsCode: HOSPITAL,
      institutionName: expect.any(String),
      deptName: '普通内科',
      doctorName: '李医生',
      items: BASKET.map((item) => ({
        name: item.name,
        qty: 1,
        priceFen: item.priceFen,
        amountFen: item.priceFen,
      })),
      totalFen: total,
      fundFen: yuanToFen(order.fundPay as string),
      accountFen: yuanToFen(order.psnAcctPay as string),
      cashFen: yuanToFen(order.ownPayAmt as string),
      createdAt: '2025-03-10T02:00:00.000Z',
    });
  });

  it('finds the person by 居民身份证 (mdtrtCertType 02) as well as by psnNo', async () => {
    const order = await t.upload({ psnNo: undefined, mdtrtCertType: '02', mdtrtCertNo: EMPLOYEE.docNumber });
    const row = t.db
      .prepare('SELECT psn_no FROM pay_orders WHERE pay_ord_id = ?')
      .pluck()
      .get(order.payOrdId);
    expect(row).toBe(EMPLOYEE.psnNo);
  });

  it('answers a resent medOrgOrd with the same order, and refuses it with different details', async () => {
    const request = bill();
    const first = await t.his.call(PATHS.uploadFees, request);
    const again = await t.his.call(PATHS.uploadFees, request);
    expect(again.data).toEqual(first.data);
    const changed = await t.his.call(PATHS.uploadFees, {
      ...request,
      feedetail: feeDetails([DEMO_CATALOGUE.classA]),
      medfeeSumamt: '12.50',
    });
    expect(changed.code).toBe('ORDER_DUPLICATE');
  });

  it.each([
    ['ORDER_SUM_MISMATCH', { medfeeSumamt: '1.00' }],
    [
      'DETAIL_AMOUNT_MISMATCH',
      { feedetail: [{ ...feeDetails()[0], cnt: 2 }], medfeeSumamt: fenToYuan(BASKET[0]!.priceFen) },
    ],
    [
      'FEEDETL_SN_DUPLICATE',
      { feedetail: [feeDetails()[0], feeDetails()[0]], medfeeSumamt: fenToYuan(2 * BASKET[0]!.priceFen) },
    ],
    [
      'CATALOGUE_ITEM_UNKNOWN',
      {
        feedetail: [{ ...feeDetails()[0], medListCodg: 'NO-SUCH-ITEM' }],
        medfeeSumamt: fenToYuan(BASKET[0]!.priceFen),
      },
    ],
    [
      'CATALOGUE_ITEM_UNKNOWN',
      {
        feedetail: feeDetails([DEMO_CATALOGUE.retired]),
        medfeeSumamt: fenToYuan(DEMO_CATALOGUE.retired.priceFen),
      },
    ],
    ['PERSON_NOT_FOUND', { psnNo: '23129999999998' }],
    ['INSURANCE_SUSPENDED', { psnNo: PERSONAS.suspended.psnNo }],
    ['INSTITUTION_UNKNOWN', { orgCodg: '999999H99999' }],
    ['INPUT_INVALID', { medfeeSumamt: '12.345' }],
    ['INPUT_INVALID', { medfeeSumamt: '-3.00' }],
    ['INPUT_INVALID', { feedetail: [] }],
    ['INPUT_INVALID', { feedetail: 'many' }],
    ['INPUT_INVALID', { orgCodg: undefined }],
    ['INPUT_INVALID', { psnNo: undefined }],
    ['INPUT_INVALID', { mdtrtCertType: '02', mdtrtCertNo: EMPLOYEE.docNumber }], // both ways at once
  ])('refuses with %s, signed, and writes nothing', async (code, overrides) => {
    const before = [t.count('pay_orders'), t.count('events')];
    const answer = await t.his.call(PATHS.uploadFees, bill(overrides));
    expect(answer).toMatchObject({ status: 200, signed: true, code });
    expect(answer.message).toMatch(/[\u4e00-\u9fa5]/);
    expect([t.count('pay_orders'), t.count('events')]).toEqual(before);
  });

  it('names the offending fields', async () => {
    const answer = await t.his.call(
      PATHS.uploadFees,
      bill({ feedetail: [{ ...feeDetails()[0], cnt: 'two' }] }),
    );
    expect(answer.message).toContain('feedetail.0.cnt');
  });

  it('refuses envelopes it cannot trust without a signature', async () => {
    const stranger = { ...t.hisView, appId: 'STRANGER00000001' };
    const answer = await hisClient(t.sandbox.url, stranger, () => Date.parse('2025-03-10T02:00:00Z')).call(
      PATHS.uploadFees,
      bill(),
    );
    expect(answer).toMatchObject({ status: 401, signed: false, code: 'ENVELOPE_UNKNOWN_APP' });
  });

  it('accepts the BFF’s channel as well as the HIS channel', async () => {
    const bffAsHis = hisClient(t.sandbox.url, testChannel().bffView, () =>
      Date.parse('2025-03-10T02:00:00Z'),
    );
    expect(await bffAsHis.call(PATHS.uploadFees, bill())).toMatchObject({ code: '0', signed: true });
  });
});

describe('6202 支付下单', () => {
  let t: MobilePayBench;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(() => t.sandbox.close());

  it('pays from fund and account once; a retried orgBizSer gets the first answer', async () => {
    const before = t.balance();
    const order = await t.upload();
    const payAuthNo = await t.authorise(order.payOrdId as string);
    const request = {
      payAuthNo,
      payOrdId: order.payOrdId,
      payToken: order.payToken,
      orgBizSer: 'BIZ-1',
      acctUsedFlag: '1',
    };
    const first = await t.his.call(PATHS.payOrder, request);
    expect(first.code).toBe('0');
    expect(first.data).toMatchObject({
      payOrdId: order.payOrdId,
      ordStas: '6',
      setlId: expect.stringMatching(/^SETL/),
    });
    expect(fen(first.data, 'fundPay') + fen(first.data, 'psnAcctPay') + fen(first.data, 'ownPayAmt')).toBe(
      fen(first.data, 'feeSumamt'),
    );
    expect(t.balance()).toBe(before - fen(first.data, 'psnAcctPay'));

    const retried = await t.his.call(PATHS.payOrder, request);
    expect(retried).toEqual(first);
    expect(t.balance()).toBe(before - fen(first.data, 'psnAcctPay'));
    expect(t.count('settlements')).toBe(1);
    expect(t.ledgerSum()).toBe(t.balance());

    const changed = await t.his.call(PATHS.payOrder, { ...request, acctUsedFlag: '0' });
    expect(changed.code).toBe('ORG_BIZ_SER_CONFLICT');
  });

  it('lets only one of two concurrent payments of one order through', async () => {
    const order = await t.upload();
    const [authA, authB] = [
      await t.authorise(order.payOrdId as string),
      await t.authorise(order.payOrdId as string),
    ];
    const call = (payAuthNo: string, orgBizSer: string) =>
      t.his.call(PATHS.payOrder, {
        payAuthNo,
        payOrdId: order.payOrdId,
        payToken: order.payToken,
        orgBizSer,
        acctUsedFlag: '1',
      });
    const answers = await Promise.all([call(authA, 'BIZ-A'), call(authB, 'BIZ-B')]);
    expect(answers.map((a) => a.code).sort()).toEqual(['0', 'ORDER_ALREADY_PAID']);
    expect(t.count('settlements')).toBe(1);
    expect(
      t.db.prepare("SELECT count(*) FROM events WHERE type = 'settlement.completed'").pluck().get(),
    ).toBe(1);
  });

  it('leaves the cash part waiting (2) until the cashier confirms it (6)', async () => {
    const order = await t.upload();
    const paid = await t.pay(order, { acctUsedFlag: '0' });
    expect(paid.data).toMatchObject({ ordStas: '2', psnAcctPay: '0.00' });
    expect(fen(paid.data, 'ownPayAmt')).toBeGreaterThan(0);
    const waiting = await t.his.call(PATHS.queryOrder, { payOrdId: order.payOrdId });
    expect(waiting.data).toMatchObject({ ordStas: '2', setlType: 'HI' });

    const confirmed = await t.bff.call('cashier.confirm', {
      psnNo: EMPLOYEE.psnNo,
      payOrdId: order.payOrdId as string,
    });
    expect(confirmed).toMatchObject({ ordStas: '6', cashFen: fen(paid.data, 'ownPayAmt') });
    expect(
      await t.bff.call('cashier.confirm', { psnNo: EMPLOYEE.psnNo, payOrdId: order.payOrdId as string }),
    ).toEqual(confirmed);
    const done = await t.his.call(PATHS.queryOrder, { payOrdId: order.payOrdId });
    expect(done.data).toMatchObject({ ordStas: '6', setlType: 'ALL' });
  });

  it('refuses a cashier step for an order with nothing to pay in cash', async () => {
    const order = await t.upload();
    await t.pay(order);
    const refusal = await refusalOf(
      t.bff.call('cashier.confirm', { psnNo: EMPLOYEE.psnNo, payOrdId: order.payOrdId as string }),
    );
    expect(refusal.code).toBe('ORDER_NOT_AWAITING_CASH');
  });

  it('uses a payAuthNo once, for its order, within five minutes', async () => {
    const first = await t.upload();
    const second = await t.upload();
    const call = (order: Record<string, string>, payAuthNo: string, orgBizSer: string) =>
      t.his.call(PATHS.payOrder, {
        payAuthNo,
        payOrdId: order.payOrdId,
        payToken: order.payToken,
        orgBizSer,
        acctUsedFlag: '1',
      });
    const auth = await t.authorise(first.payOrdId as string);
    expect((await call(second, auth, 'X1')).code).toBe('PAY_AUTH_INVALID');
    expect((await call(first, 'PAN0000', 'X2')).code).toBe('PAY_AUTH_INVALID');
    const late = await t.authorise(second.payOrdId as string);
    t.advance(6 * MINUTE);
    expect((await call(second, late, 'X3')).code).toBe('PAY_AUTH_EXPIRED');
    const auth2 = await t.authorise(first.payOrdId as string);
    expect((await call(first, auth2, 'X4')).code).toBe('0');
    expect((await call(first, auth2, 'X5')).code).toBe('ORDER_ALREADY_PAID');
    expect((await call({ ...first, payToken: 'PTWRONG' }, auth2, 'X6')).code).toBe('PAY_TOKEN_INVALID');
  });

  it('issues no payAuthNo without the right password, and counts the try', async () => {
    const order = await t.upload();
    const refusal = await refusalOf(t.authorise(order.payOrdId as string, '246813'));
    expect(refusal.code).toBe('PASSWORD_WRONG');
    expect(await t.bff.call('voucher.status', { psnNo: EMPLOYEE.psnNo })).toMatchObject({
      passwordRemaining: 4,
    });
    expect(t.count('pay_auths')).toBe(0);
  });
});
