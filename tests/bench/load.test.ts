// The benchmark's load generators on a fake clock: what they count and from when. No
// timing is asserted anywhere — these check the accounting, which is deterministic here.
import { closedLoop, openLoop, percentile, type Clock } from './load';

/**
 * Time moves only when the scheduler sleeps (optionally waking late) or a send takes time.
 * A sleep first lets pending answers settle (setImmediate), as a real timer would.
 */
function fakeClock(lateness: (at: number) => number = () => 0) {
  let now = 0;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => now,
    sleepUntil: async (at) => {
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, at + lateness(at));
    },
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
}

describe('percentile', () => {
  it('is the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('openLoop (fixed schedule)', () => {
  it('sends one request every 1/rate s for the duration', async () => {
    const clock = fakeClock();
    const sentAt: number[] = [];
    const result = await openLoop({
      rate: 100,
      durationMs: 50,
      clock,
      send: async () => {
        sentAt.push(clock.now());
        return true;
      },
    });
    expect(sentAt).toEqual([0, 10, 20, 30, 40]);
    expect(result).toMatchObject({ sent: 5, errors: 0, p50Ms: 0, p99Ms: 0 });
  });

  it('charges a late timer to the requests it delayed, each from its own scheduled time', async () => {
    // Waking for the request due at 10 happens at 25: the ones due at 10 and 20 go out at 25.
    const clock = fakeClock((at) => (at === 10 ? 15 : 0));
    const sentAt: number[] = [];
    const result = await openLoop({
      rate: 100,
      durationMs: 50,
      clock,
      send: async () => {
        sentAt.push(clock.now());
        return true;
      },
    });
    expect(sentAt).toEqual([0, 25, 25, 30, 40]);
    // Latencies 0, 15, 5, 0, 0.
    expect(result.maxMs).toBe(15);
    expect(result.p99Ms).toBe(15);
    expect(result.p50Ms).toBe(0);
  });

  it('keeps the schedule while a request stalls, so the stall shows in the later latencies', async () => {
    // The first send blocks for 30 ms: the requests due at 10, 20 and 30 leave at 30.
    const clock = fakeClock();
    let first = true;
    const result = await openLoop({
      rate: 100,
      durationMs: 50,
      clock,
      send: async () => {
        if (first) clock.advance(30);
        first = false;
        return true;
      },
    });
    // Latencies 30, 20, 10, 0, 0 — not five fast answers after one slow one.
    expect(result).toMatchObject({ sent: 5, maxMs: 30, p99Ms: 30, p50Ms: 10 });
  });

  it('counts answers that are not 2xx as errors', async () => {
    let n = 0;
    const result = await openLoop({
      rate: 100,
      durationMs: 50,
      clock: fakeClock(),
      send: async () => n++ % 2 === 0,
    });
    expect(result.errors).toBe(2);
  });
});

describe('closedLoop', () => {
  it('counts only what completes inside the measured window', async () => {
    const clock = fakeClock();
    let n = 0;
    const result = await closedLoop({
      connections: 1,
      warmupMs: 20,
      durationMs: 100,
      clock,
      send: async () => {
        clock.advance(10);
        return n++ % 4 !== 0;
      },
    });
    // Answers at 10, 20, …, 120: those at 20 … 110 are in [20, 120).
    expect(result).toMatchObject({ completed: 10, p50Ms: 10 });
    // The sends answered at 50 and 90 failed (the one at 10 was in the warm-up), and a
    // failure is not throughput: 8 good answers in 100 ms.
    expect(result.errors).toBe(2);
    expect(result.rps).toBe(80);
  });
});
