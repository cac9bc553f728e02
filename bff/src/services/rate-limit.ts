// A sliding-window limit per key (e.g. 30 codes a minute per person). In memory: one BFF
// process; several instances would keep the window in Redis behind the same call.
export interface RateLimiter {
  /** Counts one use of `key`; false when the key is over its limit. */
  take(key: string): boolean;
}

export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  now: () => number;
}): RateLimiter {
  const uses = new Map<string, number[]>();
  return {
    take(key) {
      const now = options.now();
      const recent = (uses.get(key) ?? []).filter((at) => now - at < options.windowMs);
      if (recent.length >= options.limit) {
        uses.set(key, recent);
        return false;
      }
      recent.push(now);
      uses.set(key, recent);
      return true;
    },
  };
}
