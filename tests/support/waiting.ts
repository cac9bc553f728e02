// Waiting in tests for the event a test needs (issues 25, 26): a condition looked at every 50 ms
// until it holds, or a failure naming what never came — never a fixed sleep for an outcome.
// `sleep` is for pacing the looking, and for tests that must let time pass on purpose.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` holds (looked at every 50 ms), or fails after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(50)) {
    if (await check()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The first value `check` gives other than undefined (looked at every 50 ms), or fails after `timeoutMs`. */
export async function untilValue<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}
