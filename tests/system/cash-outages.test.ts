// The cash part of a bill while its payment platform is down (issue 26), over HTTP through the
// real pieces (tests/support/cash.ts): WeChat Pay answering 500 SYSTEM_ERROR, Alipay's gateway
// 20000 (service unavailable). The person is told 支付平台暂时不可用 (503, nothing taken), the bill
// still waits for its cash part, and the same 去支付 places the order once the platform is back.
import { ERRORS } from '@ybm/shared';

import { startCashRig, type CashRig } from '../support/cash';

jest.setTimeout(60_000);

let s: CashRig;
beforeAll(async () => {
  s = await startCashRig();
});
afterAll(() => s.close());

const PLATFORMS = [
  ['WeChat Pay', 'weapp', () => `${s.wechatPayUrl}/dev/pay/busy`],
  ['Alipay', 'alipay', () => `${s.alipayUrl}/dev/busy`],
] as const;

it.each(PLATFORMS)(
  'answers 503 CASH_PLATFORM_UNAVAILABLE while %s is down, loses nothing, and places the order once it is back',
  async (_name, as, busy) => {
    const bill = await s.billAwaitingCash(as);
    expect((await s.dev(busy(), { count: 100 })).status).toBe(200);
    try {
      const refused = await s.http
        .post(`/api/v1/bills/${bill.billId}/cash`)
        .set('Authorization', s.auth(as))
        .send({})
        .expect(503);
      expect(refused.body.error).toMatchObject({
        code: 'CASH_PLATFORM_UNAVAILABLE',
        message: ERRORS.CASH_PLATFORM_UNAVAILABLE.message,
      });
      expect((await s.bill(as, bill.billId)).status).toBe('awaiting_cash');
    } finally {
      await s.dev(busy(), { count: 0 });
    }
    const placed = await s.place(as, bill.billId);
    expect(placed.provider).toBe(as === 'alipay' ? 'alipay' : 'wechatpay');
    expect(await s.status(as, bill.billId)).toMatchObject({ state: 'open', orderId: placed.orderId });
  },
);
