// 诊间支付: the bill and its pre-settled split (each part named for who pays it, and why the fund
// pays nothing when it does not), the personal-account switch (only when the account pays
// something), the password on the keypad under what insurance pays and what cash is left, sent
// only as SM2 ciphertext with an idempotency key (kept for the network retry, new for each
// entry), the result, the cashier step for a cash part, and bills that cannot be paid.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ERRORS } from '@ybm/shared';
import { sm2 } from 'sm-crypto-v2';

import PayPage from '../../miniapp/src/pages/pay';
import { forgetSubscriptionRequests } from '../../miniapp/src/services/subscription';
import { bill, BILL_ID, HOSPITAL, paidBill } from './bill-fixtures';
import { errorBody, signedIn } from './fixtures';
import { request, requestPayment, resetTaro, serve, useRouter, type SeenRequest } from './stubs/taro';

// The client's retry policy waits 1 s, then 2 s, before a lost request is shown.
jest.setTimeout(15_000);

const keys = sm2.generateKeyPairHex();
const PASSWORD = '358024';
const GET_BILL = `GET /api/v1/bills/${BILL_ID}`;
const PAY = `POST /api/v1/bills/${BILL_ID}/pay`;
const CASH = `POST /api/v1/bills/${BILL_ID}/cash`;
const CASH_STATUS = `GET /api/v1/bills/${BILL_ID}/cash`;
const ORDER_ID = 'C20261122100500ABCDEFGHIJKLMNOPQ';
const DEV_CASHIER = `POST /api/v1/dev/cashier/${ORDER_ID}`;
const WECHAT_ORDER = {
  provider: 'wechatpay',
  orderId: ORDER_ID,
  params: {
    timeStamp: '1795000000',
    nonceStr: 'n0nce',
    package: 'prepay_id=wx123',
    signType: 'RSA',
    paySign: 'c2ln',
  },
};
const DEV_ORDER = { provider: 'dev', orderId: ORDER_ID, platform: 'wechatpay', amountFen: 500 };
const cashState = (state: string, status: 'awaiting_cash' | 'paid' = 'awaiting_cash', extra = {}) =>
  ok({ state, bill: paidBill(status), closed: false, ...extra });
const PASSWORD_KEY = 'GET /api/v1/claim/password-key';

type Answer = { status: number; body: unknown } | ((seen: SeenRequest) => { status: number; body: unknown });
const ok = (body: unknown) => ({ status: 200, body });
const lost = () => {
  throw { errMsg: 'request:fail timeout' };
};

async function setup(routes: Record<string, Answer> = {}, ready = 'pay-confirm') {
  resetTaro();
  forgetSubscriptionRequests();
  signedIn();
  useRouter.mockImplementation(() => ({ params: { billId: BILL_ID }, path: '' }));
  const seen = serve({
    [GET_BILL]: ok(bill()),
    [PASSWORD_KEY]: ok({ algorithm: 'SM2', cipherMode: 'C1C3C2', publicKeyHex: keys.publicKey }),
    [PAY]: ok(paidBill('paid')),
    [CASH]: ok(WECHAT_ORDER),
    [CASH_STATUS]: cashState('paid', 'paid'),
    [DEV_CASHIER]: ok({ ok: true }),
    ...routes,
  });
  render(<PayPage />);
  await screen.findByTestId(ready);
  const posted = (suffix: string) => seen.filter((r) => r.method === 'POST' && r.url.endsWith(suffix));
  return { seen, posted };
}

const text = (testId: string) => screen.getByTestId(testId).textContent;
const enter = (password: string) =>
  Array.from(password).forEach((digit) => fireEvent.click(screen.getByTestId(`key-${digit}`)));
const payBody = (r: SeenRequest) =>
  r.data as { useAccount: boolean; passwordCipher: string; requestId: string };

/** Requests handed to Taro.request so far, answered or not. */
const sent = (suffix: string) =>
  request.mock.calls.map(([options]) => options as SeenRequest).filter((r) => r.url.endsWith(suffix));

/** Holds back answers to URLs ending with `suffix` (of one method, if given) until released. */
function gate(suffix: string, method?: string): () => void {
  let release = () => {};
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  const answer = request.getMockImplementation()!;
  request.mockImplementation(async (options: SeenRequest) => {
    if (options.url.endsWith(suffix) && (!method || options.method === method)) await opened;
    return answer(options);
  });
  return release;
}

