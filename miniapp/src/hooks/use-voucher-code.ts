// The code page's code: while `active` (page shown, voucher claimed) a code session runs —
// fetching, refreshing and following the code (services/code-session.ts); when the page hides
// or unmounts it stops (timers cleared, long-poll aborted) and the next showing starts afresh.
// The session hears when the network comes back (services/network.ts), to recover by itself.
import { useCallback, useEffect, useRef, useState } from 'react';

import { parseRetryAfterMs } from '@ybm/shared';

import { call, type ApiError } from '../services/api';
import {
  LOADING_VIEW,
  startCodeSession,
  systemClock,
  type CodeSession,
  type CodeSessionDeps,
  type CodeView,
} from '../services/code-session';
import { onNetworkChange } from '../services/network';

/** The BFF holds a long-poll up to 25 s; the request gets a little longer before timing out. */
export const LONG_POLL_WAIT_SECONDS = 25;
export const LONG_POLL_TIMEOUT_MS = 30_000;

export const defaultCodeDeps: CodeSessionDeps = {
  // The session retries by itself, saying so on screen (code-session.ts): not the client's policy too.
  issueCode: () => call('voucherCode', { retry: false }),
  waitForEvents: async (cursor, onTask) => {
    let retryAfterMs: number | undefined;
    const answer = await call('voucherEvents', {
      query: { cursor, wait: LONG_POLL_WAIT_SECONDS },
      timeoutMs: LONG_POLL_TIMEOUT_MS,
      onTask,
      // The session backs off by itself, and aborts the poll when the page goes away.
      retry: false,
      onRetryAfter: (value) => {
        retryAfterMs = parseRetryAfterMs(value);
      },
    });
    return retryAfterMs === undefined ? answer : { ...answer, retryAfterMs };
  },
  clock: systemClock,
  onNetworkChange,
};

export interface VoucherCodeControls extends CodeView {
  /** 刷新 (and 重试 from the offline state): a new code; resolves with the error if that failed. */
  refresh: () => Promise<ApiError | undefined>;
  /** After a settlement: a new showing, with a fresh code. */
  restart: () => void;
}

export function useVoucherCode({
  active,
  deps,
}: {
  active: boolean;
  deps?: Partial<CodeSessionDeps>;
}): VoucherCodeControls {
  const [view, setView] = useState<CodeView>(LOADING_VIEW);
  const [showing, setShowing] = useState(0);
  const session = useRef<CodeSession | undefined>(undefined);
  // Read when a session starts: tests pass fakes once, the page passes nothing.
  const depsRef = useRef(deps);
  depsRef.current = deps;

  useEffect(() => {
    if (!active) return undefined;
    const current = startCodeSession({ ...defaultCodeDeps, ...depsRef.current }, setView);
    session.current = current;
    return () => {
      current.stop();
      session.current = undefined;
      // The next showing starts from "loading", never from the last code.
      setView(LOADING_VIEW);
    };
  }, [active, showing]);

  const refresh = useCallback(() => session.current?.refresh() ?? Promise.resolve(undefined), []);
  const restart = useCallback(() => setShowing((n) => n + 1), []);
  return { ...(active ? view : LOADING_VIEW), refresh, restart };
}
