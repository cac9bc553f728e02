// One SQLite connection, one holder at a time: a unit of work holds it across its awaits;
// a single call waits only while someone holds it, and otherwise runs at once. First come,
// first served: a release hands the connection straight to the next in line.
export interface ConnectionLock {
  /** Resolves once the caller holds the connection; release it exactly once. */
  acquire(): Promise<void>;
  release(): void;
  /** Runs `work` (synchronous) when nobody holds the connection: now, or after the holders before it. */
  run<R>(work: () => R): Promise<R>;
}

export function createConnectionLock(): ConnectionLock {
  let held = false;
  const waiting: (() => void)[] = [];

  function acquire(): Promise<void> {
    if (!held) {
      held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  }
  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else held = false;
  }

  return {
    acquire,
    release,
    run(work) {
      if (!held) {
        try {
          return Promise.resolve(work());
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return acquire().then(() => {
        try {
          return work();
        } finally {
          release();
        }
      });
    },
  };
}
