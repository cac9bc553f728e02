// One showing of the 医保码, from the page appearing to it going away: fetch a code, count
// down its own validity as the phone received it (code-validity.ts), replace it shortly
// before it expires (or on 刷新) without ever showing it past expiry, and long-poll what
// counters do with it — scanned or verified (take a fresh code: the counter needs a new one
// for scan 2) and settled (the result). After the result it keeps listening, because a
// counter may still take the settlement back (reversed) or a correction put it back
// (reinstated): the result on screen changes with it. With no code to show (the network
// lost), it tries again by itself, backing off, and at once when the network comes back.
// Plain TypeScript with an injected clock, so the timing is tested with fake timers;
// use-voucher-code.ts puts it in React.
import type { SettlementSplit, VoucherCode, VoucherEvent, VoucherEvents } from '@ybm/shared';

import { toApiError, type AbortableTask, type ApiError } from './api';
import { validityOf } from './code-validity';

export { CLOCK_OFF_MS, REFRESH_BEFORE_EXPIRY_MS } from './code-validity';

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
  /**
   * Long-polls events after `cursor`; hands the request over so stop() can abort it.
   * `retryAfterMs` is the answer's Retry-After: 0 from a BFF that is shutting down (ask again
   * at once: another instance answers).
   */
  waitForEvents: (
    cursor: number,
    onTask: (task: AbortableTask) => void,
  ) => Promise<VoucherEvents & { retryAfterMs?: number }>;
  clock: Clock;
  /** Tells `listener` when the network comes and goes; returns the unsubscribe. */
  onNetworkChange?: (listener: (connected: boolean) => void) => () => void;
}

/** A failed auto-refresh is tried again this often while the code on screen is still valid. */
export const REFRESH_RETRY_MS = 2_000;
/** With no code on screen, getting one is tried again, backing off from base to max. */
export const RECOVER_BACKOFF_MS = { base: 2_000, max: 30_000 } as const;
/** Long-poll failures back off from base to max (a lost network is not the code's fault). */
export const POLL_BACKOFF_MS = { base: 1_000, max: 30_000 } as const;
/** An empty answer sooner than this means the BFF did not wait: pause before asking again. */
export const POLL_MIN_INTERVAL_MS = 1_000;

export type CodeDisplay =
  | { kind: 'loading' }
  | {
      kind: 'code';
      code: VoucherCode;
      /** Whole seconds the code on screen is still valid for (never 0: it leaves the screen). */
      secondsLeft: number;
      /** A new code is on its way. */
      refreshing: boolean;
      /** The automatic refresh failed; trying again while this code is still valid. */
      retrying: boolean;
    }
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
  /** Platform time minus the phone's, when the phone's clock is off by more than CLOCK_OFF_MS. */
  clockOffsetMs?: number;
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
  /** On the phone's clock: the platform's lifetime counted from when the code was asked for. */
  refreshAt: number;
  expiresAt: number;
}

