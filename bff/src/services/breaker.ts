// A circuit breaker for one dependency (issue 26): while the insurance platform, a payment
// service, PostgreSQL or Redis is down, requests are refused at once with a clear answer
// instead of each one waiting out its timeout and tying up the BFF.
//
// closed: calls pass; their outcomes are counted in a sliding window. It opens when, within
//   the window, at least `minimumCalls` calls ended and at least `failureRate` of them failed.
// open: calls are refused at once (`rejection`) until `coolDownMs` has passed.
// half_open: up to `probes` calls pass as probes; the first that succeeds closes the breaker
//   (a fresh window), the first that fails opens it again for another cool-down.
//
// A failure is what `isFailure` says (by default every error): an answer that refuses (a
// wrong password) proves the dependency is up and counts as a success. A call that outlives
// `timeoutMs` (when set) is a failure and is rejected, though its work may still finish.
// The clock is injected; `state()` and `snapshot()` only read (readiness uses them).

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSnapshot {
  name: string;
  state: BreakerState;
  /** Calls and failures counted in the current window (closed only; 0 otherwise). */
  calls: number;
  failures: number;
  /** Open: when probes will be let through (epoch ms). */
  retryAt?: number;
}

export interface BreakerOptions {
  /** The dependency, in logs and snapshots. */
  name: string;
  now: () => number;
  /** The sliding window outcomes are counted in. */
  windowMs?: number;
  /** Fewer ended calls than this in the window never open the breaker. */
  minimumCalls?: number;
  /** The share of failed calls (0–1) that opens it. */
  failureRate?: number;
  /** How long it stays open before a probe is let through. */
  coolDownMs?: number;
  /** Calls let through at once while half open. */
  probes?: number;
  /** A deadline of the breaker's own; calls to this dependency should have theirs too. */
  timeoutMs?: number;
  isFailure?: (error: unknown) => boolean;
  /** What a refused call rejects with (default BreakerOpenError). */
  rejection?: (snapshot: BreakerSnapshot) => Error;
  /** What a call past `timeoutMs` rejects with (default BreakerTimeoutError). */
  timeoutError?: (name: string, timeoutMs: number) => Error;
  /** Timer for `timeoutMs`; returns its cancel. Tests pass a fake clock's. */
  setTimer?: (fire: () => void, ms: number) => () => void;
  onStateChange?: (change: { name: string; from: BreakerState; to: BreakerState; at: number }) => void;
}

export interface Breaker {
  readonly name: string;
  /** Runs `work` when the breaker lets it, counting how it ends. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The state at this moment, without changing it (open past its cool-down reads half_open). */
  state(): BreakerState;
  snapshot(): BreakerSnapshot;
}

/** The breaker refused the call: nothing was sent to the dependency. */
export class BreakerOpenError extends Error {
  constructor(
    readonly breaker: string,
    readonly retryAt: number | undefined,
  ) {
    super(`${breaker} is unavailable (circuit open)`);
    this.name = 'BreakerOpenError';
  }
}

