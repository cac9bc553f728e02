// The BFF's WeChat Pay client against the fake WeChat Pay over HTTP: JSAPI orders (placed
// again with the same content → the same prepay_id), query, close, refunds, the phone's
// paySign, and notifications — every answer's platform signature checked, every request's
// merchant signature checked by the fake, refusals in WeChat Pay's codes.
import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';

import Koa from 'koa';

import { WechatPayError, WechatPayNotificationRejected } from '../../bff/src/clients/wechatpay';
import { UpstreamError } from '../../bff/src/errors';
import { listen } from '../support/servers';
import { rejectionOf } from './helpers';
import {
  eventually,
  notifyReceiver,
  postDev,
  startWechatPay,
  WXPAY_APP_ID,
  wechatPayMerchant,
  type WechatPayRig,
} from './wechatpay-support';

let serial = 0;
const outTradeNo = () => `YBMTEST${Date.now()}${(serial += 1)}`;

function order(
  rig: WechatPayRig,
  overrides: Partial<Parameters<ReturnType<WechatPayRig['client']>['placeJsapiOrder']>[0]> = {},
) {
  return {
    outTradeNo: outTradeNo(),
    description: '诊间支付-现金部分',
    amountFen: 1234,
    openid: 'openid-payer-1',
    notifyUrl: 'http://127.0.0.1:9/notify',
    expiresAt: rig.clock.now() + 15 * 60_000,
    ...overrides,
  };
}

