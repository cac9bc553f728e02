// The cash part of a bill paid through an Alipay trade, over HTTP through the real pieces:
// the BFF creates the trade with the unmodified alipay-sdk, the phone (this test) pays it at
// the fake Alipay, and the bill is paid only on Alipay's word — its RSA2-signed asynchronous
// notification (answered `success`) or its answer to a query — then confirmed once. The H5
// demo's cashier sheet goes the same way through the dev route.
import { formatYuan } from '@ybm/shared';
import type request from 'supertest';

import { chinaTime } from '../../bff/sandbox/alipay/oauth';
import { signNotification } from '../../bff/sandbox/alipay/trade-notify';
import { ALIPAY_APP_ID, alipayKeys } from '../platforms/alipay-support';
import { eventually, startCashRig, type CashRig } from '../support/cash';
import { HOSTILE_BODIES, HOSTILE_STRINGS } from '../support/hostile';

jest.setTimeout(60_000);

describe('the cash part through Alipay', () => {
  let s: CashRig;
  beforeAll(async () => {
    s = await startCashRig();
  });
  afterAll(() => s.close());

  const hold = (held: boolean) => s.dev(`${s.alipayUrl}/dev/trade/notifications/hold`, { hold: held });
  const payAtAlipay = (orderId: string) => s.dev(`${s.alipayUrl}/dev/trade/orders/${orderId}/pay`);
  const notificationsOf = async (orderId: string) =>
    (
      (await (await fetch(`${s.alipayUrl}/dev/trade/notifications?out_trade_no=${orderId}`)).json()) as {
        notifications: {
          id: string;
          status: string;
          trade_status: string;
          attempts: { status: number; answer?: string }[];
        }[];
      }
    ).notifications;

  it('creates a trade for my.tradePay, and the same trade when asked again', async () => {
    const bill = await s.billAwaitingCash('alipay');
    const payment = await s.place('alipay', bill.billId);
    expect(payment).toMatchObject({ provider: 'alipay', tradeNO: expect.stringMatching(/^\d{28}$/) });
    const again = await s.place('alipay', bill.billId);
    expect(again).toEqual(payment);
    const trade = await (await fetch(`${s.alipayUrl}/dev/trade/orders/${payment.orderId}`)).json();
    expect(trade).toMatchObject({ trade_status: 'WAIT_BUYER_PAY', amount_fen: bill.result!.cashFen });
  });

  it('is paid by the signed notification, answered success, and confirmed once', async () => {
    const bill = await s.billAwaitingCash('alipay');
    const { orderId } = await s.place('alipay', bill.billId);
    await hold(true);
    await payAtAlipay(orderId);
    expect((await s.bill('alipay', bill.billId)).status).toBe('awaiting_cash');
    await hold(false);
    await eventually('the bill paid', async () => (await s.bill('alipay', bill.billId)).status === 'paid');
    expect((await notificationsOf(orderId))[0]).toMatchObject({
      status: 'delivered',
      trade_status: 'TRADE_SUCCESS',
      attempts: [{ status: 200, answer: 'success' }],
    });
    expect(s.platformOrder(bill.billId)).toMatchObject({ ordStas: '6' });
    // The bill's one notice, worded from the bill as it is now (no second notice of the cash).
    const notices = (await s.inbox('alipay')).filter((m) => m.billId === bill.billId && m.kind === 'bill');
    expect(notices).toMatchObject([{ title: '诊间支付已完成' }]);
    expect(notices[0]!.body).toContain('已支付完成');
  });

  it('lets the query decide when the phone returns first', async () => {
    const bill = await s.billAwaitingCash('alipay');
    const { orderId } = await s.place('alipay', bill.billId);
    await hold(true);
    await payAtAlipay(orderId);
    expect(await s.status('alipay', bill.billId)).toMatchObject({ state: 'paid' });
    await hold(false);
    await eventually('the notification acknowledged', async () =>
      (await notificationsOf(orderId)).every((n) => n.status === 'delivered'),
    );
    expect(
      s.count(
        "SELECT count(*) FROM audit_log WHERE action = 'payment.cash.confirmed' AND detail LIKE ?",
        `%${orderId}%`,
      ),
    ).toBe(1);
  });

  it('keeps a cancelled trade open, and frees the bill when the trade times out (TRADE_CLOSED)', async () => {
    const bill = await s.billAwaitingCash('alipay');
    const { orderId } = await s.place('alipay', bill.billId);
    await s.dev(`${s.alipayUrl}/dev/trade/orders/${orderId}/cancel`);
    expect(await s.status('alipay', bill.billId)).toMatchObject({ state: 'open', orderId });
    // Alipay closes the trade at the end of its pay window and says so in a notification.
    await s.dev(`${s.alipayUrl}/dev/trade/orders/${orderId}/expire`);
    await eventually('the order closed', async () => (await s.deps.cash.get(orderId))?.status === 'closed');
    expect(await s.status('alipay', bill.billId)).toMatchObject({ state: 'unpaid', closed: true });
    const fresh = await s.place('alipay', bill.billId);
    expect(fresh.orderId).not.toBe(orderId);
    await payAtAlipay(fresh.orderId);
    await eventually('the bill paid', async () => (await s.bill('alipay', bill.billId)).status === 'paid');
  });

  it('acknowledges a notification sent again, and changes nothing', async () => {
    const bill = await s.billAwaitingCash('alipay');
    const { orderId } = await s.place('alipay', bill.billId);
    await payAtAlipay(orderId);
    await eventually('the bill paid', async () => (await s.bill('alipay', bill.billId)).status === 'paid');
    const [delivered] = await notificationsOf(orderId);
    expect((await s.dev(`${s.alipayUrl}/dev/trade/notifications/${delivered!.id}/replay`)).body).toEqual({
      status: 200,
    });
    expect(s.count('SELECT count(*) FROM cash_notifications WHERE order_id = ?', orderId)).toBe(1);
  });

  it.each([
    ['bad_signature', 401],
    ['altered', 401],
    ['stale', 401],
    ['amount_mismatch', 400],
  ])('refuses a %s notification (HTTP %i, not success) and stores nothing', async (kind, status) => {
    const bill = await s.billAwaitingCash('alipay');
    const { orderId } = await s.place('alipay', bill.billId);
    const before = s.count('SELECT count(*) FROM cash_notifications');
    const forged = await s.dev(`${s.alipayUrl}/dev/trade/notifications/forge`, {
      kind,
      out_trade_no: orderId,
    });
    expect(forged.body.status).toBe(status);
    expect(forged.body.answer).not.toBe('success');
    expect(s.count('SELECT count(*) FROM cash_notifications')).toBe(before);
    expect(await s.deps.cash.get(orderId)).toMatchObject({ status: 'open' });
  });

  it('refuses a genuinely signed notification about a trade it never created', async () => {
    const forged = await s.dev(`${s.alipayUrl}/dev/trade/notifications/forge`, {
      kind: 'unknown_order',
      url: `${s.bffUrl}/webhooks/alipay`,
    });
    expect(forged.body).toMatchObject({ status: 404 });
  });

  it('sends a hospital’s full refund of the cash back through alipay.trade.refund', async () => {
    const bill = await s.billAwaitingCash('alipay');
    const { orderId } = await s.place('alipay', bill.billId);
    await payAtAlipay(orderId);
    await eventually('the bill paid', async () => (await s.bill('alipay', bill.billId)).status === 'paid');
    const { fundFen, accountFen, cashFen } = (await s.bill('alipay', bill.billId)).result!;
    await s.hospitalRefund(bill.billId, 'ALL', { fundFen, accountFen, cashFen }, `RF-ALL-${bill.billId}`);
    await eventually('the refund done', async () => {
      await s.deps.cashRefunds.run();
      return (
        s.count("SELECT count(*) FROM cash_refunds WHERE order_id = ? AND status = 'done'", orderId) === 1
      );
    });
    const trade = await (await fetch(`${s.alipayUrl}/dev/trade/orders/${orderId}`)).json();
    expect(trade).toMatchObject({ trade_status: 'TRADE_CLOSED', refunded_fen: cashFen });
    const notice = (await s.inbox('alipay')).find(
      (m) => m.billId === bill.billId && m.title === '现金退款已到账',
    );
    expect(notice?.body).toContain(`${formatYuan(cashFen)}已原路退回您的支付宝`);
  });

  it('on H5, answers the dev cashier, whose 支付 pays at the fake and is believed only on its notification', async () => {
    const bill = await s.billAwaitingCash('h5');
    const payment = await s.place('h5', bill.billId);
    expect(payment).toMatchObject({
      provider: 'dev',
      platform: 'wechatpay',
      amountFen: bill.result!.cashFen,
    });
    // 取消 in the sheet: nothing changes, the order stays.
    await s.http
      .post(`/api/v1/dev/cashier/${payment.orderId}`)
      .set('Authorization', s.auth('h5'))
      .send({ result: 'cancel' })
      .expect(200);
    expect((await s.bill('h5', bill.billId)).status).toBe('awaiting_cash');
    await s.http
      .post(`/api/v1/dev/cashier/${payment.orderId}`)
      .set('Authorization', s.auth('h5'))
      .send({ result: 'pay' })
      .expect(200);
    await eventually('the bill paid', async () => (await s.bill('h5', bill.billId)).status === 'paid');
    // A paid order cannot be paid again through the sheet.
    const again = await s.http
      .post(`/api/v1/dev/cashier/${payment.orderId}`)
      .set('Authorization', s.auth('h5'))
      .send({ result: 'pay' })
      .expect(409);
    expect(again.body.error.code).toBe('CASH_PAYMENT_CONFIRMING');
    // An Alipay user on H5 asks for the dev cashier too, and pays at the fake Alipay.
    const alipayBill = await s.billAwaitingCash('alipay');
    const alipayPayment = await s.place('alipay', alipayBill.billId, { cashier: 'dev' });
    expect(alipayPayment).toMatchObject({ provider: 'dev', platform: 'alipay' });
  });
});

