// Rows a store read from the database, reused for a short while instead of read again.
// Sessions and bindings are looked up on nearly every request (the code page: a code, then
// the long-poll), and each lookup was a query. A store forgets what it changes itself at
// once; what another BFF process sharing the database changed shows after `reuseMs`.
// Only found rows are kept, so something created elsewhere is seen at once.
const REUSE_MS = 10 * 1000;
const REUSE_MAX = 10_000;

export interface RecentReads<V> {
  /** The value read under `key` less than REUSE_MS ago, else `read()` (kept when found). */
  get(key: string, read: () => V | undefined): V | undefined;
  forget(key: string): void;
  /** Forgets every value the test picks (a user's sessions, all at once). */
  forgetWhere(test: (value: V) => boolean): void;
}

export function recentReads<V>(now: () => number): RecentReads<V> {
  /** Oldest first, so the first key is the one to evict when full. */
  const entries = new Map<string, { value: V; readAt: number }>();
  return {
    get(key, read) {
      const at = now();
      const cached = entries.get(key);
      if (cached && at - cached.readAt < REUSE_MS) return cached.value;
      entries.delete(key);
      const value = read();
      if (value !== undefined) {
        if (entries.size >= REUSE_MAX) entries.delete(entries.keys().next().value!);
        entries.set(key, { value, readAt: at });
      }
      return value;
    },
    forget: (key) => void entries.delete(key),
    forgetWhere(test) {
      for (const [key, entry] of entries) if (test(entry.value)) entries.delete(key);
    },
  };
}