describe('WeChat Pay JSAPI orders', () => {
  let rig: WechatPayRig;
  beforeAll(async () => {
    rig = await startWechatPay();
  });
  afterAll(() => rig.close());

  it('places an order and answers the same prepay_id when it is placed again unchanged', async () => {
    const client = rig.client();
    const input = order(rig);
    const prepayId = await client.placeJsapiOrder(input);
    expect(prepayId).toMatch(/^wx\d+/);
    await expect(client.placeJsapiOrder(input)).resolves.toBe(prepayId);
    const changed = await rejectionOf(client.placeJsapiOrder({ ...input, amountFen: 999 }));
    expect(changed).toBeInstanceOf(WechatPayError);
    expect(changed).toMatchObject({ status: 403, code: 'OUT_TRADE_NO_USED' });
    await expect(client.queryOrder(input.outTradeNo)).resolves.toMatchObject({
      out_trade_no: input.outTradeNo,
      trade_state: 'NOTPAY',
      amount: { total: 1234 },
    });
  });

  it('signs the phone’s requestPayment parameters with the merchant key', async () => {
    const client = rig.client();
    const prepayId = await client.placeJsapiOrder(order(rig));
    const params = client.paymentParams(prepayId);
    expect(params).toMatchObject({ package: `prepay_id=${prepayId}`, signType: 'RSA' });
    const message = `${WXPAY_APP_ID}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    const merchantKey = createPublicKey(wechatPayMerchant().merchant.publicKey);
    expect(createVerify('RSA-SHA256').update(message).verify(merchantKey, params.paySign, 'base64')).toBe(
      true,
    );
  });

  it('sees a payment, refuses to place or close a paid order (ORDERPAID), and refunds it', async () => {
    const client = rig.client();
    const input = order(rig);
    await client.placeJsapiOrder(input);
    expect((await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/pay`)).status).toBe(200);
    const paid = await client.queryOrder(input.outTradeNo);
    expect(paid).toMatchObject({ trade_state: 'SUCCESS', amount: { total: 1234, payer_total: 1234 } });
    expect(paid.transaction_id).toMatch(/^42\d{26}$/);
    await expect(rejectionOf(client.placeJsapiOrder(input))).resolves.toMatchObject({ code: 'ORDERPAID' });
    await expect(rejectionOf(client.closeOrder(input.outTradeNo))).resolves.toMatchObject({
      code: 'ORDERPAID',
    });

    const refund = await client.refund({
      outTradeNo: input.outTradeNo,
      outRefundNo: `R${input.outTradeNo}`,
      refundFen: 234,
      totalFen: 1234,
      reason: '医院退费',
    });
    expect(refund).toMatchObject({ status: 'PROCESSING', amount: { refund: 234, total: 1234 } });
    await expect(client.queryRefund(`R${input.outTradeNo}`)).resolves.toMatchObject({ status: 'SUCCESS' });
    // The same out_refund_no again is the same refund, not a second one.
    await expect(
      client.refund({
        outTradeNo: input.outTradeNo,
        outRefundNo: `R${input.outTradeNo}`,
        refundFen: 234,
        totalFen: 1234,
        reason: 'x',
      }),
    ).resolves.toMatchObject({ refund_id: refund.refund_id, status: 'SUCCESS' });
    const tooMuch = await rejectionOf(
      client.refund({
        outTradeNo: input.outTradeNo,
        outRefundNo: `R2${input.outTradeNo}`,
        refundFen: 1001,
        totalFen: 1234,
        reason: 'x',
      }),
    );
    expect(tooMuch).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    await expect(client.queryOrder(input.outTradeNo)).resolves.toMatchObject({ trade_state: 'REFUND' });
  });

  it('closes an unpaid order; a closed order cannot be placed again (ORDER_CLOSED) nor paid', async () => {
    const client = rig.client();
    const input = order(rig);
    await client.placeJsapiOrder(input);
    await client.closeOrder(input.outTradeNo);
    await client.closeOrder(input.outTradeNo); // closing twice is harmless
    await expect(client.queryOrder(input.outTradeNo)).resolves.toMatchObject({ trade_state: 'CLOSED' });
    await expect(rejectionOf(client.placeJsapiOrder(input))).resolves.toMatchObject({
      status: 400,
      code: 'ORDER_CLOSED',
    });
    expect((await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/pay`)).status).toBe(409);
  });

  it('cannot be paid after time_expire (it stays NOTPAY until closed); cancelling changes nothing', async () => {
    const client = rig.client();
    const input = order(rig);
    await client.placeJsapiOrder(input);
    await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/cancel`);
    await expect(client.queryOrder(input.outTradeNo)).resolves.toMatchObject({ trade_state: 'NOTPAY' });
    await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/expire`);
    expect((await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/pay`)).status).toBe(409);
    await expect(client.queryOrder(input.outTradeNo)).resolves.toMatchObject({ trade_state: 'NOTPAY' });
  });

  it('answers ORDER_NOT_EXIST for an order it never took', async () => {
    const error = await rejectionOf(rig.client().queryOrder('NEVERPLACED0001'));
    expect(error).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' });
  });

  it('refuses a request signed with another key, or naming another certificate (401 SIGN_ERROR)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const wrongKey = await rejectionOf(rig.client({ privateKey }).queryOrder('NEVERPLACED0001'));
    // The refusal is signed by the platform, so the client believes it.
    expect(wrongKey).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
    const wrongSerial = await rejectionOf(
      rig.client({ serial: '0'.repeat(40) }).queryOrder('NEVERPLACED0001'),
    );
    expect(wrongSerial).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
    const stale = rig.client({ now: () => rig.clock.now() - 10 * 60_000 });
    // Our clock 10 minutes behind: the fake refuses the request, and we would refuse its answer too.
    expect(await rejectionOf(stale.queryOrder('NEVERPLACED0001'))).toBeInstanceOf(UpstreamError);
  });

  it('believes no answer that the platform did not sign', async () => {
    const { publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const error = await rejectionOf(
      rig.client({ platformPublicKey: publicKey }).queryOrder('NEVERPLACED0001'),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    const otherId = await rejectionOf(
      rig.client({ platformPublicKeyId: 'PUB_KEY_ID_0000000000' }).queryOrder('X00000'),
    );
    expect(otherId).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('turns an outage into UPSTREAM_UNAVAILABLE and a silent server into UPSTREAM_TIMEOUT', async () => {
    await postDev(`${rig.url}/dev/pay/busy`, { count: 1 });
    const busy = await rejectionOf(rig.client().queryOrder('NEVERPLACED0001'));
    expect(busy).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const silent = new Koa();
    silent.use(() => new Promise(() => undefined));
    const server = await listen(silent);
    try {
      const error = await rejectionOf(
        rig.client({ baseUrl: server.url, timeoutMs: 200 }).queryOrder('X00000'),
      );
      expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    } finally {
      await server.close();
    }
  });
});

describe('WeChat Pay notifications', () => {
  let rig: WechatPayRig;
  let receiver: Awaited<ReturnType<typeof notifyReceiver>>;
  let answer = 200;
  beforeAll(async () => {
    rig = await startWechatPay();
    receiver = await notifyReceiver(() => answer);
  });
  afterAll(async () => {
    await rig.close();
    await receiver.close();
  });

  const read = (n: { headers: Record<string, string>; body: string }) =>
    rig.client().readNotification((name) => n.headers[name], n.body);

  it('delivers a signed, encrypted TRANSACTION.SUCCESS that the client opens', async () => {
    const input = order(rig, { notifyUrl: receiver.url });
    await rig.client().placeJsapiOrder(input);
    const before = receiver.received.length;
    await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/pay`);
    await eventually('the notification', () => receiver.received.length > before);
    const notification = read(receiver.received.at(-1)!);
    expect(notification.eventType).toBe('TRANSACTION.SUCCESS');
    expect(notification.transaction).toMatchObject({
      out_trade_no: input.outTradeNo,
      trade_state: 'SUCCESS',
      amount: { total: 1234 },
    });
    // The body itself holds no payment in clear.
    expect(receiver.received.at(-1)!.body).not.toContain(input.outTradeNo);
  });

  it('sends it again until the merchant answers 200, each time freshly signed', async () => {
    const input = order(rig, { notifyUrl: receiver.url });
    await rig.client().placeJsapiOrder(input);
    answer = 500;
    const before = receiver.received.length;
    await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/pay`);
    await eventually('three attempts', () => receiver.received.length >= before + 3);
    const attempts = receiver.received.slice(before, before + 3);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.headers['wechatpay-nonce'])).size).toBe(3);
    const log = await (
      await fetch(`${rig.url}/dev/pay/notifications?out_trade_no=${input.outTradeNo}`)
    ).json();
    expect(log.notifications[0]).toMatchObject({ status: 'gave_up' });
    answer = 200;
  });

  it('holds notifications, and releases them', async () => {
    const input = order(rig, { notifyUrl: receiver.url });
    await rig.client().placeJsapiOrder(input);
    await postDev(`${rig.url}/dev/pay/notifications/hold`, { hold: true });
    const before = receiver.received.length;
    await postDev(`${rig.url}/dev/pay/orders/${input.outTradeNo}/pay`);
    const log = await (
      await fetch(`${rig.url}/dev/pay/notifications?out_trade_no=${input.outTradeNo}`)
    ).json();
    expect(log.notifications[0]).toMatchObject({ status: 'pending', attempts: [] });
    expect(receiver.received.length).toBe(before);
    await postDev(`${rig.url}/dev/pay/notifications/hold`, { hold: false });
    expect(receiver.received.length).toBe(before + 1);
  });

  it.each([
    ['bad_signature', 'invalid'],
    ['altered', 'invalid'],
    ['stale', 'stale'],
    ['undecryptable', 'undecryptable'],
  ] as const)('makes a %s forgery that the client rejects (%s)', async (kind, reason) => {
    const input = order(rig, { notifyUrl: receiver.url });
    await rig.client().placeJsapiOrder(input);
    const before = receiver.received.length;
    await postDev(`${rig.url}/dev/pay/notifications/forge`, { kind, out_trade_no: input.outTradeNo });
    const forged = receiver.received[before]!;
    const error = (() => {
      try {
        read(forged);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WechatPayNotificationRejected);
    expect(error).toMatchObject({ reason });
  });

  it('makes genuine-looking forgeries (unknown order, wrong amount) that only the merchant can refuse', async () => {
    const input = order(rig, { notifyUrl: receiver.url });
    await rig.client().placeJsapiOrder(input);
    const before = receiver.received.length;
    await postDev(`${rig.url}/dev/pay/notifications/forge`, {
      kind: 'amount_mismatch',
      out_trade_no: input.outTradeNo,
    });
    await postDev(`${rig.url}/dev/pay/notifications/forge`, { kind: 'unknown_order', url: receiver.url });
    const [mismatch, unknown] = receiver.received.slice(before).map(read);
    expect(mismatch!.transaction).toMatchObject({ out_trade_no: input.outTradeNo, amount: { total: 1235 } });
    expect(unknown!.transaction.out_trade_no).toMatch(/^FORGED/);
  });
});