describe('pay page', () => {
  it('shows the institution, visit, fees, total and the pre-settled split', async () => {
    await setup();

    expect(text('bill-institution')).toBe(HOSPITAL);
    expect(text('bill-visit')).toBe('普通内科 · 李医生');
    expect(text('bill-status')).toBe('待支付');
    const items = screen.getAllByTestId('bill-item');
    expect(items.map((item) => item.textContent)).toEqual([
      '普通门诊诊查费1 × ¥10.00¥10.00',
      '血常规1 × ¥25.00¥25.00',
      '阿莫西林胶囊2 × ¥11.50¥23.00',
    ]);
    expect(text('bill-total')).toBe('¥58.00');
    expect(text('bill-split-fund')).toBe('医保统筹支付¥45.00');
    expect(text('bill-split-account')).toBe('个人账户支付¥8.00');
    expect(text('bill-split-cash')).toBe('个人现金支付¥5.00');
    expect(screen.getByTestId('use-account-switch').getAttribute('data-checked')).toBe('true');
    expect(text('pay-confirm')).toBe('去支付（费用合计¥58.00）');
    expect(screen.queryByTestId('bill-split-fund-reason')).toBeNull();
  });

  it('without the personal account, moves its part to cash, says so, and pays with useAccount false', async () => {
    const { posted } = await setup();
    fireEvent.click(screen.getByTestId('use-account-switch'));

    expect(screen.getByTestId('use-account-switch').getAttribute('data-checked')).toBe('false');
    expect(text('bill-split-fund')).toBe('医保统筹支付¥45.00');
    expect(text('bill-split-account')).toBe('个人账户支付¥0.00');
    expect(text('bill-split-cash')).toBe('个人现金支付¥13.00');
    expect(text('account-note')).toBe('个人账户部分将改为现金支付');

    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);
    await screen.findByTestId('pay-result');
    expect(payBody(posted('/pay')[0]!).useAccount).toBe(false);
  });

  it('sends the password once, only as SM2 ciphertext, with a request id, and shows the result', async () => {
    const { posted } = await setup();
    fireEvent.click(screen.getByTestId('pay-confirm'));
    // Over the keypad: what the password pays from insurance, each part named, and the cash left.
    expect(text('pay-amount')).toBe('¥53.00');
    expect(text('pay-amount-parts')).toBe('医保统筹支付¥45.00、个人账户支付¥8.00');
    expect(text('pay-amount-cash')).toBe('另需支付现金¥5.00，医保结算后通过收银台（开发环境模拟）支付');
    enter(PASSWORD);

    expect(await screen.findByTestId('pay-done')).toBeTruthy();
    const [sent, ...more] = posted('/pay');
    expect(more).toHaveLength(0);
    expect(Object.keys(sent!.data as object).sort()).toEqual(['passwordCipher', 'requestId', 'useAccount']);
    expect(JSON.stringify(sent!.data)).not.toContain(PASSWORD);
    expect(sm2.doDecrypt(payBody(sent!).passwordCipher, keys.privateKey, 1)).toBe(PASSWORD);
    expect(payBody(sent!).requestId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(payBody(sent!).useAccount).toBe(true);

    expect(text('pay-done')).toBe('支付完成');
    expect(text('result-status')).toBe('已支付');
    expect(text('result-fund')).toBe('医保统筹支付¥45.00');
    expect(text('result-account')).toBe('个人账户支付¥8.00');
    expect(text('result-cash')).toBe('个人现金支付¥5.00');
    expect(text('result-balance')).toBe('个人账户余额¥952.00');
    expect(text('result-time')).toBe('支付时间2026-11-22 10:05');
    expect(screen.queryByTestId('cash-pay')).toBeNull();
    expect(screen.queryByTestId('pay-confirm')).toBeNull();
  });

  it('sends the same request id again once when the network loses the request', async () => {
    let calls = 0;
    const { posted } = await setup({
      [PAY]: () => {
        calls += 1;
        return calls === 1 ? lost() : ok(paidBill('paid'));
      },
    });
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);

    // The client's policy: again after 1 s, with the same request id.
    await screen.findByTestId('pay-done', {}, { timeout: 4_000 });
    const [first, retry] = posted('/pay');
    expect(posted('/pay')).toHaveLength(2);
    expect(payBody(retry!).requestId).toBe(payBody(first!).requestId);
    expect(payBody(retry!).passwordCipher).toBe(payBody(first!).passwordCipher);
  });

  it('retries twice (after 1 s, then 2 s), then says the network failed', async () => {
    const { posted } = await setup({ [PAY]: lost });
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);

    const error = await screen.findByTestId('pay-error', {}, { timeout: 6_000 });
    expect(error.textContent).toBe(ERRORS.NETWORK_ERROR.message);
    expect(posted('/pay')).toHaveLength(3);
    expect(screen.getByTestId('pay-confirm')).toBeTruthy();
  });

  it('says how many tries remain after a wrong password, and the next entry has a new request id', async () => {
    let calls = 0;
    const { posted } = await setup({
      [PAY]: () => {
        calls += 1;
        if (calls > 1) return ok(paidBill('paid'));
        return {
          status: 400,
          body: { error: { code: 'PASSWORD_WRONG', message: 'x', details: { remaining: 4 } } },
        };
      },
    });
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter('111333');

    expect((await screen.findByTestId('pay-error')).textContent).toBe('密码错误，还可尝试4次');
    expect(screen.getByTestId('password-boxes').getAttribute('data-filled')).toBe('0');
    enter(PASSWORD);

    await screen.findByTestId('pay-done');
    const [wrong, right] = posted('/pay');
    expect(payBody(right!).requestId).not.toBe(payBody(wrong!).requestId);
    expect(sm2.doDecrypt(payBody(right!).passwordCipher, keys.privateKey, 1)).toBe(PASSWORD);
  });

  it('says the password is locked and offers no way to pay', async () => {
    await setup({ [PAY]: { status: 423, body: errorBody('PASSWORD_LOCKED') } });
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);

    expect((await screen.findByTestId('pay-error')).textContent).toBe(ERRORS.PASSWORD_LOCKED.message);
    expect(screen.queryByTestId('password-keypad')).toBeNull();
    expect(screen.getByTestId('pay-confirm').getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByTestId('pay-confirm'));
    expect(screen.queryByTestId('password-keypad')).toBeNull();
  });

  it('shows a refusal such as INSUFFICIENT_BALANCE under the pay button', async () => {
    await setup({ [PAY]: { status: 409, body: errorBody('INSUFFICIENT_BALANCE') } });
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);

    expect((await screen.findByTestId('pay-error')).textContent).toBe(ERRORS.INSUFFICIENT_BALANCE.message);
    expect(screen.getByTestId('pay-confirm').getAttribute('aria-disabled')).toBe('false');
  });

  describe('the cash part', () => {
    const env = process.env.TARO_ENV;
    afterEach(() => {
      if (env === undefined) delete process.env.TARO_ENV;
      else process.env.TARO_ENV = env;
    });

    it('opens WeChat Pay with the BFF’s signed parameters, and says 支付完成 only when the BFF does', async () => {
      process.env.TARO_ENV = 'weapp';
      const { posted } = await setup({ [PAY]: ok(paidBill('awaiting_cash')) });
      fireEvent.click(screen.getByTestId('pay-confirm'));
      enter(PASSWORD);

      const cash = await screen.findByTestId('cash-pay');
      expect(text('pay-insurance-paid')).toBe('医保已支付¥53.00');
      expect(text('pay-cash-due')).toBe('还需支付现金¥5.00');
      expect(text('pay-cashier-note')).toBe(
        '现金¥5.00请通过微信支付支付；医保部分与现金部分都支付后，本次缴费才完成。',
      );
      expect(text('result-status')).toBe('待支付现金部分');
      expect(text('result-cash')).toBe('个人现金支付¥5.00');
      expect(cash.textContent).toBe('现金部分 ¥5.00 · 去支付');
      const answer = gate('/cash', 'GET');
      fireEvent.click(cash);
      // Back from WeChat Pay (it said ok): that is not proof, so the page waits for the BFF.
      expect(await screen.findByTestId('cash-waiting')).toBeTruthy();
      expect(requestPayment).toHaveBeenCalledWith(WECHAT_ORDER.params);
      expect(screen.queryByTestId('pay-done')).toBeNull();
      await act(async () => answer());
      expect((await screen.findByTestId('pay-done')).textContent).toBe('支付完成');
      expect(text('result-status')).toBe('已支付');
      expect(posted('/cash')).toHaveLength(1);
    });

    it('goes back to 去支付 when the person cancels in WeChat Pay', async () => {
      process.env.TARO_ENV = 'weapp';
      requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' });
      await setup({ [PAY]: ok(paidBill('awaiting_cash')), [CASH_STATUS]: cashState('open') });
      fireEvent.click(screen.getByTestId('pay-confirm'));
      enter(PASSWORD);
      fireEvent.click(await screen.findByTestId('cash-pay'));
      expect((await screen.findByTestId('cash-note')).textContent).toContain('已取消支付');
      expect(screen.getByTestId('cash-pay').textContent).toBe('现金部分 ¥5.00 · 去支付');
      expect(screen.queryByTestId('cash-waiting')).toBeNull();
    });

    it('on H5 opens the simulated cashier, clearly labelled, and waits for the BFF after 支付', async () => {
      process.env.TARO_ENV = 'h5';
      const { posted } = await setup({ [PAY]: ok(paidBill('awaiting_cash')), [CASH]: ok(DEV_ORDER) });
      fireEvent.click(screen.getByTestId('pay-confirm'));
      enter(PASSWORD);
      fireEvent.click(await screen.findByTestId('cash-pay'));
      expect((await screen.findByTestId('dev-cashier-title')).textContent).toBe('开发环境 · 模拟支付');
      expect(text('dev-cashier-amount')).toBe('¥5.00');
      expect(posted('/cash')[0]!.data).toEqual({ cashier: 'dev' });
      const answer = gate('/cash', 'GET');
      fireEvent.click(screen.getByTestId('dev-cashier-pay'));
      expect(await screen.findByTestId('cash-waiting')).toBeTruthy();
      expect(posted(`/dev/cashier/${ORDER_ID}`).map((r) => r.data)).toEqual([{ result: 'pay' }]);
      expect(screen.queryByTestId('dev-cashier')).toBeNull();
      expect(screen.queryByTestId('pay-done')).toBeNull();
      await act(async () => answer());
      expect(await screen.findByTestId('pay-done')).toBeTruthy();
    });

    it('on H5, 取消 and closing the sheet both go back to 去支付 with what happened', async () => {
      process.env.TARO_ENV = 'h5';
      const { posted } = await setup({
        [PAY]: ok(paidBill('awaiting_cash')),
        [CASH]: ok(DEV_ORDER),
        [CASH_STATUS]: cashState('open', 'awaiting_cash', { orderId: ORDER_ID }),
      });
      fireEvent.click(screen.getByTestId('pay-confirm'));
      enter(PASSWORD);
      fireEvent.click(await screen.findByTestId('cash-pay'));
      fireEvent.click(await screen.findByTestId('dev-cashier-cancel'));
      expect((await screen.findByTestId('cash-note')).textContent).toContain('已取消支付');
      expect(posted(`/dev/cashier/${ORDER_ID}`).map((r) => r.data)).toEqual([{ result: 'cancel' }]);

      fireEvent.click(screen.getByTestId('cash-pay'));
      fireEvent.click(await screen.findByTestId('dev-cashier-close'));
      expect((await screen.findByTestId('cash-note')).textContent).toContain('支付未完成');
      // Closing tells the platform nothing.
      expect(posted(`/dev/cashier/${ORDER_ID}`)).toHaveLength(1);
      expect(screen.queryByTestId('dev-cashier')).toBeNull();
    });

    it('says so when the order closed unpaid, and pays anew', async () => {
      process.env.TARO_ENV = 'weapp';
      await setup({
        [PAY]: ok(paidBill('awaiting_cash')),
        [CASH_STATUS]: cashState('unpaid', 'awaiting_cash', { closed: true }),
      });
      fireEvent.click(screen.getByTestId('pay-confirm'));
      enter(PASSWORD);
      fireEvent.click(await screen.findByTestId('cash-pay'));
      expect((await screen.findByTestId('cash-note')).textContent).toContain('已关闭或已过期，未扣款');
    });
  });

  it('sends one payment however often the keys and the cashier are tapped while one is in flight', async () => {
    await setup({ [PAY]: ok(paidBill('awaiting_cash')), [CASH]: ok(DEV_ORDER) });
    const releasePay = gate('/pay');
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);
    await waitFor(() => expect(sent('/pay')).toHaveLength(1));
    enter(PASSWORD);
    enter(PASSWORD);
    await act(async () => releasePay());

    const cash = await screen.findByTestId('cash-pay');
    expect(sent('/pay')).toHaveLength(1);
    const releaseCash = gate('/cash', 'POST');
    fireEvent.click(cash);
    fireEvent.click(cash);
    fireEvent.click(screen.getByTestId('cash-pay'));
    await act(async () => releaseCash());
    await screen.findByTestId('dev-cashier');
    expect(sent('/cash')).toHaveLength(1);
  });

  it('for a bill the account pays nothing of: no account switch, the keypad says ¥0.00 and why', async () => {
    // A resident before the 起付线: the fund and the account pay nothing, all of it is cash.
    const allCash = bill({
      preSettled: { fundFen: 0, accountFen: 0, cashFen: 5_800, fundZeroReason: 'deductible' },
    });
    await setup({ [GET_BILL]: ok(allCash) });
    expect(screen.queryByTestId('use-account-switch')).toBeNull();
    expect(text('account-none')).toBe('个人账户本次不支付（无个人账户或余额为¥0.00），您的部分以现金支付');
    expect(text('bill-split-fund-reason')).toBe(
      '医保统筹未支付：本年度起付线尚未达到，本次医保范围内的费用计入起付线，医保统筹暂不支付',
    );

    fireEvent.click(screen.getByTestId('pay-confirm'));
    expect(text('pay-amount')).toBe('¥0.00');
    expect(text('pay-amount-parts')).toBe('医保统筹支付¥0.00、个人账户支付¥0.00');
    expect(text('pay-amount-cash')).toBe('另需支付现金¥58.00，医保结算后通过收银台（开发环境模拟）支付');
    expect(screen.getByText(/医保统筹未支付：本年度起付线尚未达到/)).toBeTruthy();
    // Never the words that promised the account would pay.
    expect(document.body.textContent).not.toContain('使用个人账户支付');
  });

  it('after paying a bill insurance paid nothing of, says so and that all of it is still to pay in cash', async () => {
    const allCash = {
      preSettled: { fundFen: 0, accountFen: 0, cashFen: 5_800, fundZeroReason: 'deductible' as const },
    };
    await setup({
      [GET_BILL]: ok(bill(allCash)),
      [PAY]: ok(
        paidBill('awaiting_cash', {
          ...allCash,
          result: { fundFen: 0, accountFen: 0, cashFen: 5_800, paidAt: '2026-11-22T02:05:00.000Z' },
        }),
      ),
    });
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);
    await screen.findByTestId('cash-pay');
    expect(text('pay-insurance-paid')).toBe('医保本次支付¥0.00');
    expect(text('pay-cash-due')).toBe('还需支付现金¥58.00');
    expect(text('result-fund-reason')).toContain('本年度起付线尚未达到');
    expect(screen.getByTestId('pay-result').textContent).not.toContain('医保部分已支付');
  });

  it('shows a paid bill’s result with no pay button', async () => {
    await setup({ [GET_BILL]: ok(paidBill('paid')) }, 'pay-result');
    expect(text('pay-done')).toBe('支付完成');
    expect(text('result-account')).toBe('个人账户支付¥8.00');
    expect(screen.queryByTestId('pay-confirm')).toBeNull();
  });

  it('on a family member’s bill says for whom, which account paid with its balance, and who owes the cash', async () => {
    const forMember = { maskedName: '赵*福', relationName: '父母', mutualAid: true };
    const member = (status: 'awaiting_cash' | 'paid', accountOf: 'member' | 'guardian', paidBy = {}) => {
      const paid = paidBill(status);
      return { ...paid, forMember, paidBy, result: { ...paid.result!, accountOf } };
    };
    await setup({ [GET_BILL]: ok(member('awaiting_cash', 'guardian', { account: 'you' })) }, 'pay-result');
    expect(text('result-for-member')).toContain('为父母赵*福缴费');
    expect(text('result-account-of')).toBe('个人账户¥8.00：从您本人的个人账户（家庭共济）支付');
    // The balance shown is the account that paid: his own, not his father's.
    expect(text('result-balance')).toBe('您本人的个人账户余额¥952.00');
    expect(text('result-cash-by')).toBe('现金¥5.00：待支付，由您代赵*福支付');

    cleanup();
    await setup(
      { [GET_BILL]: ok(member('paid', 'member', { account: 'member', cash: 'you' })) },
      'pay-result',
    );
    expect(text('result-account-of')).toBe('个人账户¥8.00：从赵*福的个人账户支付');
    expect(text('result-balance')).toBe('赵*福的个人账户余额¥952.00');
    expect(text('result-cash-by')).toBe('现金¥5.00：由您代付');
  });

  it.each([
    ['revoked', '已撤销', ERRORS.BILL_REVOKED.message],
    ['refunded', '已退款', '该账单已全额退款，各部分已退回原账户或原支付渠道'],
    ['partly_refunded', '部分退款', '该账单已部分退款：退回的款项和尚未退还的部分见下方明细'],
  ] as const)('shows a %s bill’s state with no pay button', async (status, label, note) => {
    await setup({ [GET_BILL]: ok(bill({ status })) }, 'bill-status');
    expect(text('bill-status')).toBe(label);
    expect(text('bill-state-note')).toBe(note);
    expect(text('bill-total')).toBe('¥58.00');
    expect(screen.queryByTestId('pay-confirm')).toBeNull();
    expect(screen.queryByTestId('use-account-switch')).toBeNull();
  });

  it('lists each refund of a partly refunded bill, where it went, and what was not refunded', async () => {
    const refunds = [
      { at: '2026-11-22T03:00:00.000Z', fundFen: 0, accountFen: 0, cashFen: 200 },
      { at: '2026-11-22T04:00:00.000Z', fundFen: 4_500, accountFen: 800, cashFen: 0 },
    ];
    await setup({ [GET_BILL]: ok(paidBill('paid', { status: 'partly_refunded', refunds })) }, 'bill-refunds');
    const items = screen.getAllByTestId('refund-item').map((item) => item.textContent);
    expect(items).toEqual([
      '退款 ¥2.002026-11-22 11:00现金¥2.00已按原支付渠道退回',
      '退款 ¥53.002026-11-22 12:00统筹基金支付的¥45.00已退回医保基金，个人账户支付的¥8.00已退回您的个人账户',
    ]);
    expect(text('refund-left')).toBe('尚未退还：现金¥3.00');
  });

  it('lists the refunds of a bill refunded in full', async () => {
    const refunds = [{ at: '2026-11-22T03:00:00.000Z', fundFen: 4_500, accountFen: 800, cashFen: 500 }];
    await setup({ [GET_BILL]: ok(paidBill('paid', { status: 'refunded', refunds })) }, 'bill-refunds');
    expect(text('bill-status')).toBe('已退款');
    expect(screen.getAllByTestId('refund-item')).toHaveLength(1);
    expect(text('bill-refunds')).toContain('现金¥5.00已按原支付渠道退回');
    expect(screen.queryByTestId('refund-left')).toBeNull();
  });

  it('says 支付处理中 when a payment is already in flight, and looks at the bill again', async () => {
    let fetched = 0;
    await setup({
      [GET_BILL]: () => {
        fetched += 1;
        return ok(fetched === 1 ? bill() : paidBill('paid'));
      },
      [PAY]: { status: 409, body: errorBody('BILL_PAYMENT_IN_PROGRESS') },
    });
    fireEvent.click(screen.getByTestId('pay-confirm'));
    enter(PASSWORD);

    expect((await screen.findByTestId('pay-processing')).textContent).toContain('支付处理中');
    expect(screen.queryByTestId('pay-confirm')).toBeNull();
    await screen.findByTestId('pay-done', undefined, { timeout: 4000 });
    expect(fetched).toBe(2);
  });

  it('says why a bill cannot be opened', async () => {
    await setup({ [GET_BILL]: { status: 404, body: errorBody('BILL_NOT_FOUND') } }, 'bill-error');
    expect(text('bill-error-message')).toBe(ERRORS.BILL_NOT_FOUND.message);
  });
});
