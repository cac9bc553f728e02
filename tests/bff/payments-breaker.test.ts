// Paying a bill while the insurance platform's payment surface is down (issue 26): the open
// breaker refuses the order before anything is sent, so the bill goes back to unpaid and the
// person reads PAYMENT_PLATFORM_DOWN (nothing paid, try again); the same request id pays once
// the platform is back.
import { ERRORS } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { InsuranceRefusal } from '../../bff/src/clients/insurance';
import { UpstreamError } from '../../bff/src/errors';
import { createUpstreamBreakers } from '../../bff/src/services/dependencies';
import { buildTestApp, employeeBinding, scriptedTransport } from '../support/bff';

const PSN_NO = '23120000000001';
const OPENID = 'openid-pay-breaker';
const BILL_ID = 'ORD000000000001';
const CIPHER = 'ab'.repeat(102);
const PAID = {
  payOrdId: BILL_ID,
  orgBizSer: 'YBMSERIAL',
  ordStas: '6',
  feeSumamt: '25.00',
  fundPay: '20.00',
  psnAcctPay: '5.00',
  ownPayAmt: '0.00',
  setlId: 'SETL0001',
  balc: '95.00',
  hiChrgTime: '2026-11-22 10:00:00',
};

async function setup() {
  let at = 1_000_000;
  const breakers = createUpstreamBreakers({
    now: () => at,
    settings: { minimumCalls: 2, failureRate: 0.5, windowMs: 10_000, coolDownMs: 5_000 },
  });
  const calls = { payOrder: 0 };
  const platform = scriptedTransport({
    call: async (method) => {
      if (method !== 'payauth.issue') throw new InsuranceRefusal('UNKNOWN_OPERATION', method);
      return { payAuthNo: 'PAN1', payOrdId: BILL_ID, expiresAt: '2026-11-22T02:05:00.000Z' };
    },
    request: async (path) => {
      if (path !== PATHS.payOrder) throw new InsuranceRefusal('NOT_FOUND', path);
      calls.payOrder += 1;
      return PAID;
    },
  });
  const { app, deps } = buildTestApp({}, { insuranceTransport: { wechat: platform }, breakers });
  await deps.bindings.save(employeeBinding(OPENID, PSN_NO));
  const { token } = await deps.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  });
  await deps.bills.insert({
    billId: BILL_ID,
    psnNo: PSN_NO,
    appId: 'YBMWXMP000000001',
    payToken: 'PT0001',
    details: {
      institutionName: '绥化市第一医院',
      items: [{ name: '普通门诊诊查费', qty: 1, priceFen: 2500, amountFen: 2500 }],
      totalFen: 2500,
      preSettled: { fundFen: 2000, accountFen: 500, cashFen: 0 },
    },
    createdAt: '2026-11-22T02:00:00.000Z',
  });
  const pay = (requestId: string) =>
    request(app.callback())
      .post(`/api/v1/bills/${BILL_ID}/pay`)
      .set('Authorization', `Bearer ${token}`)
      .send({ useAccount: true, passwordCipher: CIPHER, requestId });
  /** The payment surface failed twice (other people's payments): its breaker opens. */
  const paymentsDown = async () => {
    for (let i = 0; i < 2; i += 1) {
      await breakers.insurance.payments
        .run(() => Promise.reject(new UpstreamError('UPSTREAM_UNAVAILABLE', 'insurance-platform', 'down')))
        .catch(() => undefined);
    }
  };
  return { deps, calls, pay, paymentsDown, advance: (ms: number) => (at += ms) };
}

describe('paying while the platform is down', () => {
  it('refuses with PAYMENT_PLATFORM_DOWN, sends no order and leaves the bill unpaid', async () => {
    const { deps, calls, pay, paymentsDown } = await setup();
    await paymentsDown();
    const res = await pay('pay-breaker-open-0001').expect(503);
    expect(res.body.error).toMatchObject({
      code: 'PAYMENT_PLATFORM_DOWN',
      message: ERRORS.PAYMENT_PLATFORM_DOWN.message,
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(calls.payOrder).toBe(0);
    expect((await deps.bills.get(BILL_ID))?.status).toBe('unpaid');
  });

  it('pays with the same request id once the platform is back', async () => {
    const { deps, calls, pay, paymentsDown, advance } = await setup();
    await paymentsDown();
    await pay('pay-breaker-back-0002').expect(503);
    advance(5_000);
    const res = await pay('pay-breaker-back-0002').expect(200);
    expect(res.body.status).toBe('paid');
    expect(calls.payOrder).toBe(1);
    expect((await deps.bills.get(BILL_ID))?.status).toBe('paid');
  });
});
