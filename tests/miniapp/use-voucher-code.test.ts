// The code page's logic on jest's fake clock: one code on screen at a time, counted down from
// its own validity and replaced 5 s before it expires with no blank frame, never shown past
// expiry or after a counter scanned it, a word when the phone's clock is off, getting a code
// by itself when the network comes back, and a long-poll that follows the counter and stops
// when the page goes away.
import { act, renderHook } from '@testing-library/react';
import { ERRORS, type VoucherCode, type VoucherEvent, type VoucherEvents } from '@ybm/shared';

import { useVoucherCode } from '../../miniapp/src/hooks/use-voucher-code';
import { ApiError } from '../../miniapp/src/services/api';
import {
  POLL_BACKOFF_MS,
  POLL_MIN_INTERVAL_MS,
  RECOVER_BACKOFF_MS,
  REFRESH_BEFORE_EXPIRY_MS,
  REFRESH_RETRY_MS,
  type CodeView,
} from '../../miniapp/src/services/code-session';
import { networkStatus } from './stubs/taro';
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

interface Poll {
  cursor: number;
  answer: Deferred<VoucherEvents & { retryAfterMs?: number }>;
  abort: jest.Mock;
}

const failure = (code: keyof typeof ERRORS) => new ApiError(code, ERRORS[code].message, 0);

