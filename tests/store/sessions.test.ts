// Sessions (SessionStore): an opaque token for a platform user, ended by 30 minutes idle or
// 24 hours in all, by a sign-out, or for every device of the user at once (unbound, consent
// withdrawn).
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../bff/src/store/sessions';
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest, T0 } from './support';

const WECHAT = { platform: 'weapp', channel: 'wechat', platformUserId: 'openid-1' } as const;
const MINUTE = 60_000;

/**
 * Moves the clock on as between two requests: after a turn of the event loop, so what a store
 * writes after the answer (a session's touch) is written, as it would be by then.
 */
async function later(t: { advance(ms: number): void }, ms: number) {
  await new Promise((resolve) => setImmediate(resolve));
  t.advance(ms);
}

describe.each(STORE_IMPLEMENTATIONS)('the session store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('hands out a fresh token and knows it; an unknown token is no session', async () => {
    const { sessions } = t.stores;
    const first = await sessions.create(WECHAT);
    const second = await sessions.create(WECHAT);
    expect(first.token).not.toBe(second.token);
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(first.expiresAt).toBe(T0 + SESSION_IDLE_MS);
    expect(await sessions.resolve(first.token)).toEqual({ ...WECHAT, createdAt: T0, lastSeenAt: T0 });
    expect(await sessions.resolve('not-a-token')).toBeUndefined();
  });

  it('ends a session idle for 30 minutes; use keeps it alive', async () => {
    const { sessions } = t.stores;
    const { token } = await sessions.create(WECHAT);
    const idle = await sessions.create(WECHAT);
    await later(t, SESSION_IDLE_MS - MINUTE);
    expect(await sessions.resolve(token)).toMatchObject({ lastSeenAt: t.now() });
    await later(t, 2 * MINUTE);
    expect(await sessions.resolve(idle.token)).toBeUndefined();
    expect(await sessions.resolve(token)).toMatchObject({ createdAt: T0, lastSeenAt: t.now() });
    // Gone for good: going back would not bring it back.
    expect(await sessions.resolve(idle.token)).toBeUndefined();
  });

  it('ends a session 24 hours after it began, however much it is used', async () => {
    const { sessions } = t.stores;
    const { token } = await sessions.create(WECHAT);
    for (let at = 0; at < SESSION_ABSOLUTE_MS - 20 * MINUTE; at += 20 * MINUTE) {
      await later(t, 20 * MINUTE);
      expect(await sessions.resolve(token)).toBeDefined();
    }
    await later(t, SESSION_ABSOLUTE_MS - (t.now() - T0) + 1);
    expect(await sessions.resolve(token)).toBeUndefined();
  });

  it('ends one session on sign-out, and every session of a user at once', async () => {
    const { sessions } = t.stores;
    const phone = await sessions.create(WECHAT);
    const tablet = await sessions.create(WECHAT);
    const other = await sessions.create({ ...WECHAT, platformUserId: 'openid-2' });
    const alipay = await sessions.create({
      platform: 'alipay',
      channel: 'alipay',
      platformUserId: 'openid-1',
    });
    // Read once (a store may keep what it read): the revocation must still apply at once.
    expect(await sessions.resolve(tablet.token)).toBeDefined();
    await sessions.revoke(phone.token);
    expect(await sessions.resolve(phone.token)).toBeUndefined();
    expect(await sessions.resolve(tablet.token)).toBeDefined();

    expect(await sessions.revokeUser('wechat', 'openid-1')).toBe(1);
    expect(await sessions.resolve(tablet.token)).toBeUndefined();
    expect(await sessions.resolve(other.token)).toBeDefined();
    expect(await sessions.resolve(alipay.token)).toBeDefined();
    expect(await sessions.revokeUser('wechat', 'openid-1')).toBe(0);
  });

  it('sweeps sessions past their lifetime and keeps live ones', async () => {
    const { sessions } = t.stores;
    const old = await sessions.create(WECHAT);
    t.advance(SESSION_ABSOLUTE_MS - 10 * MINUTE);
    const live = await sessions.create(WECHAT);
    t.advance(11 * MINUTE);
    await sessions.removeExpired();
    expect(await sessions.resolve(old.token)).toBeUndefined();
    expect(await sessions.resolve(live.token)).toBeDefined();
  });
});
