// Graceful shutdown (issue 26): on SIGTERM or SIGINT an instance leaves its load balancer without
// failing anyone. It says at once that it is not ready (/readyz 503, `draining`), stops accepting
// connections, still serves what arrives on connections already open — each answer with
// `Connection: close`, so the balancer opens its next one elsewhere — and ends every voucher
// long-poll at once with its normal empty answer and `Retry-After: 0` (the phone polls again
// straight away and reaches another instance). It waits for the requests in flight up to
// SHUTDOWN_DRAIN_MS and cuts what is left, then stops the background jobs, gives back the outbox
// rows it leased and did not claim (another instance sends them now, not when the lease runs out),
// writes the audit rows still queued, closes the pools and exits 0. The same signal again exits at once.
import type Koa from 'koa';
import type { Logger } from 'pino';

export interface Drain {
  /** True once the instance began to shut down. */
  draining(): boolean;
  /** Aborted when the drain begins: long-polls listen to it and answer at once. */
  readonly signal: AbortSignal;
  /** Requests being served now (their answer not yet sent). */
  inFlight(): number;
  /** Begins the drain; again changes nothing. */
  begin(): void;
  /** Resolves true once no request is in flight, false when `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean>;
  /** Mounted first in the app: counts requests, and says `Connection: close` while draining. */
  middleware: Koa.Middleware;
}

export function createDrain(): Drain {
  const begun = new AbortController();
  let active = 0;
  const waiters = new Set<() => void>();

  const settle = () => {
    if (active > 0) return;
    for (const wake of waiters) wake();
    waiters.clear();
  };

  return {
    draining: () => begun.signal.aborted,
    signal: begun.signal,
    inFlight: () => active,
    begin() {
      if (!begun.signal.aborted) begun.abort();
    },
    idle(timeoutMs) {
      if (active === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.add(done);
      });
    },
    async middleware(ctx, next) {
      active += 1;
      let counted = true;
      // The answer is out (or the connection gone): whichever comes first, once.
      const finished = () => {
        if (!counted) return;
        counted = false;
        active -= 1;
        settle();
      };
      ctx.res.once('finish', finished);
      ctx.res.once('close', finished);
      try {
        await next();
      } finally {
        // Also for a request that began before the drain and ends during it (Koa ignores a
        // header set once the answer has started).
        if (begun.signal.aborted) ctx.set('Connection', 'close');
      }
    },
  };
}

/**
 * The signal a long-poll waits on: the phone went away, or this instance began to drain. When
 * it ends because of the drain, the answer (the events so far, usually none, and the cursor)
 * says `Retry-After: 0`: poll again now, another instance will hold it.
 */
export async function longPoll<T>(
  ctx: Pick<Koa.Context, 'req' | 'set'>,
  drain: Pick<Drain, 'signal' | 'draining'>,
  wait: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const end = () => stop.abort();
  ctx.req.once('close', end);
  // Removed once answered: the drain's signal lives as long as the process.
  drain.signal.addEventListener('abort', end, { once: true });
  if (drain.draining()) end();
  ctx.set('Cache-Control', 'no-store');
  try {
    const answer = await wait(stop.signal);
    if (drain.draining()) ctx.set('Retry-After', '0');
    return answer;
  } finally {
    drain.signal.removeEventListener('abort', end);
    ctx.req.off('close', end);
  }
}

export interface ShutdownOptions {
  drain: Drain;
  /** The listening server: `close` stops accepting (and closes idle connections). */
  server: { close(callback: () => void): unknown; closeAllConnections(): void };
  /** How long requests in flight may still take (SHUTDOWN_DRAIN_MS). */
  drainMs: number;
  /** Stops the background jobs; resolves once the rounds they were running ended. */
  stopJobs(): Promise<void>;
  /** Frees the outbox rows this instance leased and did not claim; how many. */
  releaseLeases(): Promise<number>;
  /** Writes what is queued (the audit rows) and closes the pools and Redis. */
  closeStorage(): Promise<void>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  exit(code: number): void;
  /** Bound on what follows the drain (jobs, leases, storage) before the process exits anyway. */
  closeMs?: number;
}

/** Time for the jobs' last rounds, the leases and the pools once the requests are done. */
const DEFAULT_CLOSE_MS = 10_000;

/**
 * `shutdown(signal)`: the first call drains and exits 0 (1 if a step failed); the same signal again
 * exits at once (1), another one changes nothing.
 */
export function createShutdown(options: ShutdownOptions): { shutdown(signal: string): Promise<void> } {
  const { drain, server, logger } = options;
  let started: string | undefined;

  async function step(what: string, work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      logger.error({ err: error }, `shutdown: ${what} failed`);
      return false;
    }
  }

  return {
    async shutdown(signal) {
      // The same signal again is someone insisting (Ctrl-C twice). Another one is not: a terminal's
      // Ctrl-C reaches the BFF (SIGINT) and then its supervisor's SIGTERM (npm start).
      if (started === signal) {
        logger.warn({ signal }, 'second signal during the drain: exiting now');
        options.exit(1);
        return;
      }
      if (started) return;
      started = signal;
      // Whatever hangs, the process ends: the drain bound, then the closing bound.
      const bound = options.drainMs + (options.closeMs ?? DEFAULT_CLOSE_MS);
      setTimeout(() => {
        logger.error({ boundMs: bound }, 'shutdown did not finish in time: exiting');
        options.exit(1);
      }, bound).unref();

      logger.info({ signal, inFlight: drain.inFlight() }, 'draining: not ready, no new connections');
      drain.begin();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // No new rounds from here on; a round in progress ends by itself.
      const jobs = step('stopping the background jobs', options.stopJobs);
      if (!(await drain.idle(options.drainMs))) {
        logger.warn(
          { inFlight: drain.inFlight(), drainMs: options.drainMs },
          'drain bound reached: cutting the requests still in flight',
        );
      }
      server.closeAllConnections();
      await closed;
      const ok = [
        await jobs,
        await step('releasing the outbox leases', async () => {
          const released = await options.releaseLeases();
          if (released > 0) logger.info({ released }, 'outbox rows leased here are due again');
        }),
        await step('closing the storage', options.closeStorage),
      ].every(Boolean);
      logger.info({ ok }, 'stopped');
      options.exit(ok ? 0 : 1);
    },
  };
}
