// The cash part of a bill paid through WeChat Pay, over HTTP through the real pieces: the BFF
// places a JSAPI order at the fake WeChat Pay, the phone (this test) pays it there, and the bill
// is paid only on WeChat Pay's word — its signed, encrypted notification, or its answer to the
// BFF's query when the phone comes back — then confirmed once to the insurance platform.
import { createPublicKey, createSign, createVerify } from 'node:crypto';

import { formatYuan } from '@ybm/shared';
import type request from 'supertest';

import { wechatPayMerchant } from '../platforms/wechatpay-support';
import { eventually, RESIDENT, startCashRig, WECHAT_APP_ID, type CashRig } from '../support/cash';
import { HOSTILE_BODIES, HOSTILE_STRINGS, hostileBodies } from '../support/hostile';

jest.setTimeout(60_000);

describe('the cash part through WeChat Pay', () => {
  let s: CashRig;
  beforeAll(async () => {
    s = await startCashRig();
  });
  afterAll(() => s.close());

  const hold = (held: boolean) => s.dev(`${s.wechatPayUrl}/dev/pay/notifications/hold`, { hold: held });
  const payAtWechat = (orderId: string) => s.dev(`${s.wechatPayUrl}/dev/pay/orders/${orderId}/pay`);
  const notificationsOf = async (orderId: string) =>
    (
      (await (await fetch(`${s.wechatPayUrl}/dev/pay/notifications?out_trade_no=${orderId}`)).json()) as {
        notifications: { id: string; status: string; attempts: { status: number }[] }[];
      }
    ).notifications;
  const confirmations = (billId: string) =>
    s.count(
      "SELECT count(*) FROM audit_log WHERE action = 'payment.cash.confirmed' AND detail LIKE ?",
      `%${billId}%`,
    );

  it('places a JSAPI order whose paySign the phone can use, and the same order when asked again', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const payment = await s.place('weapp', bill.billId);
    if (payment.provider !== 'wechatpay') throw new Error(payment.provider);
    const { params } = payment;
    const signed = `${WECHAT_APP_ID}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    const merchantKey = createPublicKey(wechatPayMerchant().merchant.publicKey);
    expect(createVerify('RSA-SHA256').update(signed).verify(merchantKey, params.paySign, 'base64')).toBe(
      true,
    );
    const order = await (await fetch(`${s.wechatPayUrl}/dev/pay/orders/${payment.orderId}`)).json();
    expect(order).toMatchObject({ trade_state: 'NOTPAY', amount_fen: bill.result!.cashFen });

    const again = await s.place('weapp', bill.billId);
    expect(again.orderId).toBe(payment.orderId);
    expect(again.provider === 'wechatpay' && again.params.package).toBe(params.package);
    // The phone's callback proves nothing: nothing changes until WeChat Pay speaks.
    expect((await s.bill('weapp', bill.billId)).status).toBe('awaiting_cash');
    expect(await s.status('weapp', bill.billId)).toMatchObject({ state: 'open', orderId: payment.orderId });
  });

  it('counts the cash as paid when the signed notification arrives, before the phone returns', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    await hold(true);
    expect((await payAtWechat(orderId)).status).toBe(200);
    // Paid at WeChat Pay, but its word has not reached the BFF: the bill still waits.
    expect((await s.bill('weapp', bill.billId)).status).toBe('awaiting_cash');
    await hold(false);
    await eventually('the bill paid', async () => (await s.bill('weapp', bill.billId)).status === 'paid');
    expect((await notificationsOf(orderId))[0]).toMatchObject({
      status: 'delivered',
      attempts: [{ status: 204 }],
    });
    expect(s.platformOrder(bill.billId)).toMatchObject({ ordStas: '6' });
    expect(await s.status('weapp', bill.billId)).toMatchObject({ state: 'paid', bill: { status: 'paid' } });
    // The bill's one notice, worded from the bill as it is now (no second notice of the cash).
    const notices = (await s.inbox('weapp')).filter((m) => m.billId === bill.billId && m.kind === 'bill');
    expect(notices).toMatchObject([{ title: '诊间支付已完成' }]);
    expect(notices[0]!.body).toContain('已支付完成');
    expect(confirmations(bill.billId)).toBe(1);
  });

  it('lets the query decide when the phone returns and no notification came; the late one changes nothing', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    await hold(true);
    await payAtWechat(orderId);
    expect(await s.status('weapp', bill.billId)).toMatchObject({ state: 'paid', bill: { status: 'paid' } });
    expect(s.platformOrder(bill.billId)).toMatchObject({ ordStas: '6' });
    await hold(false);
    await eventually('the late notification acknowledged', async () =>
      (await notificationsOf(orderId)).every((n) => n.status === 'delivered'),
    );
    expect(confirmations(bill.billId)).toBe(1);
    expect(s.count('SELECT count(*) FROM cash_notifications WHERE order_id = ?', orderId)).toBe(1);
  });

  it('keeps a cancelled order open: 去支付 again gets the same order, which can still be paid', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    expect((await s.dev(`${s.wechatPayUrl}/dev/pay/orders/${orderId}/cancel`)).status).toBe(200);
    expect(await s.status('weapp', bill.billId)).toMatchObject({
      state: 'open',
      bill: { status: 'awaiting_cash' },
    });
    expect((await s.place('weapp', bill.billId)).orderId).toBe(orderId);
    await payAtWechat(orderId);
    await eventually('the bill paid', async () => (await s.bill('weapp', bill.billId)).status === 'paid');
  });

  it('closes an order past its fifteen minutes, which frees the bill to be paid with a new one', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    // time_expire passes: WeChat Pay takes no payment for it, though it answers NOTPAY until closed.
    await s.dev(`${s.wechatPayUrl}/dev/pay/orders/${orderId}/expire`);
    expect((await payAtWechat(orderId)).status).toBe(409);
    s.clock.advance(16 * 60_000);
    await s.deps.cashPayments.sweep();
    const atWechat = await (await fetch(`${s.wechatPayUrl}/dev/pay/orders/${orderId}`)).json();
    expect(atWechat.trade_state).toBe('CLOSED');
    expect(await s.status('weapp', bill.billId)).toMatchObject({ state: 'unpaid', closed: true });
    const fresh = await s.place('weapp', bill.billId);
    expect(fresh.orderId).not.toBe(orderId);
    await payAtWechat(fresh.orderId);
    await eventually('the bill paid', async () => (await s.bill('weapp', bill.billId)).status === 'paid');
  });

  it('acknowledges a notification sent again and changes nothing', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    await payAtWechat(orderId);
    await eventually('the bill paid', async () => (await s.bill('weapp', bill.billId)).status === 'paid');
    const [delivered] = await notificationsOf(orderId);
    const replay = await s.dev(`${s.wechatPayUrl}/dev/pay/notifications/${delivered!.id}/replay`);
    expect(replay.body).toEqual({ status: 204 });
    expect(s.count('SELECT count(*) FROM cash_notifications WHERE order_id = ?', orderId)).toBe(1);
    expect(confirmations(bill.billId)).toBe(1);
    expect(
      (await s.inbox('weapp')).filter((m) => m.billId === bill.billId && m.title === '诊间支付已完成'),
    ).toHaveLength(1);
  });

  it.each([
    ['bad_signature', 401],
    ['altered', 401],
    ['stale', 401],
    ['undecryptable', 400],
    ['amount_mismatch', 400],
  ])('refuses a %s notification (HTTP %i) and stores nothing', async (kind, status) => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    const before = s.count('SELECT count(*) FROM cash_notifications');
    const forged = await s.dev(`${s.wechatPayUrl}/dev/pay/notifications/forge`, {
      kind,
      out_trade_no: orderId,
    });
    expect(forged.body).toEqual({ status });
    expect(s.count('SELECT count(*) FROM cash_notifications')).toBe(before);
    expect(await s.deps.cash.get(orderId)).toMatchObject({ status: 'open' });
    expect((await s.bill('weapp', bill.billId)).status).toBe('awaiting_cash');
  });

  it('refuses a genuinely signed notification about an order it never placed', async () => {
    const before = s.count('SELECT count(*) FROM cash_notifications');
    const forged = await s.dev(`${s.wechatPayUrl}/dev/pay/notifications/forge`, {
      kind: 'unknown_order',
      url: `${s.bffUrl}/webhooks/wechatpay`,
    });
    expect(forged.body).toEqual({ status: 404 });
    expect(s.count('SELECT count(*) FROM cash_notifications')).toBe(before);
  });

  it('sends a hospital’s cash refund back through WeChat Pay, and tells the person', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    await payAtWechat(orderId);
    await eventually('the bill paid', async () => (await s.bill('weapp', bill.billId)).status === 'paid');
    const cashFen = bill.result!.cashFen;
    await s.hospitalRefund(
      bill.billId,
      'CASH',
      { fundFen: 0, accountFen: 0, cashFen },
      `RF-CASH-${bill.billId}`,
    );
    // The refund is PROCESSING at first; the worker looks again until WeChat Pay says SUCCESS.
    await eventually('the refund done', async () => {
      s.clock.advance(5_000); // its next look is due
      await s.deps.cashRefunds.run();
      return (
        s.count("SELECT count(*) FROM cash_refunds WHERE order_id = ? AND status = 'done'", orderId) === 1
      );
    });
    const atWechat = await (await fetch(`${s.wechatPayUrl}/dev/pay/orders/${orderId}`)).json();
    expect(atWechat).toMatchObject({ trade_state: 'REFUND', refunded_fen: cashFen });
    const notice = (await s.inbox('weapp')).find(
      (m) => m.billId === bill.billId && m.title === '现金退款已到账',
    );
    expect(notice?.body).toContain(`现金部分${formatYuan(cashFen)}已原路退回您的微信支付`);
    // The event delivered again refunds nothing more.
    await s.deps.cashRefunds.run();
    expect(s.count('SELECT count(*) FROM cash_refunds WHERE order_id = ?', orderId)).toBe(1);
    expect(RESIDENT.insutype).toBe('390');
  });
});

describe('hostile notifications to /webhooks/wechatpay', () => {
  let s: CashRig;
  beforeAll(async () => {
    s = await startCashRig();
  });
  afterAll(() => s.close());

  /** Signed with the platform's key, so each reaches what comes after the signature check. */
  function signed(body: string): Record<string, string> {
    const timestamp = String(Math.floor(s.clock.now() / 1000));
    const nonce = 'hostilenonce0123456789abcdefghij';
    const signature = createSign('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .sign(wechatPayMerchant().platform.privateKey, 'base64');
    return {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signature,
      'Wechatpay-Serial': wechatPayMerchant().publicKeyId,
    };
  }

  it('answers each below 500 with a Chinese reason, and stores nothing', async () => {
    const bill = await s.billAwaitingCash('weapp');
    const { orderId } = await s.place('weapp', bill.billId);
    const genuine = {
      id: 'EV-1',
      create_time: '2026-03-02T09:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: 'AAAA',
        associated_data: 'transaction',
        nonce: 'abcdefghijkl',
      },
    };
    const complaints: string[] = [];
    const check = (label: string, res: request.Response) => {
      const answer = (res.body?.error ?? res.body) as { message?: unknown } | undefined;
      const fair = res.status >= 400 && res.status < 500 && /[\u4e00-\u9fa5]/.test(String(answer?.message));
      if (!fair) complaints.push(`[${label}]: ${res.status} ${res.text.slice(0, 120)}`);
    };
    for (const body of [
      ...hostileBodies(genuine),
      ...hostileBodies(genuine.resource).map((resource) => ({ ...genuine, resource })),
    ]) {
      const text = JSON.stringify(body);
      const res = await s.http
        .post('/webhooks/wechatpay')
        .set(signed(text))
        .set('Content-Type', 'application/json')
        .send(text);
      check(`signed ${text.slice(0, 60)}`, res);
    }
    for (const raw of HOSTILE_BODIES) {
      const res = await s.http.post('/webhooks/wechatpay').set('Content-Type', raw.type).send(raw.body);
      check(`raw ${raw.type} ${String(raw.body).slice(0, 20)}`, res);
    }
    const text = JSON.stringify(genuine);
    for (const header of Object.keys(signed(text))) {
      for (const bad of HOSTILE_STRINGS.filter((value) => /^[\x20-\x7e]*$/.test(value))) {
        const res = await s.http
          .post('/webhooks/wechatpay')
          .set({ ...signed(text), [header]: bad })
          .set('Content-Type', 'application/json')
          .send(text);
        check(`${header} = ${bad.slice(0, 20)}`, res);
      }
    }
    expect(complaints).toEqual([]);
    expect(s.count('SELECT count(*) FROM cash_notifications')).toBe(0);
    expect(await s.deps.cash.get(orderId)).toMatchObject({ status: 'open' });
  }, 60_000);
});
