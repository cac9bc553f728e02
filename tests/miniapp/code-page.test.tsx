// The 医保码 tab once claimed, against a fake BFF on jest's fake clock: the QR decodes to the
// issued code, counts down and refreshes, follows the counter (已核验身份 → a fresh code →
// the settlement with its split), goes offline rather than show a stale code, protects the
// screen while shown and puts everything back on leaving.
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { VoucherCode, VoucherEvent } from '@ybm/shared';

import CodePage from '../../miniapp/src/pages/code';
import { SCREENSHOT_WARNING } from '../../miniapp/src/hooks/use-screen-protection';
import {
  deferred,
  issuedCode,
  PHARMACY,
  SETTLEMENT,
  settled,
  settlementChanged,
  touched,
  type Deferred,
} from './code-fixtures';
import { errorBody, me, signedIn } from './fixtures';
import { decodeQrElement } from './qr-reader';
import {
  canIUse,
  getScreenBrightness,
  hidePage,
  navigateTo,
  networkStatus,
  offUserCaptureScreen,
  onUserCaptureScreen,
  request,
  resetTaro,
  setKeepScreenOn,
  setScreenBrightness,
  setVisualEffectOnCapture,
  showPage,
  showToast,
} from './stubs/taro';

interface SeenRequest {
  url: string;
  method: string;
  timeout?: number;
}

type Answer = { statusCode: number; data: unknown };

/** A BFF for the code page: /me says claimed, codes are issued on demand, long-polls wait. */
function fakeBff() {
  const codes: VoucherCode[] = [];
  const polls: Array<{ seen: SeenRequest; answer: Deferred<Answer> }> = [];
  const state = {
    cursor: 10,
    codeAnswer: undefined as Answer | 'unreachable' | undefined,
    /** How far the platform's clock is ahead of the phone's. */
    clockAheadMs: 0,
    meUnreachable: false,
  };
  const seen: SeenRequest[] = [];

  request.mockImplementation(async (options: SeenRequest) => {
    seen.push(options);
    const path = options.url.replace(/\?.*$/, '');
    if (path === '/api/v1/me') {
      if (state.meUnreachable) throw { errMsg: 'request:fail' };
      return { statusCode: 200, data: me(true) };
    }
    if (path === '/api/v1/voucher/code') {
      if (state.codeAnswer === 'unreachable') throw { errMsg: 'request:fail' };
      if (state.codeAnswer) return state.codeAnswer;
      const fresh = issuedCode(state.cursor);
      const issued = Date.parse(fresh.issuedAt) + state.clockAheadMs;
      const code = {
        ...fresh,
        issuedAt: new Date(issued).toISOString(),
        expiresAt: new Date(issued + 60_000).toISOString(),
      };
      codes.push(code);
      return { statusCode: 200, data: code };
    }
    if (path === '/api/v1/voucher/events') {
      const answer = deferred<Answer>();
      polls.push({ seen: options, answer });
      return answer.promise;
    }
    return { statusCode: 404, data: errorBody('NOT_FOUND') };
  });

  return {
    codes,
    polls,
    state,
    seen,
    lastCode() {
      const code = codes[codes.length - 1];
      if (!code) throw new Error('no code issued');
      return code;
    },
    /** The counter did something: the pending long-poll answers with these events. */
    async push(events: VoucherEvent[]) {
      const poll = polls[polls.length - 1];
      if (!poll) throw new Error('no long-poll waiting');
      const last = events[events.length - 1];
      state.cursor = last?.id ?? state.cursor;
      await act(async () => poll.answer.resolve({ statusCode: 200, data: { cursor: state.cursor, events } }));
      await settle();
    },
  };
}

/** Lets promises and zero-delay timers run. */
async function settle() {
  await act(() => jest.advanceTimersByTimeAsync(0));
}

async function advance(ms: number) {
  await act(() => jest.advanceTimersByTimeAsync(ms));
}

async function setup() {
  resetTaro();
  signedIn();
  const bff = fakeBff();
  const view = render(<CodePage />);
  await settle();
  await settle();
  return { bff, view };
}

const shownQr = () => decodeQrElement(screen.getByTestId('voucher-qr'));

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-11-22T02:00:00.000Z') });
});
afterEach(() => {
  jest.useRealTimers();
  delete process.env.TARO_ENV;
});

