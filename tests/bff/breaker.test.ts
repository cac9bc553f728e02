// The circuit breaker's rules (issue 26), on a fake clock: when it opens, what it refuses, how
// it probes and closes again, and that reading its state changes nothing.
import {
  BreakerOpenError,
  BreakerTimeoutError,
  createBreaker,
  type BreakerOptions,
} from '../../bff/src/services/breaker';

/** A clock whose time moves only when told, firing the timers that fall due. */
function fakeClock(start = 1_000_000) {
  let at = start;
  const timers = new Set<{ due: number; fire: () => void }>();
  return {
    now: () => at,
    setTimer(fire: () => void, ms: number) {
      const timer = { due: at + ms, fire };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
    advance(ms: number) {
      at += ms;
      for (const timer of [...timers].sort((a, b) => a.due - b.due)) {
        if (timer.due > at) continue;
        timers.delete(timer);
        timer.fire();
      }
    },
    pending: () => timers.size,
  };
}

class Refusal extends Error {}

function setup(overrides: Partial<BreakerOptions> = {}) {
  const clock = fakeClock();
  const changes: string[] = [];
  const breaker = createBreaker({
    name: 'insurance-platform',
    now: clock.now,
    setTimer: clock.setTimer,
    windowMs: 10_000,
    minimumCalls: 4,
    failureRate: 0.5,
    coolDownMs: 5_000,
    // The dependency answered and said no: it is up.
    isFailure: (error) => !(error instanceof Refusal),
    onStateChange: ({ from, to }) => changes.push(`${from}→${to}`),
    ...overrides,
  });
  const ok = () => breaker.run(async () => 'answer');
  const fail = () =>
    breaker.run(async () => Promise.reject(new Error('unreachable'))).catch((e: unknown) => e);
  return { clock, breaker, changes, ok, fail };
}

describe('createBreaker', () => {
  it('passes calls and their answers through while closed', async () => {
    const { breaker, ok } = setup();
    await expect(ok()).resolves.toBe('answer');
    const refused = await breaker.run(() => Promise.reject(new Refusal('wrong password'))).catch((e) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect(breaker.snapshot()).toEqual({
      name: 'insurance-platform',
      state: 'closed',
      calls: 2,
      failures: 0,
    });
  });

  it('opens once enough calls in the window failed, and then refuses without calling', async () => {
    const { breaker, changes, ok, fail } = setup();
    await ok();
    await fail();
    await fail();
    // 2 of 3: over the rate, but under the minimum number of calls.
    expect(breaker.state()).toBe('closed');
    await fail();
    expect(breaker.state()).toBe('open');
    expect(changes).toEqual(['closed→open']);

    const work = jest.fn(async () => 'never');
    const refused = await breaker.run(work).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BreakerOpenError);
    expect((refused as BreakerOpenError).retryAt).toBe(breaker.snapshot().retryAt);
    expect(work).not.toHaveBeenCalled();
  });

  it('does not open while failures stay under the rate', async () => {
    const { breaker, ok, fail } = setup();
    for (let i = 0; i < 6; i += 1) await ok();
    for (let i = 0; i < 5; i += 1) await fail();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', calls: 11, failures: 5 });
  });

  it('forgets failures that left the window', async () => {
    const { clock, breaker, fail } = setup();
    await fail();
    await fail();
    await fail();
    clock.advance(10_001);
    await fail();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', calls: 1, failures: 1 });
  });

  it('lets one probe through after the cool-down and closes when it succeeds', async () => {
    const { clock, breaker, changes, fail } = setup();
    for (let i = 0; i < 4; i += 1) await fail();
    clock.advance(4_999);
    expect(breaker.state()).toBe('open');
    clock.advance(1);
    expect(breaker.state()).toBe('half_open');

    let answer!: (value: string) => void;
    const probe = breaker.run(() => new Promise<string>((resolve) => (answer = resolve)));
    // Only one probe at a time: the next call is refused while it is out.
    await expect(breaker.run(async () => 'second')).rejects.toBeInstanceOf(BreakerOpenError);
    answer('back');
    await expect(probe).resolves.toBe('back');
    expect(breaker.snapshot()).toEqual({
      name: 'insurance-platform',
      state: 'closed',
      calls: 0,
      failures: 0,
    });
    expect(changes).toEqual(['closed→open', 'open→half_open', 'half_open→closed']);
  });

  it('opens again for a whole cool-down when the probe fails', async () => {
    const { clock, breaker, changes, fail } = setup();
    for (let i = 0; i < 4; i += 1) await fail();
    clock.advance(5_000);
    await fail();
    expect(breaker.state()).toBe('open');
    clock.advance(4_999);
    expect(breaker.state()).toBe('open');
    clock.advance(1);
    expect(breaker.state()).toBe('half_open');
    expect(changes).toEqual(['closed→open', 'open→half_open', 'half_open→open']);
  });

  it('counts a refusal by the dependency as a successful probe', async () => {
    const { clock, breaker, fail } = setup();
    for (let i = 0; i < 4; i += 1) await fail();
    clock.advance(5_000);
    await breaker.run(() => Promise.reject(new Refusal('no such person'))).catch(() => undefined);
    expect(breaker.state()).toBe('closed');
  });

  it('counts a call past its deadline as a failure and rejects it then', async () => {
    const { clock, breaker } = setup({ timeoutMs: 2_000, minimumCalls: 2 });
    const hanging = () => breaker.run(() => new Promise<string>(() => undefined)).catch((e: unknown) => e);
    const first = hanging();
    const second = hanging();
    clock.advance(2_000);
    await expect(first).resolves.toBeInstanceOf(BreakerTimeoutError);
    await expect(second).resolves.toBeInstanceOf(BreakerTimeoutError);
    expect(breaker.state()).toBe('open');
    expect(clock.pending()).toBe(0);
  });

  it('clears its deadline when the call answers in time', async () => {
    const { clock, breaker } = setup({ timeoutMs: 2_000 });
    await expect(breaker.run(async () => 'quick')).resolves.toBe('quick');
    expect(clock.pending()).toBe(0);
  });

  it('ignores the end of a call begun before it opened', async () => {
    const { clock, breaker, fail } = setup();
    let late!: (error: Error) => void;
    const slow = breaker
      .run(() => new Promise<string>((_, reject) => (late = reject)))
      .catch(() => undefined);
    for (let i = 0; i < 4; i += 1) await fail();
    clock.advance(5_000);
    late(new Error('finally timed out'));
    await slow;
    // The old call's failure is not a probe's: the breaker still waits for a probe.
    expect(breaker.state()).toBe('half_open');
  });

  it('reads its state without moving it', async () => {
    const { clock, breaker, changes, fail } = setup();
    for (let i = 0; i < 4; i += 1) await fail();
    clock.advance(6_000);
    expect(breaker.snapshot().state).toBe('half_open');
    expect(breaker.state()).toBe('half_open');
    expect(changes).toEqual(['closed→open']);
  });

  it('refuses with the error the dependency chose', async () => {
    const { breaker, fail } = setup({
      rejection: (snapshot) => new Error(`${snapshot.name} down until ${snapshot.retryAt}`),
    });
    for (let i = 0; i < 4; i += 1) await fail();
    await expect(breaker.run(async () => 'x')).rejects.toThrow(/insurance-platform down until \d+/);
  });
});
