// Paying a bill through the BFF's HTTP API with a scripted insurance platform: which
// answers become the final answer of a pay request's id (so a retry with the same id gets it
// back) and which leave the request free to be tried again.
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { InsuranceRefusal } from '../../bff/src/clients/insurance';
import { UpstreamError } from '../../bff/src/errors';
import { buildTestApp, employeeBinding, scriptedTransport } from '../support/bff';

const PSN_NO = '23120000000001';
const OPENID = 'openid-pay-retry';
const CIPHER = 'ab'.repeat(102); // C1 (64 bytes) ‖ C3 (32) ‖ C2 (6), hex
const PAID = {
  payOrdId: 'ORD000000000001',
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
/** 6301 of the bill before anything was paid: pre-settled (ordStas 1). */
const UNPAID = {
  payOrdId: 'ORD000000000001',
  medOrgOrd: 'HIS-0001',
  ordStas: '1',
  feeSumamt: '25.00',
  fundPay: '20.00',
  psnAcctPay: '5.00',
  ownPayAmt: '0.00',
  traceTime: '2026-11-22 10:00:00',
  cashRefdSumamt: '0.00',
};

/** 6301 of the bill once paid. */
const PAID_QUERY = { ...UNPAID, ordStas: '6', setlType: 'ALL', setlId: 'SETL0001' };

/** One scripted answer: thrown when an Error, returned otherwise. */
type Step = Error | Record<string, unknown>;

async function setup() {
  const script = { payAuth: [] as Step[], payOrder: [] as Step[], queryOrder: [] as Step[] };
  const calls = { payAuth: 0, payOrder: 0, queryOrder: 0 };
  const next = (steps: Step[], fallback: Record<string, unknown>) => {
    const step = steps.shift() ?? fallback;
    if (step instanceof Error) throw step;
    return step;
  };
  const platform = scriptedTransport({
    call: async (method) => {
      if (method !== 'payauth.issue') throw new InsuranceRefusal('UNKNOWN_OPERATION', method);
      calls.payAuth += 1;
      const auth = { payAuthNo: `PAN${calls.payAuth}`, payOrdId: 'ORD000000000001' };
      return next(script.payAuth, { ...auth, expiresAt: '2026-11-22T02:05:00.000Z' });
    },
    request: async (path) => {
      if (path === PATHS.payOrder) {
        calls.payOrder += 1;
        return next(script.payOrder, PAID);
      }
      if (path === PATHS.queryOrder) {
        calls.queryOrder += 1;
        return next(script.queryOrder, UNPAID);
      }
      throw new InsuranceRefusal('NOT_FOUND', path);
    },
  });
  const { app, deps } = buildTestApp({}, { insuranceTransport: { wechat: platform } });
  await deps.bindings.save(employeeBinding(OPENID, PSN_NO));
  const { token } = await deps.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  });
  await deps.bills.insert({
    billId: 'ORD000000000001',
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
  const http = request(app.callback());
  const pay = (requestId: string) =>
    http
      .post('/api/v1/bills/ORD000000000001/pay')
      .set('Authorization', `Bearer ${token}`)
      .send({ useAccount: true, passwordCipher: CIPHER, requestId });
  return { script, calls, deps, pay };
}

const timeout = () => new UpstreamError('UPSTREAM_TIMEOUT', 'insurance', 'no answer in time');

describe('a pay request refused for a reason that decides nothing about the bill', () => {
  it.each([
    {
      reason: 'the password locked',
      status: 423,
      code: 'PASSWORD_LOCKED',
      arrange: (s: Awaited<ReturnType<typeof setup>>) =>
        s.script.payAuth.push(
          new InsuranceRefusal('PASSWORD_LOCKED', '支付密码错误次数过多，今日已锁定，请明日再试'),
        ),
    },
    {
      reason: 'the platform busy (its 6202 failed and rolled back)',
      status: 502,
      code: 'UPSTREAM_BAD_RESPONSE',
      arrange: (s: Awaited<ReturnType<typeof setup>>) =>
        s.script.payOrder.push(new InsuranceRefusal('SYSTEM_ERROR', '医保平台处理异常，请稍后重试')),
    },
    {
      reason: 'a timeout of 6202 that 6301 shows paid nothing',
      status: 502,
      code: 'PAYMENT_FAILED',
      arrange: (s: Awaited<ReturnType<typeof setup>>) => s.script.payOrder.push(timeout()),
    },
    {
      reason: 'a timeout before the password was checked',
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
      arrange: (s: Awaited<ReturnType<typeof setup>>) => s.script.payAuth.push(timeout()),
    },
  ])('tries the same request id again after a refusal for $reason', async ({ status, code, arrange }) => {
    const s = await setup();
    arrange(s);
    const first = await s.pay('retry-after-refusal-0001');
    expect([first.status, first.body.error?.code]).toEqual([status, code]);
    expect((await s.deps.bills.get('ORD000000000001'))?.status).toBe('unpaid');

    const again = await s.pay('retry-after-refusal-0001');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'paid', result: { accountFen: 500, setlId: 'SETL0001' } });
    expect(s.calls.payAuth).toBe(2); // the retry was really tried: its password checked again
    // And now the id has its final answer: a third send changes nothing.
    const third = await s.pay('retry-after-refusal-0001');
    expect(third.body).toEqual(again.body);
    expect(s.calls.payAuth).toBe(2);
  });

  it('tries again a request id whose lock refusal was stored before only final refusals were', async () => {
    const s = await setup();
    await s.deps.bills.request.claim('stored-lock-refusal-01', 'ORD000000000001');
    await s.deps.bills.request.store('stored-lock-refusal-01', {
      error: { code: 'PASSWORD_LOCKED', details: {} },
    });
    const res = await s.pay('stored-lock-refusal-01');
    expect(res.status).toBe(200);
    expect(s.calls.payAuth).toBe(1);
  });
});

