import { createRateLimiter } from '../../bff/src/services/rate-limit';

describe('createRateLimiter', () => {
  function limiter(limit = 3, windowMs = 60_000) {
    let clock = 1_000_000;
    const subject = createRateLimiter({ limit, windowMs, now: () => clock });
    return { subject, advance: (ms: number) => void (clock += ms) };
  }

  it('allows `limit` uses per key within the window, then refuses', () => {
    const { subject } = limiter(3);
    expect([1, 2, 3, 4].map(() => subject.take('P1'))).toEqual([true, true, true, false]);
    expect(subject.take('P2')).toBe(true);
  });

  it('slides: each use frees its place a window after it was made', () => {
    const { subject, advance } = limiter(2, 60_000);
    subject.take('P1');
    advance(30_000);
    subject.take('P1');
    expect(subject.take('P1')).toBe(false);
    advance(30_000); // the first use is now a window old
    expect(subject.take('P1')).toBe(true);
    expect(subject.take('P1')).toBe(false);
  });

  it('does not count refused attempts', () => {
    const { subject, advance } = limiter(1, 60_000);
    subject.take('P1');
    advance(59_000);
    expect(subject.take('P1')).toBe(false);
    advance(1_000);
    expect(subject.take('P1')).toBe(true);
  });

  it('forgets people who have not used it for a window, so memory stays bounded', () => {
    const { subject, advance } = limiter(30, 60_000);
    for (let i = 0; i < 1000; i += 1) subject.take(`P${i}`);
    expect(subject.size()).toBe(1000);
    advance(30_000);
    subject.take('P0');
    advance(30_000);
    subject.take('P1000'); // a window after the first uses: the sweep runs
    expect(subject.size()).toBe(2); // P0 (used 30 s ago) and P1000
  });
});
