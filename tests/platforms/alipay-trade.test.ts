// The BFF's Alipay trade client (alipay-sdk underneath) against the fake Alipay over HTTP:
// alipay.trade.create / query / close / refund with Alipay's states and sub_codes, and the
// asynchronous notification — sent until answered `success`, its RSA2 sign checked by the SDK,
// forgeries told apart.
import { createAlipayGateway } from '../../bff/src/clients/alipay-gateway';
import { AlipayNotificationRejected, createAlipayTradeClient } from '../../bff/src/clients/alipay-trade';
import { ALIPAY_APP_ID, alipayKeys, startAlipay, type AlipayRig } from './alipay-support';
import { rejectionOf } from './helpers';
import { eventually, notifyReceiver, postDev } from './wechatpay-support';

let serial = 0;
const outTradeNo = () => `YBMAT${Date.now()}${(serial += 1)}`;

describe('Alipay trades', () => {
  let rig: AlipayRig;
  let receiver: Awaited<ReturnType<typeof notifyReceiver>>;
  let reply = 'success';
  beforeAll(async () => {
    rig = await startAlipay({ retryDelaysMs: [10, 10] });
    receiver = await notifyReceiver(
      () => 200,
      () => reply,
    );
  });
  afterAll(async () => {
    await rig.close();
    await receiver.close();
  });

  const trades = () =>
    createAlipayTradeClient(
      createAlipayGateway({
        gateway: `${rig.url}/gateway.do`,
        appId: ALIPAY_APP_ID,
        privateKey: alipayKeys().app.privateKey,
        alipayPublicKey: alipayKeys().alipay.publicKey,
        timeoutMs: 2000,
      }),
      { appId: ALIPAY_APP_ID, now: rig.clock.now },
    );
  const trade = (overrides: Record<string, unknown> = {}) => ({
    outTradeNo: outTradeNo(),
    amountFen: 1250,
    subject: '诊间支付-现金部分',
    payer: '2088000000000101',
    notifyUrl: receiver.url,
    expiresAt: rig.clock.now() + 15 * 60_000,
    ...overrides,
  });
  const read = (body: string) => trades().readNotification(Object.fromEntries(new URLSearchParams(body)));

  it('creates a trade, and answers the same trade_no when it is created again unchanged', async () => {
    const input = trade();
    const tradeNo = await trades().createTrade(input);
    expect(tradeNo).toMatch(/^\d{28}$/);
    await expect(trades().createTrade(input)).resolves.toBe(tradeNo);
    await expect(rejectionOf(trades().createTrade({ ...input, amountFen: 1 }))).resolves.toMatchObject({
      code: '40004',
      subCode: 'ACQ.CONTEXT_INCONSISTENT',
    });
    await expect(trades().queryTrade(input.outTradeNo)).resolves.toMatchObject({
      tradeNo,
      status: 'WAIT_BUYER_PAY',
      totalFen: 1250,
    });
  });

  it('takes an open_id as buyer_open_id', async () => {
    const input = trade({ payer: '0abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd' });
    await trades().createTrade(input);
    const view = await (await fetch(`${rig.url}/dev/trade/orders/${input.outTradeNo}`)).json();
    expect(view.buyer).toBe(input.payer);
  });

  it('notifies a payment until answered success; the SDK checks its sign', async () => {
    const input = trade();
    await trades().createTrade(input);
    reply = 'fail';
    const before = receiver.received.length;
    expect((await postDev(`${rig.url}/dev/trade/orders/${input.outTradeNo}/pay`)).status).toBe(200);
    await eventually('a second attempt', () => receiver.received.length >= before + 2);
    reply = 'success';
    await eventually('the third attempt', () => receiver.received.length >= before + 3);
    const notice = read(receiver.received.at(-1)!.body);
    expect(notice).toMatchObject({ outTradeNo: input.outTradeNo, status: 'TRADE_SUCCESS', totalFen: 1250 });
    await expect(trades().queryTrade(input.outTradeNo)).resolves.toMatchObject({ status: 'TRADE_SUCCESS' });
    // Paid: it cannot be created again nor closed.
    await expect(rejectionOf(trades().createTrade(input))).resolves.toMatchObject({
      subCode: 'ACQ.TRADE_HAS_SUCCESS',
    });
    await expect(rejectionOf(trades().closeTrade(input.outTradeNo))).resolves.toMatchObject({
      subCode: 'ACQ.TRADE_STATUS_ERROR',
    });
  });

  it('refunds once per out_request_no, and never more than was paid', async () => {
    const input = trade();
    await trades().createTrade(input);
    await postDev(`${rig.url}/dev/trade/orders/${input.outTradeNo}/pay`);
    const client = trades();
    await expect(
      client.refund({ outTradeNo: input.outTradeNo, outRequestNo: 'R1', refundFen: 250, reason: '退费' }),
    ).resolves.toEqual({ moved: true, refundedSoFarFen: 250 });
    await expect(
      client.refund({ outTradeNo: input.outTradeNo, outRequestNo: 'R1', refundFen: 250, reason: '退费' }),
    ).resolves.toEqual({ moved: false, refundedSoFarFen: 250 });
    await expect(
      rejectionOf(
        client.refund({ outTradeNo: input.outTradeNo, outRequestNo: 'R2', refundFen: 1001, reason: '退费' }),
      ),
    ).resolves.toMatchObject({ subCode: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL' });
    await client.refund({
      outTradeNo: input.outTradeNo,
      outRequestNo: 'R3',
      refundFen: 1000,
      reason: '退费',
    });
    await expect(client.queryTrade(input.outTradeNo)).resolves.toMatchObject({ status: 'TRADE_CLOSED' });
  });

  it('closes an open trade, and a trade past its pay window closes by itself (notified)', async () => {
    const closed = trade();
    await trades().createTrade(closed);
    await trades().closeTrade(closed.outTradeNo);
    await expect(trades().queryTrade(closed.outTradeNo)).resolves.toMatchObject({ status: 'TRADE_CLOSED' });
    await expect(rejectionOf(trades().createTrade(closed))).resolves.toMatchObject({
      subCode: 'ACQ.TRADE_HAS_CLOSE',
    });
    expect((await postDev(`${rig.url}/dev/trade/orders/${closed.outTradeNo}/pay`)).status).toBe(409);

    const expiring = trade();
    await trades().createTrade(expiring);
    const before = receiver.received.length;
    await postDev(`${rig.url}/dev/trade/orders/${expiring.outTradeNo}/expire`);
    await eventually('the close notification', () => receiver.received.length > before);
    expect(read(receiver.received.at(-1)!.body)).toMatchObject({
      outTradeNo: expiring.outTradeNo,
      status: 'TRADE_CLOSED',
    });
  });

  it('answers ACQ.TRADE_NOT_EXIST for a trade it never created', async () => {
    await expect(rejectionOf(trades().queryTrade('NEVERCREATED'))).resolves.toMatchObject({
      subCode: 'ACQ.TRADE_NOT_EXIST',
    });
  });

  it.each([
    ['bad_signature', 'signature'],
    ['altered', 'signature'],
    ['stale', 'stale'],
  ] as const)('sends a %s forgery that the client rejects (%s)', async (kind, reason) => {
    const input = trade();
    await trades().createTrade(input);
    const before = receiver.received.length;
    await postDev(`${rig.url}/dev/trade/notifications/forge`, { kind, out_trade_no: input.outTradeNo });
    const error = (() => {
      try {
        read(receiver.received[before]!.body);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AlipayNotificationRejected);
    expect(error).toMatchObject({ reason });
  });
});
