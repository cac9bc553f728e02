// While something failed for want of a network, try it again by itself: at once when the
// network comes back (services/network.ts), and meanwhile every 2 s, 4 s, 8 s … up to 30 s.
import { useEffect, useRef } from 'react';

import { onNetworkChange } from '../services/network';

export const RECOVERY_BACKOFF_MS = { base: 2_000, max: 30_000 } as const;

export function useRecovery(failed: boolean, retry: () => void): void {
  const latest = useRef(retry);
  latest.current = retry;

  useEffect(() => {
    if (!failed) return undefined;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const wait = Math.min(RECOVERY_BACKOFF_MS.max, RECOVERY_BACKOFF_MS.base * 2 ** tries);
      tries += 1;
      timer = setTimeout(() => {
        latest.current();
        schedule();
      }, wait);
    };
    schedule();
    const stop = onNetworkChange((connected) => {
      if (connected) latest.current();
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [failed]);
}