function setup(initiallyActive = true) {
  const codeRequests: Array<Deferred<VoucherCode>> = [];
  const issueCode = jest.fn(() => {
    const request = deferred<VoucherCode>();
    codeRequests.push(request);
    return request.promise;
  });
  const polls: Poll[] = [];
  const waitForEvents = jest.fn((cursor: number, onTask: (task: { abort: () => void }) => void) => {
    const answer = deferred<VoucherEvents & { retryAfterMs?: number }>();
    const abort = jest.fn(() => answer.reject(failure('NETWORK_ERROR')));
    onTask({ abort });
    polls.push({ cursor, answer, abort });
    return answer.promise;
  });
  /** Every render of the hook, with the (fake) time it happened. */
  const frames: Array<{ at: number; view: CodeView }> = [];
  const hook = renderHook(
    ({ active }: { active: boolean }) => {
      const controls = useVoucherCode({ active, deps: { issueCode, waitForEvents } });
      frames.push({
        at: Date.now(),
        view: {
          display: controls.display,
          verified: controls.verified,
          ...(controls.clockOffsetMs !== undefined ? { clockOffsetMs: controls.clockOffsetMs } : {}),
        },
      });
      return controls;
    },
    { initialProps: { active: initiallyActive } },
  );

  const lastCodeRequest = () => {
    const request = codeRequests[codeRequests.length - 1];
    if (!request) throw new Error('no code was requested');
    return request;
  };
  const lastPoll = () => {
    const poll = polls[polls.length - 1];
    if (!poll) throw new Error('no long-poll was made');
    return poll;
  };

  return {
    hook,
    issueCode,
    waitForEvents,
    polls,
    frames,
    display: () => hook.result.current.display,
    shownCode: () => {
      const { display } = hook.result.current;
      return display.kind === 'code' ? display.code.code : undefined;
    },
    async answerCode(code = issuedCode()) {
      await act(async () => lastCodeRequest().resolve(code));
      return code;
    },
    async failCode(code: keyof typeof ERRORS = 'NETWORK_ERROR') {
      await act(async () => lastCodeRequest().reject(failure(code)));
    },
    async answerPoll(events: VoucherEvent[], cursor?: number) {
      const last = events[events.length - 1];
      await act(async () => lastPoll().answer.resolve({ cursor: cursor ?? last?.id ?? 0, events }));
    },
    /** An empty answer from a BFF that is shutting down (Retry-After: 0). */
    async drainPoll(cursor: number) {
      await act(async () => lastPoll().answer.resolve({ cursor, events: [], retryAfterMs: 0 }));
    },
    async failPoll() {
      await act(async () => lastPoll().answer.reject(failure('NETWORK_ERROR')));
    },
    async advance(ms: number) {
      await act(() => jest.advanceTimersByTimeAsync(ms));
    },
    /** The codes the screen showed, in order, each once per stretch it was on screen. */
    codeSequence() {
      const sequence: string[] = [];
      for (const { view } of frames) {
        if (view.display.kind !== 'code') continue;
        if (sequence[sequence.length - 1] !== view.display.code.code) sequence.push(view.display.code.code);
      }
      return sequence;
    },
    /** No frame ever showed a code at or past its expiry. */
    expectNoExpiredCodeShown() {
      for (const { at, view } of frames) {
        if (view.display.kind === 'code') expect(at).toBeLessThan(Date.parse(view.display.code.expiresAt));
      }
    },
  };
}

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-11-22T02:00:00.000Z') });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('useVoucherCode: showing and refreshing', () => {
  it('shows the first code with the seconds it is valid for, counted from its own validity', async () => {
    const subject = setup();
    expect(subject.display()).toEqual({ kind: 'loading' });

    const first = await subject.answerCode();
    expect(subject.display()).toMatchObject({
      kind: 'code',
      code: first,
      secondsLeft: 60,
      refreshing: false,
      retrying: false,
    });

    await subject.advance(3_000);
    expect(subject.display()).toMatchObject({ kind: 'code', secondsLeft: 57 });
  });

  it('refreshes 5 s before expiry, keeping the old QR until the new one is there (no blank frame)', async () => {
    const subject = setup();
    const first = await subject.answerCode();

    await subject.advance(60_000 - REFRESH_BEFORE_EXPIRY_MS - 1);
    expect(subject.issueCode).toHaveBeenCalledTimes(1);
    await subject.advance(1);
    expect(subject.issueCode).toHaveBeenCalledTimes(2);
    expect(subject.display()).toMatchObject({ kind: 'code', code: first, refreshing: true });

    await subject.advance(800);
    const second = await subject.answerCode();
    expect(subject.display()).toMatchObject({
      kind: 'code',
      code: second,
      refreshing: false,
      secondsLeft: 60,
    });

    // From the first code on, every frame showed a code: never a loading or empty frame.
    const firstShown = subject.frames.findIndex(({ view }) => view.display.kind === 'code');
    expect(subject.frames.slice(firstShown).every(({ view }) => view.display.kind === 'code')).toBe(true);
    expect(subject.codeSequence()).toEqual([first.code, second.code]);
    subject.expectNoExpiredCodeShown();
  });

  it('keeps exactly one valid code at a time through many refreshes, automatic and on demand', async () => {
    const subject = setup();
    const issued = [await subject.answerCode()];
    for (let round = 0; round < 4; round += 1) {
      await subject.advance(55_000);
      issued.push(await subject.answerCode());
      // 刷新 twice in a row: one request, one new code.
      let results: Array<Promise<unknown>> = [];
      act(() => {
        results = [subject.hook.result.current.refresh(), subject.hook.result.current.refresh()];
      });
      issued.push(await subject.answerCode());
      await act(() => Promise.all(results));
    }
    expect(subject.issueCode).toHaveBeenCalledTimes(issued.length);
    // Each code shown once, in the order issued, and replaced the moment the next arrived.
    expect(subject.codeSequence()).toEqual(issued.map((code) => code.code));
    subject.expectNoExpiredCodeShown();
  });

  it('keeps the still-valid code when a refresh fails, and retries until it expires', async () => {
    const subject = setup();
    const first = await subject.answerCode();

    await subject.advance(55_000);
    await subject.failCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });

    await subject.advance(REFRESH_RETRY_MS);
    expect(subject.issueCode).toHaveBeenCalledTimes(3);
    const second = await subject.answerCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: second });
    subject.expectNoExpiredCodeShown();
  });

  it('never shows an expired code: when refreshing keeps failing, the offline state replaces it', async () => {
    const subject = setup();
    const first = await subject.answerCode();

    await subject.advance(55_000);
    await subject.failCode();
    await subject.advance(REFRESH_RETRY_MS);
    await subject.failCode();
    await subject.advance(REFRESH_RETRY_MS);
    await subject.failCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });

    await subject.advance(999);
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });
    await subject.advance(1);
    expect(subject.display()).toEqual({ kind: 'offline', error: expect.any(ApiError) });
    expect(subject.display().kind === 'offline' && subject.display()).toMatchObject({
      error: { code: 'NETWORK_ERROR', message: '网络异常，请稍后重试' },
    });
    subject.expectNoExpiredCodeShown();

    // 重试: loading, then a fresh code.
    act(() => void subject.hook.result.current.refresh());
    expect(subject.display()).toEqual({ kind: 'loading' });
    const second = await subject.answerCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: second });
  });

  it('takes the code off the screen at expiry even while the refresh is still on its way', async () => {
    const subject = setup();
    await subject.answerCode();
    await subject.advance(60_000);
    expect(subject.display().kind).toBe('offline');

    const late = await subject.answerCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: late });
    subject.expectNoExpiredCodeShown();
  });

  it('says so when no code can be had at all, and 重试 gets one', async () => {
    const subject = setup();
    await subject.failCode('UPSTREAM_UNAVAILABLE');
    expect(subject.display()).toMatchObject({
      kind: 'offline',
      error: { code: 'UPSTREAM_UNAVAILABLE', message: '医保平台暂时不可用，请稍后重试' },
    });
    expect(subject.waitForEvents).not.toHaveBeenCalled();

    let result: Promise<unknown> = Promise.resolve();
    act(() => {
      result = subject.hook.result.current.refresh();
    });
    await subject.answerCode();
    await act(() => result);
    expect(subject.display().kind).toBe('code');
  });

  it('reports a voucher the BFF says is not claimed', async () => {
    const subject = setup();
    await subject.failCode('VOUCHER_NOT_ACTIVATED');
    expect(subject.display()).toEqual({ kind: 'not-activated' });
  });

  it('a failed 刷新 keeps the code, and the caller gets the error to show', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    let result: Promise<ApiError | undefined> = Promise.resolve(undefined);
    act(() => {
      result = subject.hook.result.current.refresh();
    });
    await subject.failCode('CODE_RATE_LIMITED');
    await expect(result).resolves.toMatchObject({
      code: 'CODE_RATE_LIMITED',
      message: '刷新过于频繁，请稍后再试',
    });
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });
  });
});

