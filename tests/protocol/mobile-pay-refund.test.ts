// Mobile payment after the payment: 6203 refunds (ALL, HI, CASH) that restore balances to
// the fen and are refused with refStatus FAIL when the amounts do not match, 6301 queries,
// 6401 revocation of unpaid orders, and the person's view of an order.
import { fenToYuan } from '@ybm/shared';
import { type Json } from '@ybm/shared/gm';
import { PATHS } from '@ybm/shared/protocol';

import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { EMPLOYEE, bill, fen, refusalOf, setup, type MobilePayBench } from '../support/mobile-pay';

describe('6203 医保退费', () => {
  let t: MobilePayBench;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(() => t.sandbox.close());

  async function paidWithCash() {
    const before = t.balance();
    const order = await t.upload();
    // Without the account the person's part is all cash, paid at the cashier.
    const paid = await t.pay(order, { acctUsedFlag: '0' });
    await t.bff.call('cashier.confirm', { psnNo: EMPLOYEE.psnNo, payOrdId: order.payOrdId as string });
    return { order, paid: paid.data!, before };
  }

  const refund = (
    order: Record<string, string>,
    paid: Record<string, Json>,
    sn: string,
    type: string,
    amounts: { cash: number; account: number; fund: number },
  ) =>
    t.his.call(PATHS.refundOrder, {
      payOrdId: order.payOrdId,
      appRefdSn: sn,
      appRefdTime: '2025-03-10 10:30:00',
      refdType: type,
      totlRefdAmt: fenToYuan(amounts.cash + amounts.account + amounts.fund),
      cashRefdAmt: fenToYuan(amounts.cash),
      psnAcctRefdAmt: fenToYuan(amounts.account),
      fundRefdAmt: fenToYuan(amounts.fund),
      payAuthNo: t.db
        .prepare('SELECT pay_auth_no FROM pay_orders WHERE pay_ord_id = ?')
        .pluck()
        .get(paid.payOrdId) as string,
    });

  it('ALL gives back fund, account and cash, to the fen, once', async () => {
    const before = t.balance();
    const order = await t.upload();
    const paid = (await t.pay(order)).data!;
    expect(t.balance()).toBe(before - fen(paid, 'psnAcctPay'));
    const amounts = {
      cash: fen(paid, 'ownPayAmt'),
      account: fen(paid, 'psnAcctPay'),
      fund: fen(paid, 'fundPay'),
    };
    const answer = await refund(order, paid, 'R1', 'ALL', amounts);
    expect(answer).toMatchObject({ code: '0', data: { refStatus: 'SUCC', ordStas: '7' } });
    expect(t.balance()).toBe(before);
    expect(t.ledgerSum()).toBe(t.balance());
    expect(t.db.prepare('SELECT status FROM settlements').pluck().get()).toBe('reversed');
    expect(await refund(order, paid, 'R1', 'ALL', amounts)).toEqual(answer); // a retry changes nothing
    expect(t.balance()).toBe(before);
    const event = t.db
      .prepare("SELECT payload_json FROM events WHERE type = 'refund.completed'")
      .pluck()
      .all();
    expect(event).toHaveLength(1);
    expect(JSON.parse(event[0] as string)).toMatchObject({
      payOrdId: order.payOrdId,
      refdType: 'ALL',
      cashFen: amounts.cash,
      accountFen: amounts.account,
      fundFen: amounts.fund,
      balanceAfterFen: before,
    });
    // The refund is the story the BFF hears, not a reversal of the settlement behind it.
    expect(t.db.prepare("SELECT count(*) FROM events WHERE type = 'settlement.reversed'").pluck().get()).toBe(
      0,
    );
  });

  it('HI first (8), then the cash in two parts (11, then 7)', async () => {
    const { order, paid, before } = await paidWithCash();
    const cash = fen(paid, 'ownPayAmt');
    const hi = await refund(order, paid, 'R-HI', 'HI', {
      cash: 0,
      account: fen(paid, 'psnAcctPay'),
      fund: fen(paid, 'fundPay'),
    });
    expect(hi.data).toMatchObject({ refStatus: 'SUCC', ordStas: '8' });
    expect(t.balance()).toBe(before);
    const part = await refund(order, paid, 'R-C1', 'CASH', { cash: 100, account: 0, fund: 0 });
    expect(part.data).toMatchObject({ ordStas: '11' });
    const rest = await refund(order, paid, 'R-C2', 'CASH', { cash: cash - 100, account: 0, fund: 0 });
    expect(rest.data).toMatchObject({ ordStas: '7' });
    const query = await t.his.call(PATHS.queryOrder, { payOrdId: order.payOrdId });
    expect(query.data?.refunds).toHaveLength(3);
    expect(query.data).toMatchObject({ ordStas: '7', cashRefdSumamt: fenToYuan(cash) });
  });
  it("lists an online settlement's refunds with the person's records", async () => {
    const { order, paid } = await paidWithCash();
    expect(fen(paid, 'ownPayAmt')).toBeGreaterThan(100);
    await refund(order, paid, 'R-C1', 'CASH', { cash: 100, account: 0, fund: 0 });
    const hiBack = { cash: 0, account: fen(paid, 'psnAcctPay'), fund: fen(paid, 'fundPay') };
    await refund(order, paid, 'R-HI', 'HI', hiBack);
    const page = (await t.bff.call('settlement.list', { psnNo: EMPLOYEE.psnNo, limit: 5 })) as {
      settlements: { setlId: string; status: string; reversedAt?: string; refunds: unknown[] }[];
    };
    const record = page.settlements.find((s) => s.setlId === paid.setlId);
    expect(record).toMatchObject({ status: 'reversed', reversedAt: expect.any(String) });
    expect(record?.refunds).toEqual([
      { at: expect.any(String), fundFen: 0, accountFen: 0, cashFen: 100 },
      { at: expect.any(String), fundFen: hiBack.fund, accountFen: hiBack.account, cashFen: 0 },
    ]);
  });

  it('CASH part (10), all of it (9), then HI (7)', async () => {
    const { order, paid, before } = await paidWithCash();
    const cash = fen(paid, 'ownPayAmt');
    expect((await refund(order, paid, 'C1', 'CASH', { cash: 1, account: 0, fund: 0 })).data).toMatchObject({
      ordStas: '10',
    });
    expect(t.balance()).toBe(before - fen(paid, 'psnAcctPay'));
    expect(
      (await refund(order, paid, 'C2', 'CASH', { cash: cash - 1, account: 0, fund: 0 })).data,
    ).toMatchObject({ ordStas: '9' });
    const hi = await refund(order, paid, 'H1', 'HI', {
      cash: 0,
      account: fen(paid, 'psnAcctPay'),
      fund: fen(paid, 'fundPay'),
    });
    expect(hi.data).toMatchObject({ ordStas: '7' });
    expect(t.balance()).toBe(before);
  });

  it('refuses amounts that do not match what was paid: refStatus FAIL, nothing changed', async () => {
    const { order, paid } = await paidWithCash();
    const balance = t.balance();
    const account = fen(paid, 'psnAcctPay');
    const fund = fen(paid, 'fundPay');
    const cash = fen(paid, 'ownPayAmt');
    for (const [type, amounts] of [
      ['ALL', { cash, account, fund: fund + 1 }],
      ['ALL', { cash: cash - 1, account, fund }],
      ['HI', { cash: 1, account, fund }],
      ['HI', { cash: 0, account, fund: fund - 1 }],
      ['CASH', { cash: cash + 1, account: 0, fund: 0 }],
      ['CASH', { cash: 1, account: 1, fund: 0 }],
    ] as const) {
      const answer = await refund(order, paid, `BAD-${type}-${amounts.cash}-${amounts.fund}`, type, amounts);
      expect(answer).toMatchObject({ code: 'REFUND_AMOUNT_MISMATCH', data: { refStatus: 'FAIL' } });
    }
    expect(t.balance()).toBe(balance);
    expect(t.count('refunds')).toBe(0);
    expect(
      t.db.prepare('SELECT ord_stas FROM pay_orders WHERE pay_ord_id = ?').pluck().get(order.payOrdId),
    ).toBe('6');
  });

  it('refuses refunds of unpaid orders, reused serials with other amounts, and missing consent', async () => {
    const order = await t.upload();
    const unpaid = await t.his.call(PATHS.refundOrder, {
      payOrdId: order.payOrdId,
      appRefdSn: 'U1',
      refdType: 'CASH',
      totlRefdAmt: '1.00',
      cashRefdAmt: '1.00',
      psnAcctRefdAmt: '0',
      fundRefdAmt: '0',
      payAuthNo: 'PAN-ANY',
    });
    expect(unpaid).toMatchObject({ code: 'ORDER_NOT_REFUNDABLE', data: { refStatus: 'FAIL' } });
    const { order: paidOrder, paid } = await paidWithCash();
    expect((await refund(paidOrder, paid, 'S1', 'CASH', { cash: 1, account: 0, fund: 0 })).code).toBe('0');
    expect((await refund(paidOrder, paid, 'S1', 'CASH', { cash: 2, account: 0, fund: 0 })).code).toBe(
      'REFUND_SN_CONFLICT',
    );
    const base = {
      payOrdId: paidOrder.payOrdId,
      appRefdSn: 'S2',
      refdType: 'CASH',
      totlRefdAmt: '0.01',
      cashRefdAmt: '0.01',
      psnAcctRefdAmt: '0',
      fundRefdAmt: '0',
    };
    expect((await t.his.call(PATHS.refundOrder, base)).code).toBe('INPUT_INVALID');
    expect((await t.his.call(PATHS.refundOrder, { ...base, payAuthNo: 'PAN-X', ecToken: 'T' })).code).toBe(
      'INPUT_INVALID',
    );
    expect((await t.his.call(PATHS.refundOrder, { ...base, payAuthNo: 'PAN-X' })).code).toBe(
      'PAY_AUTH_INVALID',
    );
  });
});

