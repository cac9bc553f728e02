// The last good copy (services/last-good.ts): kept sealed on every good answer, answered with
// `asOf` on a platform outage only, never across rows, never past a schema change, and a good
// answer never failed by its copy.
import { z } from 'zod';

import { DependencyDown, AppError, UpstreamError } from '../../bff/src/errors';
import { createLastGood } from '../../bff/src/services/last-good';
import type { LastGoodCopy, LastGoodStore } from '../../bff/src/store/ports';

const T0 = Date.parse('2026-12-07T01:05:00.000Z');
const Schema = z.object({ balanceFen: z.number() });
const ALICE = { channel: 'wechat' as const, platformUserId: 'o-alice', psnNo: 'P-ALICE' };
const BOB = { channel: 'wechat' as const, platformUserId: 'o-bob', psnNo: 'P-BOB' };

function setup() {
  const rows = new Map<string, LastGoodCopy>();
  const key = (...parts: string[]) => parts.join('|');
  const store: LastGoodStore & { failing: boolean } = {
    failing: false,
    async get(channel, platformUserId, kind, variant) {
      return rows.get(key(channel, platformUserId, kind, variant));
    },
    async put(channel, platformUserId, kind, variant, copy) {
      if (store.failing) throw new Error('storage down');
      rows.set(key(channel, platformUserId, kind, variant), copy);
    },
  };
  let now = T0;
  const lastGood = createLastGood({ store, key: Buffer.alloc(32, 9), now: () => now });
  return { lastGood, rows, store, advance: (ms: number) => (now += ms) };
}

const unreachable = () => new UpstreamError('UPSTREAM_UNAVAILABLE', 'insurance-platform', 'unreachable');
const down = () => new DependencyDown('INSURANCE_PLATFORM_DOWN', 'insurance-channel', T0 + 15_000);

describe('lastGood.serve', () => {
  it('answers fresh without asOf, and the copy with the time it was made when the platform is down', async () => {
    const t = setup();
    await expect(
      t.lastGood.serve(ALICE, 'account', '', Schema, async () => ({ balanceFen: 100 })),
    ).resolves.toEqual({
      balanceFen: 100,
    });
    t.advance(60_000);
    for (const outage of [unreachable(), down()]) {
      await expect(
        t.lastGood.serve(ALICE, 'account', '', Schema, async () => Promise.reject(outage)),
      ).resolves.toEqual({ balanceFen: 100, asOf: '2026-12-07T01:05:00.000Z' });
    }
  });

  it('keeps the copy sealed: the stored text says nothing of the answer', async () => {
    const t = setup();
    await t.lastGood.serve(ALICE, 'account', '', Schema, async () => ({ balanceFen: 123456 }));
    const [copy] = [...t.rows.values()];
    expect(Buffer.from(copy!.sealed, 'base64').toString('latin1')).not.toMatch(/balanceFen|123456/);
  });

  it('passes a refusal, a bad answer and an outage with no copy on as they are', async () => {
    const t = setup();
    await t.lastGood.serve(ALICE, 'account', '', Schema, async () => ({ balanceFen: 1 }));
    const refusal = new AppError('NOT_INSURED');
    await expect(
      t.lastGood.serve(ALICE, 'account', '', Schema, async () => Promise.reject(refusal)),
    ).rejects.toBe(refusal);
    const bad = new UpstreamError('UPSTREAM_BAD_RESPONSE', 'insurance-platform', 'does not fit');
    await expect(
      t.lastGood.serve(ALICE, 'account', '', Schema, async () => Promise.reject(bad)),
    ).rejects.toBe(bad);
    const outage = unreachable();
    await expect(
      t.lastGood.serve(BOB, 'account', '', Schema, async () => Promise.reject(outage)),
    ).rejects.toBe(outage);
    await expect(
      t.lastGood.serve(ALICE, 'records', 'month=2026-01', Schema, async () => Promise.reject(outage)),
    ).rejects.toBe(outage);
  });

  it('never opens a copy moved to another person’s row', async () => {
    const t = setup();
    await t.lastGood.serve(ALICE, 'account', '', Schema, async () => ({ balanceFen: 100 }));
    t.rows.set(`wechat|o-bob|account|`, t.rows.get('wechat|o-alice|account|')!);
    const outage = unreachable();
    await expect(
      t.lastGood.serve(BOB, 'account', '', Schema, async () => Promise.reject(outage)),
    ).rejects.toBe(outage);
  });

  it('never opens a copy of the person the account was bound to before', async () => {
    const t = setup();
    await t.lastGood.serve(ALICE, 'account', '', Schema, async () => ({ balanceFen: 100 }));
    const outage = unreachable();
    await expect(
      t.lastGood.serve({ ...ALICE, psnNo: 'P-SOMEONE-ELSE' }, 'account', '', Schema, async () =>
        Promise.reject(outage),
      ),
    ).rejects.toBe(outage);
  });

  it('never shows a copy that no longer fits the answer’s schema', async () => {
    const t = setup();
    await t.lastGood.serve(ALICE, 'account', '', z.object({ old: z.string() }), async () => ({ old: 'x' }));
    const outage = down();
    await expect(
      t.lastGood.serve(ALICE, 'account', '', Schema, async () => Promise.reject(outage)),
    ).rejects.toBe(outage);
  });

  it('answers fresh even when the copy cannot be kept', async () => {
    const t = setup();
    t.store.failing = true;
    await expect(
      t.lastGood.serve(ALICE, 'account', '', Schema, async () => ({ balanceFen: 5 })),
    ).resolves.toEqual({
      balanceFen: 5,
    });
  });
});
