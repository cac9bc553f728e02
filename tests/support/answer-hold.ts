// Holds the insurance platform's answers at one path once it has done the work, for as long as
// a test wants: a request the platform received and has not answered is in flight (a 6202 paid
// and unanswered), so a test kills a BFF at that moment, observed, not after a sleep.
import type Koa from 'koa';

/**
 * Holds the platform's answers at `path` once it has done the work, for as long as the test
 * wants: a request the platform has received and not yet answered is in flight. Off until
 * armed; `held` resolves when the first answer is held.
 */
export function answerHold(path: string) {
  const counts = { received: 0, answered: 0, held: 0 };
  let holding: { release: () => void; released: Promise<void>; first: () => void } | undefined;
  const middleware: Koa.Middleware = async (ctx, next) => {
    if (ctx.path !== path) return next();
    counts.received += 1;
    try {
      await next();
      if (holding) {
        counts.held += 1;
        holding.first();
        await holding.released;
      }
    } finally {
      counts.answered += 1;
    }
  };
  return {
    middleware,
    /** Received and not yet answered, and of those, done and held. */
    inFlight: () => ({ unanswered: counts.received - counts.answered, held: counts.held }),
    arm(): { held: Promise<void>; release: () => void } {
      let first!: () => void;
      const held = new Promise<void>((resolve) => (first = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      holding = { release, released, first };
      return {
        held,
        release: () => {
          holding = undefined;
          release();
        },
      };
    },
  };
}