describe('hostile notifications to /webhooks/alipay', () => {
  let s: CashRig;
  beforeAll(async () => {
    s = await startCashRig();
  });
  afterAll(() => s.close());

  it('answers each below 500, never success, with a Chinese reason, and stores nothing', async () => {
    const bill = await s.billAwaitingCash('alipay');
    const { orderId } = await s.place('alipay', bill.billId);
    const genuine: Record<string, string> = {
      // Current, so the checks after freshness run too; the amount is not the order's, so none is stored.
      notify_time: chinaTime(s.clock.now()),
      notify_type: 'trade_status_sync',
      notify_id: 'hostile0001',
      app_id: ALIPAY_APP_ID,
      charset: 'utf-8',
      version: '1.0',
      out_trade_no: orderId,
      trade_no: '2026030222000000000000000001',
      trade_status: 'TRADE_SUCCESS',
      total_amount: '1.00',
      gmt_payment: '2026-03-02 09:00:00',
    };
    const complaints: string[] = [];
    const check = (label: string, res: request.Response) => {
      const message = res.body?.error?.message ?? res.text;
      const fair =
        res.status >= 400 &&
        res.status < 500 &&
        res.text !== 'success' &&
        /[\u4e00-\u9fa5]/.test(String(message));
      if (!fair) complaints.push(`[${label}]: ${res.status} ${res.text.slice(0, 120)}`);
    };
    const key = alipayKeys().alipay.privateKey;
    for (const field of Object.keys(genuine)) {
      const { [field]: _left, ...without } = genuine;
      const variants = [without, ...HOSTILE_STRINGS.map((bad) => ({ ...genuine, [field]: bad }))];
      for (const variant of variants) {
        // Signed by Alipay's key: each reaches what comes after the signature check.
        const form = signNotification(variant, key);
        const res = await s.http
          .post('/webhooks/alipay')
          .type('form')
          .send(new URLSearchParams(form).toString());
        check(`${field} = ${String(variant[field]).slice(0, 20)}`, res);
      }
    }
    for (const raw of HOSTILE_BODIES) {
      const res = await s.http.post('/webhooks/alipay').set('Content-Type', raw.type).send(raw.body);
      check(`raw ${raw.type} ${String(raw.body).slice(0, 20)}`, res);
    }
    expect(complaints).toEqual([]);
    expect(s.count('SELECT count(*) FROM cash_notifications')).toBe(0);
    expect(await s.deps.cash.get(orderId)).toMatchObject({ status: 'open' });
  }, 60_000);
});
