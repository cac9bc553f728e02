// The BFF keeps what it knows about a person only while it needs it. Every interval: claims
// that expired unfinished lose the person's data (name, document, phone, …), the SMS log
// forgets sends that no longer count toward the daily cap, and sessions past their lifetime
// go. Reads already treat all of these as gone; the sweep is for data nobody reads again.

import type { ClaimStore, SessionStore } from '../store/ports';
import { SMS_CAP_WINDOW_MS } from './claim';

export interface RetentionSweepResult {
  claimsPurged: number;
  smsForgotten: number;
  sessionsRemoved: number;
}

export interface RetentionSweep {
  /** Sweeps once; the interval calls it. Never rejects: undefined when it failed. */
  sweep(): Promise<RetentionSweepResult | undefined>;
  /** No more sweeps; resolves once the sweep in progress (if any) ended. */
  stop(): Promise<void>;
}

export function startRetentionSweep(deps: {
  claims: Pick<ClaimStore, 'purgeExpired' | 'forgetSmsBefore'>;
  sessions: Pick<SessionStore, 'removeExpired'>;
  now: () => number;
  /** 0: no timer, `sweep` by hand (tests). */
  intervalMs: number;
  onError?: (error: unknown) => void;
}): RetentionSweep {
  let sweeping: Promise<unknown> | undefined;
  const sweepOnce = async () => {
    try {
      return {
        claimsPurged: await deps.claims.purgeExpired(),
        smsForgotten: await deps.claims.forgetSmsBefore(deps.now() - SMS_CAP_WINDOW_MS),
        sessionsRemoved: await deps.sessions.removeExpired(),
      };
    } catch (error) {
      // A busy database: the next sweep does it.
      deps.onError?.(error);
      return undefined;
    }
  };
  const sweep = () => {
    const running = sweepOnce();
    sweeping = running;
    return running;
  };
  const timer = deps.intervalMs > 0 ? setInterval(() => void sweep(), deps.intervalMs) : undefined;
  // Never what keeps the process alive.
  timer?.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
