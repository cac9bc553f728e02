import { createRateLimiter } from '../../bff/src/services/rate-limit';

describe('createRateLimiter', () => {
  function limiter(limit = 3, windowMs = 60_000) {
    let clock = 1_000_000;
    const subject = createRateLimiter({ limit, windowMs, now: () => clock });
    return { subject, advance: (ms: number) => void (clock += ms) };
  }

  it('allows `limit` uses per key within the window, then refuses', async () => {
    const { subject } = limiter(3);
    expect(await Promise.all([1, 2, 3, 4].map(() => subject.take('P1')))).toEqual([true, true, true, false]);
    expect(await subject.take('P2')).toBe(true);
  });

  it('slides: each use frees its place a window after it was made', async () => {
    const { subject, advance } = limiter(2, 60_000);
    await subject.take('P1');
    advance(30_000);
    await subject.take('P1');
    expect(await subject.take('P1')).toBe(false);
    advance(30_000); // the first use is now a window old
    expect(await subject.take('P1')).toBe(true);
    expect(await subject.take('P1')).toBe(false);
  });

  it('does not count refused attempts', async () => {
    const { subject, advance } = limiter(1, 60_000);
    await subject.take('P1');
    advance(59_000);
    expect(await subject.take('P1')).toBe(false);
    advance(1_000);
    expect(await subject.take('P1')).toBe(true);
  });

  it('forgets people who have not used it for a window, so memory stays bounded', async () => {
    const { subject, advance } = limiter(30, 60_000);
    for (let i = 0; i < 1000; i += 1) await subject.take(`P${i}`);
    expect(subject.size()).toBe(1000);
    advance(30_000);
    await subject.take('P0');
    advance(30_000);
    await subject.take('P1000'); // a window after the first uses: the sweep runs
    expect(subject.size()).toBe(2); // P0 (used 30 s ago) and P1000
  });
});