export class BreakerTimeoutError extends Error {
  constructor(
    readonly breaker: string,
    timeoutMs: number,
  ) {
    super(`${breaker}: no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** The window is kept as this many buckets, so memory stays fixed however busy it is. */
const BUCKETS = 10;

const defaultTimer = (fire: () => void, ms: number) => {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export function createBreaker(options: BreakerOptions): Breaker {
  const { name, now } = options;
  const windowMs = options.windowMs ?? 30_000;
  const minimumCalls = options.minimumCalls ?? 10;
  const failureRate = options.failureRate ?? 0.5;
  const coolDownMs = options.coolDownMs ?? 15_000;
  const probes = options.probes ?? 1;
  const isFailure = options.isFailure ?? (() => true);
  const setTimer = options.setTimer ?? defaultTimer;
  const bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS));

  let state: 'closed' | 'open' | 'half_open' = 'closed';
  let openedAt = 0;
  /** Which half-open episode a probe belongs to: a late probe of an earlier one decides nothing. */
  let episode = 0;
  let probesInFlight = 0;
  const buckets = Array.from({ length: BUCKETS }, () => ({ index: -1, calls: 0, failures: 0 }));

  function counted(at: number): { calls: number; failures: number } {
    const current = Math.floor(at / bucketMs);
    let calls = 0;
    let failures = 0;
    for (const bucket of buckets) {
      if (bucket.index > current - BUCKETS && bucket.index <= current) {
        calls += bucket.calls;
        failures += bucket.failures;
      }
    }
    return { calls, failures };
  }

  function count(at: number, failed: boolean): void {
    const index = Math.floor(at / bucketMs);
    const bucket = buckets[index % BUCKETS]!;
    if (bucket.index !== index) Object.assign(bucket, { index, calls: 0, failures: 0 });
    bucket.calls += 1;
    if (failed) bucket.failures += 1;
  }

  function move(to: BreakerState, at: number): void {
    const from = state;
    if (from === to) return;
    state = to;
    if (to === 'open') openedAt = at;
    if (to === 'half_open') {
      episode += 1;
      probesInFlight = 0;
    }
    if (to === 'closed') for (const bucket of buckets) bucket.index = -1;
    options.onStateChange?.({ name, from, to, at });
  }

  function stateAt(at: number): BreakerState {
    return state === 'open' && at >= openedAt + coolDownMs ? 'half_open' : state;
  }

  function snapshot(): BreakerSnapshot {
    const at = now();
    const current = stateAt(at);
    const { calls, failures } = current === 'closed' ? counted(at) : { calls: 0, failures: 0 };
    return {
      name,
      state: current,
      calls,
      failures,
      ...(current === 'open' ? { retryAt: openedAt + coolDownMs } : {}),
    };
  }

  /** Records how one call ended; `probe` is its half-open episode, when it was a probe. */
  function settle(failed: boolean, probe: number | undefined): void {
    const at = now();
    if (probe !== undefined) {
      if (probe !== episode || state !== 'half_open') return;
      probesInFlight -= 1;
      move(failed ? 'open' : 'closed', at);
      return;
    }
    // A call begun while closed that ends after the breaker opened decides nothing.
    if (state !== 'closed') return;
    count(at, failed);
    if (!failed) return;
    const { calls, failures } = counted(at);
    if (calls >= minimumCalls && failures >= failureRate * calls) move('open', at);
  }

  function refuse(): Error {
    const refused = snapshot();
    return options.rejection ? options.rejection(refused) : new BreakerOpenError(name, refused.retryAt);
  }

  /** `work` under the breaker's own deadline, when it has one; `onTimeout` is told first. */
  function guarded<T>(work: () => Promise<T>, onTimeout: () => void): Promise<T> {
    const { timeoutMs } = options;
    if (timeoutMs === undefined) return work();
    return new Promise<T>((resolve, reject) => {
      const cancel = setTimer(() => {
        onTimeout();
        reject(options.timeoutError?.(name, timeoutMs) ?? new BreakerTimeoutError(name, timeoutMs));
      }, timeoutMs);
      work().then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }

  return {
    name,
    state: () => stateAt(now()),
    snapshot,
    async run<T>(work: () => Promise<T>): Promise<T> {
      const at = now();
      if (stateAt(at) === 'half_open' && state === 'open') move('half_open', at);
      if (state === 'open') throw refuse();
      let probe: number | undefined;
      if (state === 'half_open') {
        if (probesInFlight >= probes) throw refuse();
        probesInFlight += 1;
        probe = episode;
      }
      let timedOut = false;
      try {
        const value = await guarded(work, () => (timedOut = true));
        settle(false, probe);
        return value;
      } catch (error) {
        settle(timedOut || isFailure(error), probe);
        throw error;
      }
    },
  };
}
