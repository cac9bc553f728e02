// A sliding-window limit per key (e.g. 30 codes a minute per person). Asynchronous, so that
// several BFF instances can keep the window in Redis behind the same call; this one is in
// memory, for one process.
export interface RateLimiter {
  /** Counts one use of `key`; false when the key is over its limit. */
  take(key: string): Promise<boolean>;
}

export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  now: () => number;
}): RateLimiter & { size(): number } {
  const { limit, windowMs } = options;
  /** Each key's uses within the window, oldest first. */
  const uses = new Map<string, number[]>();
  let sweptAt = options.now();

  // Once a window, forget keys unused for a whole window: without it the map would keep
  // everyone who ever asked for a code, for as long as the process runs.
  function sweep(now: number): void {
    for (const [key, times] of uses) {
      if (times.length === 0 || now - times[times.length - 1]! >= windowMs) uses.delete(key);
    }
    sweptAt = now;
  }

  return {
    async take(key) {
      const now = options.now();
      if (now - sweptAt >= windowMs) sweep(now);
      let times = uses.get(key);
      if (!times) {
        times = [];
        uses.set(key, times);
      }
      let expired = 0;
      while (expired < times.length && now - times[expired]! >= windowMs) expired += 1;
      if (expired > 0) times.splice(0, expired);
      if (times.length >= limit) return false;
      times.push(now);
      return true;
    },
    /** How many keys are held (people who used it within about the last two windows). */
    size: () => uses.size,
  };
}
