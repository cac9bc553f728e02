// One showing of the 医保码, from the page appearing to it going away: fetch a code, replace it
// shortly before it expires (or on 刷新) without ever showing it past expiry, and long-poll
// what counters do with it — scanned or verified (take a fresh code: the counter needs a new
// one for scan 2) and settled (the result). After the result it keeps listening, because a
// counter may still take the settlement back (reversed) or a correction put it back
// (reinstated): the result on screen changes with it. Plain TypeScript with an injected clock,
// so the timing is tested with fake timers; use-voucher-code.ts puts it in React.
import type { SettlementSplit, VoucherCode, VoucherEvent, VoucherEvents } from '@ybm/shared';

import { toApiError, type AbortableTask, type ApiError } from './api';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** The real clock, read at call time (so jest's fake timers apply). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export interface CodeSessionDeps {
  issueCode: () => Promise<VoucherCode>;
  /** Long-polls events after `cursor`; hands the request over so stop() can abort it. */
  waitForEvents: (cursor: number, onTask: (task: AbortableTask) => void) => Promise<VoucherEvents>;
  clock: Clock;
}

/** Auto-refresh this long before the code expires. */
export const REFRESH_BEFORE_EXPIRY_MS = 5_000;
/** A failed auto-refresh is tried again this often while the code on screen is still valid. */
export const REFRESH_RETRY_MS = 2_000;
/** Long-poll failures back off from base to max (a lost network is not the code's fault). */
export const POLL_BACKOFF_MS = { base: 1_000, max: 30_000 } as const;
/** An empty answer sooner than this means the BFF did not wait: pause before asking again. */
export const POLL_MIN_INTERVAL_MS = 1_000;
const DEFAULT_LIFETIME_MS = 60_000;

export type CodeDisplay =
  | { kind: 'loading' }
  | { kind: 'code'; code: VoucherCode; secondsToRefresh: number; refreshing: boolean }
  | { kind: 'offline'; error: ApiError }
  | { kind: 'not-activated' }
  /** The settlement of this showing; `reversedAt` once the counter took it back. */
  | { kind: 'settled'; settlement: SettlementSplit; reversedAt?: string };

/** A settlement of an earlier showing that was taken back or put back while a code shows. */
export interface SettlementChange {
  kind: 'reversed' | 'reinstated';
  settlement: SettlementSplit;
  at: string;
}

export interface CodeView {
  display: CodeDisplay;
  /** Set once a counter has scanned or verified a code of this showing. */
  verified?: { institutionName?: string };
  /** The latest reversal (or reinstatement) of an earlier settlement heard during this showing. */
  change?: SettlementChange;
}

export const LOADING_VIEW: CodeView = { display: { kind: 'loading' } };

export interface CodeSession {
  /** A new code now (one request at a time); resolves with the error when it failed. */
  refresh(): Promise<ApiError | undefined>;
  /** Stops timers and polling; nothing is reported afterwards. */
  stop(): void;
}

interface ShownCode {
  code: VoucherCode;
  /** On the phone's clock: the platform's lifetime counted from when the code arrived. */
  refreshAt: number;
  expiresAt: number;
}

type TimerName = 'refresh' | 'expiry' | 'tick' | 'retry' | 'poll';

/** The code's lifetime from the platform's own timestamps, so a phone clock set wrong does not matter. */
function lifetimeOf(code: VoucherCode): number {
  const lifetime = Date.parse(code.expiresAt) - Date.parse(code.issuedAt);
  return Number.isFinite(lifetime) && lifetime > 0
    ? Math.min(lifetime, DEFAULT_LIFETIME_MS)
    : DEFAULT_LIFETIME_MS;
}

