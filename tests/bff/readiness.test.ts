// Readiness from state (issue 26): /readyz's answer comes from the breakers and the last
// background probe; only the stores and the insurance platform decide it.
import { createBreaker } from '../../bff/src/services/breaker';
import { createReadiness, type ReadinessCheck } from '../../bff/src/services/readiness';

function setup() {
  let at = 1_000_000;
  const now = () => at;
  const breaker = (name: string) =>
    createBreaker({ name, now, minimumCalls: 2, failureRate: 0.5, coolDownMs: 5_000, windowMs: 10_000 });
  const platform = breaker('insurance-channel');
  const wechat = breaker('wechat');
  const storage = breaker('postgres');
  const probes = { platform: jest.fn(async () => undefined), storage: jest.fn(async () => undefined) };
  const checks: ReadinessCheck[] = [
    {
      name: 'insurancePlatform',
      critical: true,
      breakers: [platform],
      probe: () => platform.run(probes.platform),
    },
    { name: 'storage', critical: true, breakers: [storage], probe: () => storage.run(probes.storage) },
    { name: 'wechat', critical: false, breakers: [wechat] },
  ];
  const readiness = createReadiness({ checks, now, intervalMs: 1_000 });
  const down = async (which: ReturnType<typeof breaker>) => {
    for (let i = 0; i < 2; i += 1)
      await which.run(() => Promise.reject(new Error('down'))).catch(() => undefined);
  };
  return { readiness, probes, platform, wechat, storage, down, advance: (ms: number) => (at += ms) };
}

describe('createReadiness', () => {
  it('probes once before its first answer, then answers from state', async () => {
    const { readiness, probes } = setup();
    await expect(readiness.report()).resolves.toEqual({
      status: 'ready',
      checks: { insurancePlatform: { ok: true }, storage: { ok: true }, wechat: { ok: true } },
    });
    await readiness.report();
    await readiness.report();
    expect(probes.platform).toHaveBeenCalledTimes(1);
    expect(probes.storage).toHaveBeenCalledTimes(1);
  });

  it('is not ready while the last probe of a store failed, and ready after one succeeds', async () => {
    const { readiness, probes } = setup();
    probes.storage.mockRejectedValueOnce(new Error('connection refused'));
    await expect(readiness.report()).resolves.toMatchObject({
      status: 'not_ready',
      checks: { storage: { ok: false } },
    });
    await readiness.probe();
    await expect(readiness.report()).resolves.toMatchObject({
      status: 'ready',
      checks: { storage: { ok: true } },
    });
  });

  it('is not ready while the platform breaker is open, without asking the platform', async () => {
    const { readiness, probes, platform, down } = setup();
    await readiness.report();
    await down(platform);
    await expect(readiness.report()).resolves.toMatchObject({
      status: 'not_ready',
      checks: { insurancePlatform: { ok: false } },
    });
    expect(probes.platform).toHaveBeenCalledTimes(1);
  });

  it('reports WeChat down but stays ready: Alipay users and the code page still work', async () => {
    const { readiness, wechat, down } = setup();
    await down(wechat);
    await expect(readiness.report()).resolves.toEqual({
      status: 'ready',
      checks: { insurancePlatform: { ok: true }, storage: { ok: true }, wechat: { ok: false } },
    });
  });

  it('lets the background probe close an open breaker after its cool-down', async () => {
    const { readiness, platform, down, advance } = setup();
    await down(platform);
    expect(platform.state()).toBe('open');
    advance(5_000);
    await readiness.probe();
    expect(platform.state()).toBe('closed');
    await expect(readiness.report()).resolves.toMatchObject({ status: 'ready' });
  });

  it('refreshes a stale result in the background and answers at once', async () => {
    const { readiness, probes, advance } = setup();
    await readiness.report();
    advance(3_001);
    let release!: () => void;
    probes.platform.mockImplementationOnce(
      () => new Promise<undefined>((resolve) => (release = () => resolve(undefined))),
    );
    await expect(readiness.report()).resolves.toMatchObject({ status: 'ready' });
    expect(probes.platform).toHaveBeenCalledTimes(2);
    release();
  });
});
