// Wakes the long-polls waiting on a person when the webhook stores something for them.
// Publish and subscribe, both asynchronous, so that Redis pub/sub can stand behind the same
// calls when several BFF instances share the work; in one process an in-memory map is enough.
export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface Notifier {
  /** Wakes whoever subscribed to `key` (in every process, for a shared implementation). */
  notify(key: string): Promise<void>;
  /** Calls `wake` on each notify of `key` until unsubscribed; resolves once subscribed. */
  subscribe(key: string, wake: () => void): Promise<Subscription>;
}

/**
 * How long a wait lasts when nobody can wake it (the subscription failed: Redis away): the poll
 * then reads the store again and tries to subscribe again, so it hears an event within this
 * much of Redis coming back rather than at the end of its time.
 */
export const UNWOKEN_WAIT_MS = 1000;

/** Resolves when `key` is notified, the time is up or the signal aborts; never rejects. */
export async function waitOn(
  notifier: Pick<Notifier, 'subscribe'>,
  key: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  let wake = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  let subscription: Subscription;
  let waitMs = timeoutMs;
  try {
    subscription = await notifier.subscribe(key, wake);
  } catch {
    // Nobody can wake us: look again soon (the poll then reads again and subscribes afresh).
    subscription = { unsubscribe: async () => undefined };
    waitMs = Math.min(timeoutMs, UNWOKEN_WAIT_MS);
  }
  const timer = setTimeout(wake, waitMs);
  signal?.addEventListener('abort', wake, { once: true });
  if (signal?.aborted) wake();
  await woken;
  clearTimeout(timer);
  signal?.removeEventListener('abort', wake);
  await subscription.unsubscribe().catch(() => undefined);
}

/** The in-process notifier; `wait` and `waiting` for tests and the voucher service alike. */
export function createNotifier(): Notifier & {
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  waiting(): number;
} {
  const listeners = new Map<string, Set<() => void>>();
  const notifier: Notifier = {
    async notify(key) {
      for (const wake of listeners.get(key) ?? []) wake();
    },
    async subscribe(key, wake) {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      // Each subscription its own entry, even for the same function.
      const entry = () => wake();
      set.add(entry);
      return {
        async unsubscribe() {
          const current = listeners.get(key);
          current?.delete(entry);
          if (current?.size === 0) listeners.delete(key);
        },
      };
    },
  };
  return {
    ...notifier,
    wait: (key, timeoutMs, signal) => waitOn(notifier, key, timeoutMs, signal),
    waiting: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
}
