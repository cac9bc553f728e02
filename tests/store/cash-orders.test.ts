// Cash orders at WeChat Pay / Alipay and their refunds (CashOrderStore): one live order per
// bill; every change of state is conditional, so a notification, a query and a second device
// racing on one order move it once (the loser is told false); a notification is recorded once;
// a refund is made once and retried until it ends.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { bill, storesUnderTest, T0 } from './support';

const PAYMENT = { tradeNo: '4200000001', paidAt: '2026-12-07T10:05:00.000Z' };

describe.each(STORE_IMPLEMENTATIONS)('the cash order store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  async function order(orderId: string, billId = 'B1') {
    if (!(await t.stores.bills.get(billId))) await t.stores.bills.insert(bill(billId));
    return t.stores.cash.insertPlacing({
      orderId,
      billId,
      psnNo: 'P001',
      channel: 'wechat',
      provider: 'wechatpay',
      payer: 'openid-1',
      amountFen: 100,
      expiresAt: T0 + 15 * 60_000,
    });
  }

  it('writes an order as placing, and refuses a second live one for the bill', async () => {
    const { cash } = t.stores;
    expect(await order('O1')).toBe(true);
    expect(await cash.get('O1')).toEqual({
      orderId: 'O1',
      billId: 'B1',
      psnNo: 'P001',
      channel: 'wechat',
      provider: 'wechatpay',
      payer: 'openid-1',
      amountFen: 100,
      status: 'placing',
      platformRef: null,
      tradeNo: null,
      paidAt: null,
      confirmedAt: null,
      expiresAt: T0 + 15 * 60_000,
      checkedAt: null,
      createdAt: T0,
    });
    expect(await order('O2')).toBe(false);
    expect(await cash.get('O2')).toBeUndefined();
    expect(await order('O1')).toBe(false);
    // Closed, the bill may have a new one.
    expect(await cash.markClosed('O1')).toBe(true);
    t.advance(1);
    expect(await order('O3')).toBe(true);
    expect((await cash.liveOf('B1'))?.orderId).toBe('O3');
    expect((await cash.latestOf('B1'))?.orderId).toBe('O3');
    expect(await cash.liveOf('B404')).toBeUndefined();
  });

  it('moves an order placing → open → paid → confirmed, each once, and never back', async () => {
    const { cash } = t.stores;
    await order('O1');
    expect(await cash.markConfirmed('O1')).toBe(false);
    expect(await cash.markOpen('O1', 'wx-prepay-1')).toBe(true);
    expect(await cash.markOpen('O1', 'wx-prepay-1')).toBe(true); // placing again after a retry
    const [first, second] = await Promise.all([cash.markPaid('O1', PAYMENT), cash.markPaid('O1', PAYMENT)]);
    expect([first, second].sort()).toEqual([false, true]);
    expect(await cash.markClosed('O1')).toBe(false);
    expect(await cash.markOpen('O1', 'late')).toBe(false);
    expect((await cash.awaitingConfirmation()).map((o) => o.orderId)).toEqual(['O1']);
    t.advance(1000);
    expect(await cash.markConfirmed('O1')).toBe(true);
    expect(await cash.markConfirmed('O1')).toBe(false);
    expect(await cash.get('O1')).toMatchObject({
      status: 'confirmed',
      platformRef: 'wx-prepay-1',
      ...PAYMENT,
      confirmedAt: T0 + 1000,
    });
    expect(await cash.awaitingConfirmation()).toEqual([]);
    expect((await cash.confirmedOf('B1'))?.orderId).toBe('O1');
    // Confirmed money counts for the bill: it is not returned.
    expect(await cash.markReturned('O1', PAYMENT)).toBe(false);
  });

  it('returns money the platform took that cannot count, from any state but confirmed', async () => {
    const { cash } = t.stores;
    await order('O1');
    await cash.markClosed('O1');
    // Paid after all, after it was closed: it goes back, and the bill stays free.
    expect(await cash.markReturned('O1', PAYMENT)).toBe(true);
    expect(await cash.markReturned('O1', PAYMENT)).toBe(false);
    expect(await cash.get('O1')).toMatchObject({ status: 'returned', ...PAYMENT });
    expect(await cash.liveOf('B1')).toBeUndefined();
    expect(await order('O2')).toBe(true);
    expect(await cash.markPaid('O2', PAYMENT)).toBe(true);
    expect(await cash.markReturned('O2', { tradeNo: null, paidAt: null })).toBe(true);
  });

  it('finds placing and open orders not looked at since a time, oldest first', async () => {
    const { cash } = t.stores;
    await order('O1', 'B1');
    t.advance(1000);
    await order('O2', 'B2');
    await order('O3', 'B3');
    await cash.markOpen('O3', 'ref');
    await order('O4', 'B4');
    await cash.markPaid('O4', PAYMENT);
    t.advance(1000);
    // Oldest first (O2 and O3 were made at the same time).
    const ids = (await cash.unsettled(T0 + 1000)).map((o) => o.orderId);
    expect(ids[0]).toBe('O1');
    expect(ids.slice(1).sort()).toEqual(['O2', 'O3']);
    await cash.markChecked('O1');
    expect(await cash.get('O1')).toMatchObject({ checkedAt: t.now() });
    expect((await cash.unsettled(T0 + 1000)).map((o) => o.orderId).sort()).toEqual(['O2', 'O3']);
    expect((await cash.unsettled(T0)).map((o) => o.orderId)).toEqual([]);
  });

  it('records a payment notification once', async () => {
    const { cash } = t.stores;
    await order('O1');
    expect(await cash.recordNotification('wechatpay', 'N1', 'O1', 'paid')).toBe(true);
    expect(await cash.recordNotification('wechatpay', 'N1', 'O1', 'paid')).toBe(false);
    expect(await cash.recordNotification('alipay', 'N1', 'O1', 'paid')).toBe(true);
  });

  it('makes a refund once, due at once, retried at its time, ended once', async () => {
    const { cash } = t.stores;
    await order('O1');
    await cash.markPaid('O1', PAYMENT);
    const refund = {
      refundId: 'RF1',
      orderId: 'O1',
      billId: 'B1',
      psnNo: 'P001',
      amountFen: 100,
      reason: 'hospital_refund' as const,
      eventId: 'E1',
    };
    expect(await cash.refunds.add(refund)).toBe(true);
    expect(await cash.refunds.add(refund)).toBe(false);
    expect(await cash.refunds.get('RF1')).toEqual({
      ...refund,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      lastError: null,
      createdAt: T0,
    });
    expect((await cash.refunds.due()).map((r) => r.refundId)).toEqual(['RF1']);

    await cash.refunds.retry('RF1', 'processing', T0 + 60_000, 'SYSTEM_ERROR', 'WXR1');
    expect(await cash.refunds.due()).toEqual([]);
    expect(await cash.refunds.get('RF1')).toMatchObject({
      status: 'processing',
      attempts: 1,
      nextAttemptAt: T0 + 60_000,
      lastError: 'SYSTEM_ERROR',
    });
    t.advance(60_000);
    expect((await cash.refunds.due()).map((r) => r.refundId)).toEqual(['RF1']);
    expect(await cash.refunds.end('RF1', 'done')).toBe(true);
    expect(await cash.refunds.end('RF1', 'failed', 'late')).toBe(false);
    await cash.refunds.retry('RF1', 'pending', t.now(), 'late');
    expect(await cash.refunds.get('RF1')).toMatchObject({ status: 'done', attempts: 2 });
    expect(await cash.refunds.due()).toEqual([]);
    expect((await cash.refunds.ofOrder('O1')).map((r) => r.refundId)).toEqual(['RF1']);
    expect(await cash.refunds.ofOrder('O404')).toEqual([]);
  });
});