describe('useVoucherCode: the phone’s clock', () => {
  /** A code stamped by a platform whose clock is `aheadMs` ahead of the phone's. */
  const stamped = (aheadMs: number) => {
    const code = issuedCode();
    const issued = Date.now() + aheadMs;
    return {
      ...code,
      issuedAt: new Date(issued).toISOString(),
      expiresAt: new Date(issued + 60_000).toISOString(),
    };
  };

  it('counts the validity from when the phone asked, however far its clock is off, and says it is off', async () => {
    const subject = setup();
    // The answer takes 800 ms; the platform's clock is 2 minutes ahead of the phone's.
    const ahead = stamped(120_000 + 400);
    await subject.advance(800);
    await subject.answerCode(ahead);
    expect(subject.display()).toMatchObject({ kind: 'code', secondsLeft: 60 });
    expect(subject.hook.result.current.clockOffsetMs).toBe(120_000);

    // 59.2 s after it arrived it is still shown (valid for 60 s from the asking); then replaced.
    await subject.advance(59_199 - REFRESH_BEFORE_EXPIRY_MS);
    expect(subject.display()).toMatchObject({ kind: 'code', code: ahead, secondsLeft: 6 });
    await subject.advance(1);
    expect(subject.issueCode).toHaveBeenCalledTimes(2);
  });

  it('says the phone is fast when the platform’s clock is behind it', async () => {
    const subject = setup();
    await subject.answerCode(stamped(-90_000));
    expect(subject.display()).toMatchObject({ kind: 'code', secondsLeft: 60 });
    expect(subject.hook.result.current.clockOffsetMs).toBe(-90_000);
  });

  it('says nothing about a difference smaller than it can tell', async () => {
    const subject = setup();
    await subject.advance(2_000);
    // 5.5 s ahead, but the answer took 2 s: the clocks may differ by only 4.5 s.
    await subject.answerCode(stamped(5_500 - 1_000));
    expect(subject.hook.result.current.clockOffsetMs).toBeUndefined();
  });
});