describe('医保码 tab: the code', () => {
  it('shows a QR that decodes to the code the BFF issued, under the holder, with the countdown', async () => {
    const { bff } = await setup();

    expect(screen.getByTestId('code-holder').textContent).toBe('刘*');
    expect(screen.getByTestId('code-insurance').textContent).toBe('职工基本医疗保险 · 绥化市');
    expect(screen.getAllByTestId('voucher-qr')).toHaveLength(1);
    expect(shownQr()).toBe(bff.lastCode().code);
    // The code's own validity as the phone received it: 60 s, counted down to its expiry.
    expect(screen.getByTestId('code-countdown').textContent).toBe('60秒内有效 · 到期前自动刷新');

    await advance(10_000);
    expect(screen.getByTestId('code-countdown').textContent).toBe('50秒内有效 · 到期前自动刷新');
    expect(screen.queryByTestId('code-clock-off')).toBeNull();
    expect(screen.queryByTestId('code-status')).toBeNull();
  });

  it('refreshes by itself 5 s before expiry, and on 刷新', async () => {
    const { bff } = await setup();
    const first = bff.lastCode().code;

    await advance(55_000);
    expect(bff.codes).toHaveLength(2);
    expect(shownQr()).toBe(bff.lastCode().code);
    expect(shownQr()).not.toBe(first);

    fireEvent.click(screen.getByTestId('code-refresh'));
    await settle();
    expect(bff.codes).toHaveLength(3);
    expect(shownQr()).toBe(bff.lastCode().code);
    expect(screen.getAllByTestId('voucher-qr')).toHaveLength(1);
  });

  it('toasts the reason when 刷新 is refused, keeping the valid code', async () => {
    const { bff } = await setup();
    const first = bff.lastCode().code;
    bff.state.codeAnswer = { statusCode: 429, data: errorBody('CODE_RATE_LIMITED') };

    fireEvent.click(screen.getByTestId('code-refresh'));
    await settle();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '刷新过于频繁，请稍后再试' }));
    expect(shownQr()).toBe(first);
  });

  it('shows 网络异常，请稍后重试 instead of a code when the BFF cannot be reached, and 重试 recovers', async () => {
    resetTaro();
    signedIn();
    const bff = fakeBff();
    bff.state.codeAnswer = 'unreachable';
    render(<CodePage />);
    await settle();
    await settle();

    expect(screen.getByTestId('code-offline').textContent).toContain('网络异常，请稍后重试');
    expect(screen.queryByTestId('voucher-qr')).toBeNull();
    expect(screen.queryByTestId('code-countdown')).toBeNull();

    bff.state.codeAnswer = undefined;
    fireEvent.click(screen.getByTestId('code-retry'));
    await settle();
    expect(shownQr()).toBe(bff.lastCode().code);
  });

  it('replaces the code with the offline state when it expires and no new one can be had', async () => {
    const { bff } = await setup();
    bff.state.codeAnswer = 'unreachable';

    await advance(55_000);
    // The refresh failed: the count says so and what is left, never "0秒后自动刷新".
    expect(screen.getByTestId('code-countdown').textContent).toBe('网络异常，正在重新获取 · 本码5秒后失效');
    await advance(4_999);
    expect(shownQr()).toBe(bff.lastCode().code);
    expect(screen.getByTestId('code-countdown').textContent).toBe('网络异常，正在重新获取 · 本码1秒后失效');
    await advance(1);
    expect(screen.queryByTestId('voucher-qr')).toBeNull();
    expect(screen.getByTestId('code-offline').textContent).toContain('网络异常，请稍后重试');
    expect(screen.getByTestId('code-offline').textContent).toContain('网络恢复后将自动重新获取医保码');
  });

  it('shows a code again by itself when the network comes back, with no tap', async () => {
    resetTaro();
    signedIn();
    const bff = fakeBff();
    bff.state.codeAnswer = 'unreachable';
    render(<CodePage />);
    await settle();
    await settle();
    expect(screen.getByTestId('code-offline')).toBeTruthy();

    bff.state.codeAnswer = undefined;
    await act(async () => networkStatus(true));
    await settle();
    expect(shownQr()).toBe(bff.lastCode().code);
    expect(screen.getByTestId('code-countdown').textContent).toBe('60秒内有效 · 到期前自动刷新');
  });

  it('opened with no network at all, shows the code once the network is back, with no tap', async () => {
    resetTaro();
    signedIn();
    const bff = fakeBff();
    bff.state.meUnreachable = true;
    render(<CodePage />);
    // Who this is, asked again by the client's retry policy (1 s, then 2 s), then the offline state.
    await advance(3_000);
    await settle();
    expect(screen.getByTestId('code-offline')).toBeTruthy();

    bff.state.meUnreachable = false;
    await act(async () => networkStatus(true));
    await settle();
    await settle();
    expect(shownQr()).toBe(bff.lastCode().code);
  });

  it('keeps the code coming when who-this-is cannot be asked again on coming back to the tab', async () => {
    const { bff } = await setup();
    bff.state.meUnreachable = true;
    act(() => hidePage());
    act(() => showPage());
    await settle();
    await settle();
    expect(shownQr()).toBe(bff.lastCode().code);
  });

  it('says so when the phone’s clock is off, and counts from the code’s own validity all the same', async () => {
    resetTaro();
    signedIn();
    const bff = fakeBff();
    bff.state.clockAheadMs = 3 * 60_000;
    render(<CodePage />);
    await settle();
    await settle();
    expect(screen.getByTestId('code-countdown').textContent).toBe('60秒内有效 · 到期前自动刷新');
    expect(screen.getByTestId('code-clock-off').textContent).toBe(
      '您的手机时间慢了约3分钟。倒计时按医保码本身的有效期计算，不受影响；建议在手机设置中开启"自动设置时间"。',
    );
  });
});