type TimerName = 'refresh' | 'expiry' | 'tick' | 'retry' | 'recover' | 'poll';

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
  let clockOffsetMs: number | undefined;
  /** The automatic refresh of the code on screen failed and is being tried again. */
  let retrying = false;
  /** Failed attempts in a row to get a code while none shows (for the backoff). */
  let recoverFailures = 0;
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
      // At least 1: the moment a code's time is up, the tick (or the expiry timer) removes it.
      const secondsLeft = Math.max(1, Math.ceil((shown.expiresAt - clock.now()) / 1000));
      return { kind: 'code', code: shown.code, secondsLeft, refreshing: pending !== undefined, retrying };
    }
    if (failure?.code === 'VOUCHER_NOT_ACTIVATED') return { kind: 'not-activated' };
    if (failure) return { kind: 'offline', error: failure };
    return { kind: 'loading' };
  }

  function emit() {
    if (stopped) return;
    onView({
      display: display(),
      ...(verified ? { verified } : {}),
      ...(change ? { change } : {}),
      ...(clockOffsetMs !== undefined ? { clockOffsetMs } : {}),
    });
  }

  function dropCode() {
    shown = undefined;
    retrying = false;
    for (const name of ['refresh', 'expiry', 'tick', 'retry'] as const) clearTimer(name);
  }

  /**
   * Emits on each whole second of the code's validity, so the count never lags. Each tick also
   * keeps the deadlines itself: a refresh or expiry timer can fire late (a busy phone, a clock
   * the system set forward), and the screen must never count a code down to 0 and keep it.
   */
  function tick() {
    if (!shown) return;
    const toNextSecond = (shown.expiresAt - clock.now()) % 1000 || 1000;
    setTimer('tick', Math.max(1, toNextSecond), () => {
      if (!shown) return;
      const now = clock.now();
      if (now >= shown.expiresAt) {
        // Past its time with no refresh tried yet (the timers are behind the clock): a new
        // code, with no word of a network that never failed. Otherwise the expiry as usual.
        if (timers.has('refresh')) {
          dropCode();
          void fetchCode();
          emit();
        } else expire();
        return;
      }
      if (now >= shown.refreshAt && timers.has('refresh')) {
        clearTimer('refresh');
        void fetchCode();
      }
      emit();
      tick();
    });
  }

  function show(code: VoucherCode, sentAt: number, receivedAt: number) {
    const validity = validityOf(code, sentAt, receivedAt);
    dropCode();
    shown = { code, refreshAt: validity.refreshAt, expiresAt: validity.expiresAt };
    clockOffsetMs = validity.clockOffsetMs;
    failure = undefined;
    recoverFailures = 0;
    clearTimer('recover');
    const now = clock.now();
    setTimer('refresh', validity.refreshAt - now, () => void fetchCode());
    setTimer('expiry', validity.expiresAt - now, expire);
    tick();
    if (!polling) void poll(code.cursor);
  }

  /** With no code on screen, tries again by itself: 2 s, 4 s, 8 s … up to 30 s apart. */
  function recoverLater() {
    if (stopped || settlement || pending || failure?.code === 'VOUCHER_NOT_ACTIVATED') return;
    recoverFailures += 1;
    const wait = Math.min(RECOVER_BACKOFF_MS.max, RECOVER_BACKOFF_MS.base * 2 ** (recoverFailures - 1));
    setTimer('recover', wait, () => void fetchCode());
  }

  /** The safety net: whatever else happens, a code is gone from the screen when it expires. */
  function expire() {
    dropCode();
    failure ??= toApiError(undefined, 'NETWORK_ERROR');
    recoverLater();
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
      // The code on screen is still valid: keep it; past the refresh point, say so and try
      // again until it expires.
      if (now >= shown.refreshAt) {
        retrying = true;
        if (shown.expiresAt - now > REFRESH_RETRY_MS) {
          setTimer('retry', REFRESH_RETRY_MS, () => void fetchCode());
        }
      }
      return;
    }
    failure = error;
    recoverLater();
  }

  function fetchCode(): Promise<ApiError | undefined> {
    if (stopped || settlement) return Promise.resolve(undefined);
    if (pending) return pending;
    clearTimer('retry');
    clearTimer('recover');
    const sentAt = clock.now();
    const request = deps.issueCode().then(
      (code) => {
        pending = undefined;
        if (!stopped && !settlement) show(code, sentAt, clock.now());
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
    /** The last answer was asked again at once (Retry-After: 0): the next such one waits. */
    let againAtOnce = false;
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
        // A draining BFF ends the poll early with Retry-After: 0: ask again at once (once in a
        // row, so a BFF that kept saying so could not make the phone spin).
        const atOnce: boolean = answer.retryAfterMs === 0 && !againAtOnce;
        againAtOnce = atOnce;
        if (
          pollingOn() &&
          !atOnce &&
          answer.events.length === 0 &&
          clock.now() - startedAt < POLL_MIN_INTERVAL_MS
        ) {
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

  // The network is back: get a code now if none shows (or its refresh is failing), and let
  // the long-poll try again at once rather than after its backoff.
  const stopListening = deps.onNetworkChange?.((connected) => {
    if (!connected || stopped) return;
    if (!settlement && (!shown || retrying)) {
      recoverFailures = 0;
      void fetchCode();
    }
    if (!pollTask) wakePoll?.();
  });

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
      stopListening?.();
      clearTimer('recover');
      dropCode();
      stopPolling();
    },
  };
}