describe('a pay request refused with a wrong password', () => {
  it('gives the same answer to the same request id without checking the password twice', async () => {
    // The phone sends one id per password entry and repeats it only when the answer was lost:
    // the repeat carries the same cipher, so checking it again would cost a second try.
    const s = await setup();
    s.script.payAuth.push(new InsuranceRefusal('PASSWORD_WRONG', '支付密码错误，今日还可尝试4次'));
    const first = await s.pay('wrong-password-entry-01');
    expect(first.status).toBe(400);
    expect(first.body.error).toMatchObject({ code: 'PASSWORD_WRONG', details: { remaining: 4 } });
    const again = await s.pay('wrong-password-entry-01');
    expect(again.status).toBe(400);
    expect(again.body.error).toEqual({ ...first.body.error, requestId: expect.any(String) });
    expect(s.calls.payAuth).toBe(1);

    // A new entry is a new id, checked afresh.
    expect((await s.pay('wrong-password-entry-02')).status).toBe(200);
    expect(s.calls.payAuth).toBe(2);
  });
});

describe('a pay request for a bill the platform says is paid or revoked', () => {
  it.each([
    { platformCode: 'ORDER_ALREADY_PAID', message: '订单已支付，请勿重复支付', code: 'BILL_ALREADY_PAID' },
    { platformCode: 'ORDER_REVOKED', message: '订单已撤销，不能支付', code: 'BILL_REVOKED' },
  ])('answers $platformCode with 409 $code, for good', async ({ platformCode, message, code }) => {
    const s = await setup();
    s.script.payAuth.push(new InsuranceRefusal(platformCode, message));
    const first = await s.pay('bill-settled-elsewhere-01');
    expect([first.status, first.body.error?.code]).toEqual([409, code]);
    expect(first.body.error.details).toMatchObject({ platformCode });
    // The answer is this request's for good: the platform is not asked again.
    const again = await s.pay('bill-settled-elsewhere-01');
    expect([again.status, again.body.error?.code]).toEqual([409, code]);
    expect(s.calls.payAuth).toBe(1);
  });
});

describe('a payment whose answer was lost', () => {
  it('stays in progress when the platform’s order query cannot be read, rather than guessing it unpaid', async () => {
    const s = await setup();
    s.script.payOrder.push(timeout());
    s.script.queryOrder.push({ ordStas: '6' }); // no split, no order id: not an answer to go by
    const res = await s.pay('lost-answer-unreadable-01');
    expect([res.status, res.body.error?.code]).toEqual([409, 'BILL_PAYMENT_IN_PROGRESS']);
    expect((await s.deps.bills.get('ORD000000000001'))?.status).toBe('paying');
    expect(s.calls.queryOrder).toBe(1);
    // Once the platform answers properly, the reconciler records what it says.
    s.script.queryOrder.push(PAID_QUERY);
    expect(await s.deps.paymentService.reconcileStuck(0)).toBe(1);
    expect(await s.deps.bills.get('ORD000000000001')).toMatchObject({
      status: 'paid',
      result: { fundFen: 2000, accountFen: 500, cashFen: 0, setlId: 'SETL0001' },
    });
  });
});