describe('医保码 tab: at the counter', () => {
  it('long-polls the events after the code’s cursor, waiting 25 s with a 30 s timeout', async () => {
    const { bff } = await setup();
    expect(bff.polls).toHaveLength(1);
    expect(bff.polls[0]?.seen.url).toBe('/api/v1/voucher/events?cursor=10&wait=25');
    expect(bff.polls[0]?.seen.timeout).toBe(30_000);
  });

  it('after scan 1 says 已核验身份 with the pharmacy and shows a fresh code', async () => {
    const { bff } = await setup();
    const scanned = bff.lastCode().code;

    await bff.push([touched('scanned', scanned, 11), touched('verified', scanned, 12)]);
    expect(screen.getByTestId('code-status').textContent).toBe(`已核验身份 · ${PHARMACY}`);
    expect(bff.codes).toHaveLength(2);
    expect(shownQr()).toBe(bff.lastCode().code);
    expect(shownQr()).not.toBe(scanned);
    // And it keeps following, from the last event.
    expect(bff.polls[bff.polls.length - 1]?.seen.url).toBe('/api/v1/voucher/events?cursor=12&wait=25');
  });

  it('after scan 2 shows the amount, the split, the time, the institution and the new balance', async () => {
    const { bff } = await setup();
    await bff.push([touched('verified', bff.lastCode().code, 11)]);
    await bff.push([settled(bff.lastCode().code, 12)]);

    const result = screen.getByTestId('settlement-result');
    expect(screen.queryByTestId('voucher-qr')).toBeNull();
    // A cash part is left: the card leads with it and where to pay it, never 结算成功.
    expect(screen.getByTestId('settlement-title').textContent).toBe('医保结算完成，请支付现金');
    expect(screen.getByTestId('settlement-cash-due').textContent).toBe(`请在${PHARMACY}收银台支付¥10.00`);
    expect(screen.getByTestId('settlement-total').textContent).toBe('费用合计¥123.45，医保支付¥113.45');
    expect(screen.getByTestId('split-fund').textContent).toBe('医保统筹支付¥80.00');
    expect(screen.getByTestId('split-account').textContent).toBe('个人账户支付¥33.45');
    expect(screen.getByTestId('split-cash').textContent).toBe('个人现金支付¥10.00');
    expect(screen.queryByTestId('split-fund-reason')).toBeNull();
    expect(screen.getByTestId('settlement-balance').textContent).toBe('个人账户余额¥966.55');
    expect(screen.getByTestId('settlement-time').textContent).toBe('结算时间2026-11-22 10:05');
    expect(screen.getByTestId('settlement-institution').textContent).toBe(PHARMACY);
    expect(result.textContent).not.toContain('结算成功');

    fireEvent.click(screen.getByTestId('settlement-records'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/records/index' });

    const codesBefore = bff.codes.length;
    fireEvent.click(screen.getByTestId('code-show-again'));
    await settle();
    expect(bff.codes).toHaveLength(codesBefore + 1);
    expect(shownQr()).toBe(bff.lastCode().code);
    expect(screen.queryByTestId('settlement-result')).toBeNull();
    expect(screen.queryByTestId('code-status')).toBeNull();
  });
});

describe('医保码 tab: who pays what after scan 2', () => {
  it('says 结算成功 only when nothing is left to pay', async () => {
    const { bff } = await setup();
    await bff.push([
      settled(bff.lastCode().code, 11, { ...SETTLEMENT, totalFen: 11_345, cashFen: 0, accountFen: 3_345 }),
    ]);
    expect(screen.getByTestId('settlement-title').textContent).toBe('结算成功');
    expect(screen.getByTestId('settlement-total').textContent).toBe('¥113.45');
    expect(screen.getByTestId('settlement-nothing-due').textContent).toBe('医保已全部支付，您无需再支付现金');
    expect(screen.queryByTestId('settlement-cash-due')).toBeNull();
  });

  it('tells a resident to pay the whole amount at the cashier, and why the fund paid nothing', async () => {
    const { bff } = await setup();
    const allCash = {
      ...SETTLEMENT,
      totalFen: 5_360,
      fundFen: 0,
      accountFen: 0,
      cashFen: 5_360,
      fundZeroReason: 'pharmacy_not_pooled' as const,
    };
    delete (allCash as { balanceAfterFen?: number }).balanceAfterFen;
    await bff.push([settled(bff.lastCode().code, 11, allCash)]);

    const result = screen.getByTestId('settlement-result');
    expect(result.textContent).not.toContain('结算成功');
    expect(screen.getByTestId('settlement-cash-due').textContent).toBe(`请在${PHARMACY}收银台支付¥53.60`);
    expect(screen.getByTestId('settlement-total').textContent).toBe('费用合计¥53.60，医保支付¥0.00');
    expect(screen.getByTestId('split-fund-reason').textContent).toBe(
      '医保统筹未支付：按参保地政策，在药店购药医保统筹不予支付',
    );
    // No personal account: no balance row.
    expect(screen.queryByTestId('settlement-balance')).toBeNull();
  });

  it.each([
    ['class_c', '所购均为丙类（全自费）项目，医保统筹不予支付'],
    ['deductible', '本年度起付线尚未达到，本次医保范围内的费用计入起付线，医保统筹暂不支付'],
    ['cap_reached', '本年度医保统筹支付已达封顶线'],
  ] as const)('words the platform’s reason %s when the fund paid nothing', async (reason, words) => {
    const { bff } = await setup();
    await bff.push([
      settled(bff.lastCode().code, 11, {
        ...SETTLEMENT,
        fundFen: 0,
        cashFen: 9_000,
        fundZeroReason: reason,
      }),
    ]);
    expect(screen.getByTestId('split-fund-reason').textContent).toBe(`医保统筹未支付：${words}`);
  });
});

describe('医保码 tab: a settlement taken back', () => {
  it('turns the result into 结算已撤销 with what came back, and back again when a correction undoes it', async () => {
    const { bff } = await setup();
    const code = bff.lastCode().code;
    await bff.push([touched('verified', code, 11)]);
    await bff.push([settled(bff.lastCode().code, 12)]);
    // Still listening after the result: the counter may take it back.
    expect(bff.polls[bff.polls.length - 1]?.seen.url).toBe('/api/v1/voucher/events?cursor=12&wait=25');

    await bff.push([settlementChanged('reversed', bff.lastCode().code, 13)]);
    const result = screen.getByTestId('settlement-result');
    expect(result.getAttribute('data-state')).toBe('reversed');
    expect(screen.getByTestId('settlement-title').textContent).toBe('结算已撤销');
    expect(screen.getByTestId('settlement-reversal').textContent).toBe(
      '统筹基金支付的¥80.00已退回医保基金，个人账户支付的¥33.45已退回您的个人账户。' +
        `您支付的现金¥10.00请向${PHARMACY}办理退还。`,
    );
    expect(screen.getByTestId('settlement-balance').textContent).toBe('个人账户余额¥1,000.00');
    expect(screen.queryByTestId('settlement-cash-due')).toBeNull();
    expect(screen.getByTestId('settlement-reversed-at').textContent).toBe('撤销时间2026-11-22 10:10');
    expect(screen.queryByTestId('voucher-qr')).toBeNull();

    await bff.push([settlementChanged('reinstated', bff.lastCode().code, 14)]);
    expect(screen.getByTestId('settlement-title').textContent).toBe('医保结算完成，请支付现金');
    expect(screen.queryByTestId('settlement-reversal')).toBeNull();
    expect(screen.getByTestId('settlement-balance').textContent).toBe('个人账户余额¥966.55');
  });

  it('says so above a code when an earlier settlement is taken back, keeping the code', async () => {
    const { bff } = await setup();
    const shown = bff.lastCode().code;
    await bff.push([
      settlementChanged('reversed', 'YB1EARLIERCODE', 11, { ...SETTLEMENT, cashFen: 0, fundFen: 9_000 }),
    ]);
    expect(screen.getByTestId('code-settlement-change').textContent).toBe(
      `${PHARMACY}的结算（¥123.45）已撤销：统筹基金支付的¥90.00已退回医保基金，个人账户支付的¥33.45已退回您的个人账户`,
    );
    expect(shownQr()).toBe(shown);
  });
});

describe('医保码 tab: the screen while the code shows', () => {
  it('raises brightness, keeps the screen on, hides captures and warns on screenshots; restores all on leave', async () => {
    process.env.TARO_ENV = 'weapp';
    await setup();

    expect(getScreenBrightness).toHaveBeenCalled();
    expect(setScreenBrightness).toHaveBeenLastCalledWith({ value: 1 });
    expect(setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: true });
    expect(canIUse).toHaveBeenCalledWith('setVisualEffectOnCapture');
    expect(setVisualEffectOnCapture).toHaveBeenLastCalledWith({ visualEffect: 'hidden' });
    expect(onUserCaptureScreen).toHaveBeenCalledTimes(1);

    const onCapture = onUserCaptureScreen.mock.calls[0]![0];
    onCapture();
    expect(showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: SCREENSHOT_WARNING, icon: 'none' }),
    );

    act(() => hidePage());
    expect(setScreenBrightness).toHaveBeenLastCalledWith({ value: 0.4 });
    expect(setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: false });
    expect(setVisualEffectOnCapture).toHaveBeenLastCalledWith({ visualEffect: 'none' });
    expect(offUserCaptureScreen).toHaveBeenCalledWith(onCapture);
  });

  it('restores the screen on unmount too, and after a settlement', async () => {
    process.env.TARO_ENV = 'alipay';
    const { bff, view } = await setup();
    await bff.push([settled(bff.lastCode().code, 11)]);
    expect(setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: false });
    expect(offUserCaptureScreen).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByTestId('code-show-again'));
    await settle();
    expect(setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: true });
    view.unmount();
    expect(setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: false });
    expect(offUserCaptureScreen).toHaveBeenCalledTimes(2);
  });

  it('does not ask to hide captures where the platform cannot', async () => {
    process.env.TARO_ENV = 'alipay';
    canIUse.mockReturnValueOnce(false);
    await setup();
    expect(setVisualEffectOnCapture).not.toHaveBeenCalled();
    expect(setKeepScreenOn).toHaveBeenCalledWith({ keepScreenOn: true });
  });

  it('leaves the screen APIs alone on H5, which has none', async () => {
    process.env.TARO_ENV = 'h5';
    await setup();
    expect(screen.getByTestId('voucher-qr')).toBeTruthy();
    expect(setScreenBrightness).not.toHaveBeenCalled();
    expect(setKeepScreenOn).not.toHaveBeenCalled();
    expect(onUserCaptureScreen).not.toHaveBeenCalled();
  });
});

describe('医保码 tab: leaving and coming back', () => {
  it('stops polling and refreshing when another tab is chosen, and shows a fresh code on return', async () => {
    const { bff } = await setup();
    const before = bff.codes[0]!.code;

    act(() => hidePage());
    expect(screen.queryByTestId('voucher-qr')).toBeNull();
    const requests = bff.seen.length;
    await advance(5 * 60_000);
    expect(bff.seen).toHaveLength(requests);

    act(() => showPage());
    await settle();
    await settle();
    expect(bff.codes).toHaveLength(2);
    expect(shownQr()).toBe(bff.lastCode().code);
    expect(shownQr()).not.toBe(before);
  });
});
