// Small helpers the platform tests share: a clock moved by hand, and catching a rejection.

/** A clock tests move by hand: 2026-03-02 09:00 in China. */
export function manualClock(start = Date.parse('2026-03-02T09:00:00+08:00')) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

/** Asserts a promise rejects and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