describe('useVoucherCode: losing and regaining the network', () => {
  it('never says 0 s while waiting: a failing refresh says it is retrying, with the seconds left', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    await subject.advance(60_000 - REFRESH_BEFORE_EXPIRY_MS);
    expect(subject.display()).toMatchObject({ kind: 'code', refreshing: true, secondsLeft: 5 });
    await subject.failCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: first, retrying: true, secondsLeft: 5 });
    // Every frame that showed the code had time left on it.
    for (const { view } of subject.frames) {
      if (view.display.kind === 'code') expect(view.display.secondsLeft).toBeGreaterThan(0);
    }
  });

  // The system can set the phone's clock forward while timers keep their own time (CI caught
  // a page stuck on "0秒内有效"): each second's tick keeps the deadlines itself.
  it('never counts down to 0 when the clock jumps ahead of its timers: the tick refreshes and expires', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    await subject.advance(50_000);
    expect(subject.display()).toMatchObject({ kind: 'code', code: first, secondsLeft: 10 });

    // Past the refresh point by the clock, not by the timers: the next tick asks for a code.
    jest.setSystemTime(Date.now() + 6_000);
    await subject.advance(1_000);
    expect(subject.issueCode).toHaveBeenCalledTimes(2);
    expect(subject.display()).toMatchObject({ kind: 'code', code: first, refreshing: true, secondsLeft: 3 });
    const second = await subject.answerCode();

    // Past the new code's expiry in one jump: it leaves the screen, and a new one is asked for
    // without saying the network failed.
    jest.setSystemTime(Date.now() + 65_000);
    await subject.advance(1_000);
    expect(subject.display()).toEqual({ kind: 'loading' });
    expect(subject.issueCode).toHaveBeenCalledTimes(3);
    const third = await subject.answerCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: third, secondsLeft: 60 });

    expect(subject.codeSequence()).toEqual([first.code, second.code, third.code]);
    for (const { view } of subject.frames) {
      if (view.display.kind === 'code') expect(view.display.secondsLeft).toBeGreaterThan(0);
    }
    subject.expectNoExpiredCodeShown();
  });

  it('gets a code by itself after the code expired offline, backing off between tries', async () => {
    const subject = setup();
    await subject.answerCode();
    await subject.advance(55_000);
    await subject.failCode();
    await subject.advance(REFRESH_RETRY_MS);
    await subject.failCode();
    await subject.advance(REFRESH_RETRY_MS);
    await subject.failCode();
    await subject.advance(1_000);
    expect(subject.display().kind).toBe('offline');
    const tries = subject.issueCode.mock.calls.length;

    await subject.advance(RECOVER_BACKOFF_MS.base - 1);
    expect(subject.issueCode).toHaveBeenCalledTimes(tries);
    await subject.advance(1);
    expect(subject.issueCode).toHaveBeenCalledTimes(tries + 1);
    await subject.failCode();
    // Twice as long before the next try.
    await subject.advance(RECOVER_BACKOFF_MS.base * 2 - 1);
    expect(subject.issueCode).toHaveBeenCalledTimes(tries + 1);
    await subject.advance(1);
    expect(subject.issueCode).toHaveBeenCalledTimes(tries + 2);
    const back = await subject.answerCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code: back, secondsLeft: 60 });
    subject.expectNoExpiredCodeShown();
  });

  it('gets a code at once when the network comes back, and the long-poll asks again at once', async () => {
    const subject = setup();
    await subject.failCode();
    expect(subject.display().kind).toBe('offline');
    const tries = subject.issueCode.mock.calls.length;

    act(() => networkStatus(true));
    expect(subject.issueCode).toHaveBeenCalledTimes(tries + 1);
    const code = await subject.answerCode();
    expect(subject.display()).toMatchObject({ kind: 'code', code });

    // The long-poll failed and is backing off; the network returning cuts the wait short.
    await subject.failPoll();
    const polls = subject.waitForEvents.mock.calls.length;
    act(() => networkStatus(true));
    await subject.advance(0);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(polls + 1);
  });

  it('stops listening to the network when the page goes away', async () => {
    const subject = setup();
    await subject.failCode();
    subject.hook.unmount();
    const tries = subject.issueCode.mock.calls.length;
    act(() => networkStatus(true));
    await subject.advance(60_000);
    expect(subject.issueCode).toHaveBeenCalledTimes(tries);
  });
});