export function startCodeSession(deps: CodeSessionDeps, onView: (view: CodeView) => void): CodeSession {
  const { clock } = deps;
  const timers = new Map<TimerName, unknown>();
  /** Codes a counter has touched: never shown again. */
  const used = new Set<string>();
  let stopped = false;
  let shown: ShownCode | undefined;
  let pending: Promise<ApiError | undefined> | undefined;
  let failure: ApiError | undefined;
  let settlement: SettlementSplit | undefined;
  let reversedAt: string | undefined;
  let verified: CodeView['verified'];
  let change: SettlementChange | undefined;
  let polling = false;
  let pollTask: AbortableTask | undefined;
  let wakePoll: (() => void) | undefined;

  function setTimer(name: TimerName, ms: number, callback: () => void) {
    clearTimer(name);
    timers.set(
      name,
      clock.setTimeout(
        () => {
          timers.delete(name);
          callback();
        },
        Math.max(0, ms),
      ),
    );
  }

  function clearTimer(name: TimerName) {
    if (!timers.has(name)) return;
    clock.clearTimeout(timers.get(name));
    timers.delete(name);
  }

  function display(): CodeDisplay {
    if (settlement) return { kind: 'settled', settlement, ...(reversedAt ? { reversedAt } : {}) };
    if (shown) {
      const secondsToRefresh = Math.max(0, Math.ceil((shown.refreshAt - clock.now()) / 1000));
      return { kind: 'code', code: shown.code, secondsToRefresh, refreshing: pending !== undefined };
    }
    if (failure?.code === 'VOUCHER_NOT_ACTIVATED') return { kind: 'not-activated' };
    if (failure) return { kind: 'offline', error: failure };
    return { kind: 'loading' };
  }

  function emit() {
    if (!stopped)
      onView({ display: display(), ...(verified ? { verified } : {}), ...(change ? { change } : {}) });
  }

  function dropCode() {
    shown = undefined;
    for (const name of ['refresh', 'expiry', 'tick', 'retry'] as const) clearTimer(name);
  }

  function tick() {
    setTimer('tick', 1000, () => {
      emit();
      if (shown) tick();
    });
  }

  function show(code: VoucherCode) {
    const now = clock.now();
    const lifetime = lifetimeOf(code);
    const refreshIn = Math.max(lifetime - REFRESH_BEFORE_EXPIRY_MS, lifetime / 2);
    dropCode();
    shown = { code, refreshAt: now + refreshIn, expiresAt: now + lifetime };
    failure = undefined;
    setTimer('refresh', refreshIn, () => void fetchCode());
    setTimer('expiry', lifetime, expire);
    tick();
    if (!polling) void poll(code.cursor);
  }

  /** The safety net: whatever else happens, a code is gone from the screen when it expires. */
  function expire() {
    dropCode();
    failure ??= toApiError(undefined, 'NETWORK_ERROR');
    emit();
  }

  function refreshFailed(error: ApiError) {
    if (error.code === 'VOUCHER_NOT_ACTIVATED') {
      dropCode();
      failure = error;
      return;
    }
    const now = clock.now();
    if (shown && now < shown.expiresAt) {
      // The code on screen is still valid: keep it; past the refresh point, try again until it expires.
      if (now >= shown.refreshAt && shown.expiresAt - now > REFRESH_RETRY_MS) {
        setTimer('retry', REFRESH_RETRY_MS, () => void fetchCode());
      }
      return;
    }
    failure = error;
  }

  function fetchCode(): Promise<ApiError | undefined> {
    if (stopped || settlement) return Promise.resolve(undefined);
    if (pending) return pending;
    clearTimer('retry');
    const request = deps.issueCode().then(
      (code) => {
        pending = undefined;
        if (!stopped && !settlement) show(code);
        emit();
        return undefined;
      },
      (error: unknown) => {
        pending = undefined;
        const apiError = toApiError(error, 'NETWORK_ERROR');
        if (!stopped && !settlement) refreshFailed(apiError);
        emit();
        return apiError;
      },
    );
    pending = request;
    emit();
    return request;
  }

  /** A reversal or reinstatement: of the settlement on screen, it changes the result there. */
  function settlementChanged(kind: SettlementChange['kind'], changed: SettlementSplit, at: string) {
    if (settlement && settlement.setlId === changed.setlId) {
      settlement = changed; // the balance after this change
      reversedAt = kind === 'reversed' ? at : undefined;
    } else {
      change = { kind, settlement: changed, at };
    }
  }

  function onEvents(events: VoucherEvent[]) {
    const wasSettled = settlement !== undefined;
    const touched: VoucherEvent[] = [];
    for (const event of events) {
      switch (event.kind) {
        case 'scanned':
        case 'verified':
          touched.push(event);
          break;
        case 'settled':
          // The first settlement of this showing is its result; a code is single-use, so
          // there is no second.
          if (event.settlement && !settlement) settlement = event.settlement;
          break;
        case 'reversed':
        case 'reinstated':
          if (event.settlement) settlementChanged(event.kind, event.settlement, event.at);
          break;
        default: {
          const unknown: never = event.kind;
          void unknown;
        }
      }
    }
    if (settlement) {
      if (!wasSettled) dropCode();
      emit();
      return;
    }
    if (touched.length > 0) {
      for (const event of touched) used.add(event.code);
      const names = touched.map((event) => event.institutionName).filter(Boolean);
      verified = { institutionName: names[names.length - 1] ?? verified?.institutionName };
      if (shown && used.has(shown.code.code)) {
        // The scanned code leaves the screen at once; the counter needs a new one for scan 2.
        dropCode();
        void fetchCode();
      }
    }
    emit();
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      wakePoll = resolve;
      setTimer('poll', ms, resolve);
    });
  }

  function stopPolling() {
    clearTimer('poll');
    pollTask?.abort();
    pollTask = undefined;
    wakePoll?.();
    wakePoll = undefined;
  }

  // After the settlement too: the counter may still take it back.
  const pollingOn = () => !stopped;

  async function poll(from: number) {
    polling = true;
    let cursor = from;
    let failures = 0;
    while (pollingOn()) {
      const startedAt = clock.now();
      try {
        const answer = await deps.waitForEvents(cursor, (task) => {
          pollTask = task;
        });
        pollTask = undefined;
        if (!pollingOn()) return;
        failures = 0;
        cursor = Math.max(cursor, answer.cursor);
        onEvents(answer.events);
        if (pollingOn() && answer.events.length === 0 && clock.now() - startedAt < POLL_MIN_INTERVAL_MS) {
          await pause(POLL_MIN_INTERVAL_MS);
        }
      } catch (error) {
        pollTask = undefined;
        if (!pollingOn() || toApiError(error).code === 'VOUCHER_NOT_ACTIVATED') return;
        failures += 1;
        await pause(Math.min(POLL_BACKOFF_MS.max, POLL_BACKOFF_MS.base * 2 ** (failures - 1)));
      }
    }
  }

  void fetchCode();

  return {
    refresh() {
      // From the offline state, show that something is happening.
      if (!shown && !pending) failure = undefined;
      return fetchCode();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      dropCode();
      stopPolling();
    },
  };
}
