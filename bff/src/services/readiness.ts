// Readiness from state (issue 26): /readyz answers from the dependencies' circuit breakers and
// the last result of a background probe (a sealed echo through the insurance platform, a ping
// of the stores), never by calling anything per request — a load balancer probing every second
// costs the platform nothing. A probe goes through its dependency's breaker, so the background
// probe is also what half-opens and closes a breaker when no person is calling.
//
// The answer says only ready or not and which kind of dependency is down: no error text, no
// latency, no address. Only the dependencies every request needs decide readiness (the stores,
// the insurance platform); WeChat, Alipay and the payment services are reported beside them,
// because an instance that cannot reach WeChat still serves Alipay users and the code page.
import type { Readiness } from '@ybm/shared';

import type { Breaker } from './breaker';

export type CheckName = keyof Readiness['checks'];

export interface ReadinessCheck {
  name: CheckName;
  /** Decides whether the instance is ready; otherwise only reported. */
  critical: boolean;
  /** Open means down. */
  breakers: Breaker[];
  /** The background probe; rejects when the dependency is not usable. */
  probe?: () => Promise<void>;
}

export interface ReadinessOptions {
  checks: ReadinessCheck[];
  now: () => number;
  /** How often the background probe runs (main.ts starts it). */
  intervalMs?: number;
  /** True once the instance shuts down (shutdown.ts): not ready, whatever the checks say. */
  draining?: () => boolean;
}

export interface ReadinessService {
  /** The answer of /readyz: from state, after the first probe (awaited once, if none ran yet). */
  report(): Promise<Readiness>;
  /** Runs every probe once (one run at a time). */
  probe(): Promise<void>;
  /** Probes now and every interval until stopped. */
  start(): { stop(): void };
}

const DEFAULT_INTERVAL_MS = 5_000;

export function createReadiness(options: ReadinessOptions): ReadinessService {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const probed = new Map<CheckName, { ok: boolean; at: number }>();
  let running: Promise<void> | undefined;
  let lastRun: number | undefined;

  async function probeAll(): Promise<void> {
    await Promise.all(
      options.checks.map(async (check) => {
        if (!check.probe) return;
        const ok = await check.probe().then(
          () => true,
          () => false,
        );
        probed.set(check.name, { ok, at: options.now() });
      }),
    );
    lastRun = options.now();
  }

  function probe(): Promise<void> {
    running ??= probeAll().finally(() => {
      running = undefined;
    });
    return running;
  }

  function isOk(check: ReadinessCheck): boolean {
    if (check.breakers.some((breaker) => breaker.state() === 'open')) return false;
    return !check.probe || probed.get(check.name)?.ok === true;
  }

  return {
    probe,
    async report() {
      const draining = options.draining?.() === true;
      // Draining: not ready at once, whatever a probe would say, so none is run.
      if (!draining) {
        if (lastRun === undefined) await probe();
        // No background probe (a test's app, or the timer stalled): refresh, but answer now.
        else if (options.now() - lastRun > 3 * intervalMs) void probe();
      }
      const checks: Partial<Record<CheckName, { ok: boolean }>> = {};
      let ready = true;
      for (const check of options.checks) {
        const ok = isOk(check);
        checks[check.name] = { ok };
        if (check.critical && !ok) ready = false;
      }
      return {
        status: ready && !draining ? 'ready' : 'not_ready',
        ...(draining ? { draining: true } : {}),
        checks: {
          insurancePlatform: checks.insurancePlatform ?? { ok: false },
          storage: checks.storage ?? { ok: false },
          ...checks,
        },
      };
    },
    start() {
      void probe();
      const timer = setInterval(() => void probe(), intervalMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}