describe('useVoucherCode: following the code at the counter', () => {
  it('long-polls from the code’s cursor for as long as the page shows', async () => {
    const subject = setup();
    await subject.answerCode(issuedCode(41));
    expect(subject.waitForEvents).toHaveBeenCalledTimes(1);
    expect(subject.polls[0]?.cursor).toBe(41);

    // Nothing happened for 25 s: the BFF answers empty and the phone asks again from there.
    await subject.advance(25_000);
    await subject.answerPoll([], 41);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(2);
    expect(subject.polls[1]?.cursor).toBe(41);
  });

  it('asks again at once when a shutting-down BFF ends the poll with Retry-After: 0, but not twice in a row', async () => {
    const subject = setup();
    const first = await subject.answerCode(issuedCode(41));
    expect(subject.waitForEvents).toHaveBeenCalledTimes(1);

    // Ended early by a draining instance: the next poll goes out at once, from the same cursor.
    await subject.drainPoll(41);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(2);
    expect(subject.polls[1]?.cursor).toBe(41);
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });

    // Said again at once: this time the usual pause, so the phone never spins.
    await subject.drainPoll(41);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(2);
    await subject.advance(POLL_MIN_INTERVAL_MS);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(3);
  });

  it('after scan 1 shows 已核验身份 with the institution and a fresh code; the scanned one never again', async () => {
    const subject = setup();
    const first = await subject.answerCode(issuedCode(10));

    await subject.advance(5_000);
    await subject.answerPoll([touched('scanned', first.code, 11), touched('verified', first.code, 12)]);
    expect(subject.hook.result.current.verified).toEqual({ institutionName: PHARMACY });
    expect(subject.shownCode()).toBeUndefined();
    expect(subject.issueCode).toHaveBeenCalledTimes(2);

    const second = await subject.answerCode(issuedCode(12));
    expect(subject.display()).toMatchObject({ kind: 'code', code: second });
    expect(subject.hook.result.current.verified).toEqual({ institutionName: PHARMACY });
    // The poll goes on from the last event seen.
    expect(subject.polls[subject.polls.length - 1]?.cursor).toBe(12);

    const scannedAt = subject.frames.findIndex(({ view }) => view.verified);
    const afterScan = subject.frames.slice(scannedAt).map(({ view }) => view.display);
    expect(afterScan.some((display) => display.kind === 'code' && display.code.code === first.code)).toBe(
      false,
    );
    expect(subject.codeSequence()).toEqual([first.code, second.code]);
  });

  it('a scan of a code already replaced keeps the fresh code on screen', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    act(() => void subject.hook.result.current.refresh());
    const second = await subject.answerCode();

    await subject.answerPoll([touched('verified', first.code, 11)]);
    expect(subject.display()).toMatchObject({ kind: 'code', code: second });
    expect(subject.issueCode).toHaveBeenCalledTimes(2);
    expect(subject.hook.result.current.verified).toEqual({ institutionName: PHARMACY });
  });

  it('after scan 2 shows the settlement: no more codes, one long-poll left for a reversal', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    await subject.answerPoll([touched('verified', first.code, 11)]);
    const second = await subject.answerCode();

    await subject.answerPoll([settled(second.code, 12)]);
    expect(subject.display()).toEqual({ kind: 'settled', settlement: SETTLEMENT });
    const polls = subject.waitForEvents.mock.calls.length;
    const codes = subject.issueCode.mock.calls.length;
    expect(subject.polls[subject.polls.length - 1]?.cursor).toBe(12);

    await subject.advance(5 * 60_000);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(polls);
    expect(subject.issueCode).toHaveBeenCalledTimes(codes);
    expect(subject.display().kind).toBe('settled');

    // 再次出示医保码: a new showing with a fresh code and its own long-poll.
    act(() => subject.hook.result.current.restart());
    expect(subject.display()).toEqual({ kind: 'loading' });
    expect(subject.hook.result.current.verified).toBeUndefined();
    const third = await subject.answerCode(issuedCode(12));
    expect(subject.display()).toMatchObject({ kind: 'code', code: third });
    expect(subject.polls[subject.polls.length - 1]?.cursor).toBe(12);
  });

  it('follows the settlement on screen as the counter reverses it and a correction reinstates it', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    await subject.answerPoll([settled(first.code, 11)]);
    await subject.answerPoll([settlementChanged('reversed', first.code, 12)]);
    expect(subject.display()).toEqual({
      kind: 'settled',
      settlement: { ...SETTLEMENT, balanceAfterFen: SETTLEMENT.balanceAfterFen! + SETTLEMENT.accountFen },
      reversedAt: '2026-11-22T02:10:00.000Z',
    });
    await subject.answerPoll([settlementChanged('reinstated', first.code, 13)]);
    expect(subject.display()).toEqual({ kind: 'settled', settlement: SETTLEMENT });
    // Settled and reversed in one answer: the result says reversed; no code is fetched again.
    const again = setup();
    const code = await again.answerCode();
    await again.answerPoll([settled(code.code, 21), settlementChanged('reversed', code.code, 22)]);
    expect(again.display()).toMatchObject({ kind: 'settled', reversedAt: expect.any(String) });
    expect(again.issueCode).toHaveBeenCalledTimes(1);
    again.hook.unmount();
  });

  it('keeps the code on screen and notes it when an earlier settlement is taken back', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    const other = { ...SETTLEMENT, setlId: 'S-EARLIER' };
    await subject.answerPoll([settlementChanged('reversed', 'YB1EARLIER', 11, other)]);
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });
    expect(subject.hook.result.current.change).toEqual({
      kind: 'reversed',
      settlement: { ...other, balanceAfterFen: other.balanceAfterFen! + other.accountFen },
      at: '2026-11-22T02:10:00.000Z',
    });
  });

  it('backs off quietly when the long-poll fails: the code stays valid and on screen', async () => {
    const subject = setup();
    const first = await subject.answerCode();

    await subject.failPoll();
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });
    expect(subject.waitForEvents).toHaveBeenCalledTimes(1);
    await subject.advance(POLL_BACKOFF_MS.base);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(2);

    await subject.failPoll();
    await subject.advance(POLL_BACKOFF_MS.base);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(2);
    await subject.advance(POLL_BACKOFF_MS.base);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(3);

    // Back again: the next answer resets the back-off.
    await subject.answerPoll([], 10);
    expect(subject.display()).toMatchObject({ kind: 'code', code: first });
  });
});

