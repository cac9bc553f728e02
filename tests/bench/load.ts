// Load generators for the benchmark (method: ../../../shared/BENCHMARKS.md):
// - closedLoop: N connections, each sending its next request as soon as the last answered;
//   warm-up, then a measured window → throughput and errors.
// - openLoop: a fixed schedule, one request every 1/rate s whatever the answers do; each
//   latency is counted from the request's *scheduled* send time, so a late timer or a
//   stalled client is charged to the latency instead of silently thinning the load.
// Plus percentiles, and a fetch for the counter library over the raw client (raw-http.ts).
import { createRawHttpClient } from './raw-http';

/** One request: resolves true for a 2xx answer, false for anything else (never rejects). */
export type Send = () => Promise<boolean>;

/** Time source and sleep, injectable so the scheduler's accounting can be tested on a fake clock. */
export interface Clock {
  now(): number;
  sleepUntil(at: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleepUntil: (at) =>
    new Promise((resolve) => {
      const wait = at - performance.now();
      if (wait <= 0) resolve();
      else setTimeout(resolve, wait);
    }),
};

/** Nearest-rank percentile of a list of numbers (q in 0..100); NaN for an empty list. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export interface ClosedLoopResult {
  connections: number;
  windowMs: number;
  /** Answers received inside the measured window. */
  completed: number;
  errors: number;
  /** 2xx answers per second: a refusal (a 429 costs the server little) is not throughput. */
  rps: number;
  /** Latencies inside the window (informative only: in a closed loop ≈ connections ÷ rps). */
  p50Ms: number;
  p99Ms: number;
}

/** `connections` loops of send → await → send, for warmupMs + durationMs; counts only the window. */
export async function closedLoop(options: {
  connections: number;
  warmupMs: number;
  durationMs: number;
  send: Send;
  clock?: Clock;
}): Promise<ClosedLoopResult> {
  const clock = options.clock ?? realClock;
  const start = clock.now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  let completed = 0;
  let errors = 0;
  const latencies: number[] = [];

  async function connection(): Promise<void> {
    while (clock.now() < windowEnd) {
      const sentAt = clock.now();
      const ok = await options.send();
      const doneAt = clock.now();
      if (doneAt >= windowStart && doneAt < windowEnd) {
        completed += 1;
        if (!ok) errors += 1;
        latencies.push(doneAt - sentAt);
      }
    }
  }
  await Promise.all(Array.from({ length: options.connections }, connection));
  return {
    connections: options.connections,
    windowMs: options.durationMs,
    completed,
    errors,
    rps: ((completed - errors) / options.durationMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

export interface OpenLoopResult {
  rate: number;
  windowMs: number;
  sent: number;
  errors: number;
  /** Requests answered per second of schedule (should equal `rate` when the server keeps up). */
  achievedRps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Sends one request every 1000/rate ms for durationMs. When the timer wakes late, every
 * request whose time has come goes out at once, each still timed from its own schedule.
 */
export async function openLoop(options: {
  rate: number;
  durationMs: number;
  send: Send;
  clock?: Clock;
}): Promise<OpenLoopResult> {
  const clock = options.clock ?? realClock;
  const interval = 1000 / options.rate;
  const total = Math.floor(options.durationMs / interval);
  const start = clock.now();
  const latencies: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];

  let next = 0;
  while (next < total) {
    await clock.sleepUntil(start + next * interval);
    const now = clock.now();
    while (next < total && start + next * interval <= now) {
      const scheduledAt = start + next * interval;
      inFlight.push(
        options.send().then((ok) => {
          latencies.push(clock.now() - scheduledAt);
          if (!ok) errors += 1;
        }),
      );
      next += 1;
    }
  }
  await Promise.all(inFlight);
  const elapsed = Math.max(clock.now() - start, options.durationMs);
  return {
    rate: options.rate,
    windowMs: options.durationMs,
    sent: total,
    errors,
    achievedRps: ((total - errors) / elapsed) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** The generator's client for one origin (raw-http.ts): get / post / close. */
export type HttpClient = Pick<ReturnType<typeof createRawHttpClient>, 'get' | 'post' | 'close'>;

/**
 * The part of `fetch` the counter library uses (POST a string, read status / text / JSON,
 * honour an AbortSignal) over the generator's raw keep-alive client (raw-http.ts), one per
 * origin. The counters stand for other machines' HIS; undici's fetch costs ≈ 10× the CPU of
 * node:http per call here, and node:http ≈ 3× this client, CPU taken from the two cores the
 * servers under test share. An aborted call rejects at once; its socket stays busy until
 * the answer comes and is then reused.
 */
export function leanFetch(options: { maxSockets: number }): typeof fetch {
  const clients = new Map<string, ReturnType<typeof createRawHttpClient>>();
  const leanFetchImpl = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    let client = clients.get(url.origin);
    if (!client) {
      client = createRawHttpClient(url.origin, options);
      clients.set(url.origin, client);
    }
    const body = typeof init.body === 'string' ? init.body : undefined;
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    const signal = init.signal;
    signal?.throwIfAborted();
    const answer = client.request(init.method ?? 'GET', url.pathname + url.search, headers, body);
    const aborted = new Promise<never>((_, reject) =>
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
    );
    // An abort after the answer came must not surface as an unhandled rejection.
    aborted.catch(() => undefined);
    const { status, body: text } = await Promise.race([answer, aborted]);
    if (status === 0) throw new TypeError('fetch failed: connection lost or refused');
    return {
      status,
      ok: status >= 200 && status < 300,
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
    } as Response;
  };
  return leanFetchImpl as typeof fetch;
}

export const isOk = (answer: HttpAnswer) => answer.status >= 200 && answer.status < 300;
