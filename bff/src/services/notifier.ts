// Wakes the long-polls waiting on a person when the webhook stores something for them.
// In one process an in-memory map is enough; several BFF instances would put this on
// Redis pub/sub behind the same two calls.
export interface Notifier {
  notify(key: string): void;
  /** Resolves when `key` is notified, the time is up or the signal aborts; never rejects. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  waiting(): number;
}

export function createNotifier(): Notifier {
  const waiters = new Map<string, Set<() => void>>();
  return {
    notify(key) {
      const set = waiters.get(key);
      if (!set) return;
      waiters.delete(key);
      for (const wake of set) wake();
    },
    wait(key, timeoutMs, signal) {
      return new Promise((resolve) => {
        let set = waiters.get(key);
        if (!set) waiters.set(key, (set = new Set()));
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          const current = waiters.get(key);
          current?.delete(done);
          if (current?.size === 0) waiters.delete(key);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal?.addEventListener('abort', done, { once: true });
        set.add(done);
      });
    },
    waiting: () => [...waiters.values()].reduce((n, set) => n + set.size, 0),
  };
}