describe('useVoucherCode: leaving the page', () => {
  it('stops polling and timers when the page hides, and starts afresh with a new code on return', async () => {
    const subject = setup();
    await subject.answerCode(issuedCode(10));
    const poll = subject.polls[0];

    subject.hook.rerender({ active: false });
    expect(poll?.abort).toHaveBeenCalled();
    expect(subject.display()).toEqual({ kind: 'loading' });

    await subject.advance(10 * 60_000);
    expect(subject.issueCode).toHaveBeenCalledTimes(1);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(1);

    subject.hook.rerender({ active: true });
    expect(subject.display()).toEqual({ kind: 'loading' });
    expect(subject.issueCode).toHaveBeenCalledTimes(2);
    const fresh = await subject.answerCode(issuedCode(20));
    expect(subject.display()).toMatchObject({ kind: 'code', code: fresh });
    expect(subject.polls[subject.polls.length - 1]?.cursor).toBe(20);
    subject.expectNoExpiredCodeShown();
  });

  it('ignores answers that arrive after the page has gone', async () => {
    const subject = setup();
    const first = await subject.answerCode();
    act(() => void subject.hook.result.current.refresh());

    subject.hook.rerender({ active: false });
    await subject.answerCode();
    await subject.answerPoll([settled(first.code, 11)]);
    expect(subject.display()).toEqual({ kind: 'loading' });
  });

  it('stops everything on unmount', async () => {
    const subject = setup();
    await subject.answerCode();
    const poll = subject.polls[0];
    subject.hook.unmount();
    expect(poll?.abort).toHaveBeenCalled();

    await subject.advance(10 * 60_000);
    expect(subject.issueCode).toHaveBeenCalledTimes(1);
    expect(subject.waitForEvents).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does nothing while not active', async () => {
    const subject = setup(false);
    await subject.advance(60_000);
    expect(subject.issueCode).not.toHaveBeenCalled();
    expect(subject.display()).toEqual({ kind: 'loading' });
  });
});