describe('6301 and 6401', () => {
  let t: MobilePayBench;
  beforeAll(async () => {
    t = await setup();
  });
  afterAll(() => t.sandbox.close());

  it('6301 answers the 6202 amounts, setlType, traceTime and revsToken', async () => {
    const order = await t.upload();
    const before = await t.his.call(PATHS.queryOrder, { payOrdId: order.payOrdId, payToken: order.payToken });
    expect(before.data).toMatchObject({ ordStas: '1' });
    expect(before.data?.setlType).toBeUndefined();
    const paid = await t.pay(order);
    const query = await t.his.call(PATHS.queryOrder, { payOrdId: order.payOrdId });
    expect(query.data).toMatchObject({
      payOrdId: order.payOrdId,
      ordStas: '6',
      feeSumamt: paid.data?.feeSumamt,
      fundPay: paid.data?.fundPay,
      psnAcctPay: paid.data?.psnAcctPay,
      setlId: paid.data?.setlId,
      ownPayAmt: '0.00',
      setlType: 'HI', // fund and account only
      traceTime: '2025-03-10 10:00:00',
      revsToken: expect.stringMatching(/^RVS/),
    });
    expect((await t.his.call(PATHS.queryOrder, { payOrdId: 'ORDNONE' })).code).toBe('ORDER_NOT_FOUND');
    expect((await t.his.call(PATHS.queryOrder, { payOrdId: order.payOrdId, payToken: 'PTX' })).code).toBe(
      'PAY_TOKEN_INVALID',
    );
  });

  it('6401 revokes an unpaid order (12), once, and it can no longer be paid', async () => {
    const order = await t.upload();
    const auth = await t.authorise(order.payOrdId as string);
    const revoke = { payOrdId: order.payOrdId, payToken: order.payToken, revsRea: '患者取消' };
    const first = await t.his.call(PATHS.revokeOrder, revoke);
    expect(first.data).toMatchObject({ payOrdId: order.payOrdId, ordStas: '12' });
    expect((await t.his.call(PATHS.revokeOrder, revoke)).data).toMatchObject({ ordStas: '12' });
    const pay = await t.his.call(PATHS.payOrder, {
      payAuthNo: auth,
      payOrdId: order.payOrdId,
      payToken: order.payToken,
      orgBizSer: 'R-1',
      acctUsedFlag: '1',
    });
    expect(pay.code).toBe('ORDER_REVOKED');
    expect(t.db.prepare("SELECT count(*) FROM events WHERE type = 'bill.revoked'").pluck().get()).toBe(1);
    // The HIS may upload that order number again once the first upload is revoked.
    expect((await t.his.call(PATHS.uploadFees, bill({ medOrgOrd: order.medOrgOrd }))).code).toBe('0');
  });

  it('6401 refuses a paid order and a wrong payToken', async () => {
    const order = await t.upload();
    await t.pay(order);
    expect(
      (await t.his.call(PATHS.revokeOrder, { payOrdId: order.payOrdId, payToken: order.payToken })).code,
    ).toBe('ORDER_NOT_REVOCABLE');
    const unpaid = await t.upload();
    expect((await t.his.call(PATHS.revokeOrder, { payOrdId: unpaid.payOrdId, payToken: 'PTX' })).code).toBe(
      'PAY_TOKEN_INVALID',
    );
    expect((await t.his.call(PATHS.revokeOrder, { payOrdId: unpaid.payOrdId })).code).toBe('INPUT_INVALID');
  });

  it('lets the person’s channel read their order, and no one else’s', async () => {
    const order = await t.upload();
    const view = await t.bff.call('payorder.get', {
      psnNo: EMPLOYEE.psnNo,
      payOrdId: order.payOrdId as string,
    });
    expect(view).toMatchObject({ payOrdId: order.payOrdId, ordStas: '1', deptName: '普通内科' });
    const refusal = await refusalOf(
      t.bff.call('payorder.get', { psnNo: PERSONAS.retiree.psnNo, payOrdId: order.payOrdId as string }),
    );
    expect(refusal.code).toBe('VOUCHER_NOT_ACTIVE');
  });
});
