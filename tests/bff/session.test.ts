import { MeSchema, SessionSchema } from '@ybm/shared';
import { createGroupCommit } from '@ybm/shared/node';

import { WechatError } from '../../bff/src/clients/wechat';
import { openBffDatabase } from '../../bff/src/store/db';
import { createSessionStore } from '../../bff/src/store/sessions';
import { setupClaim } from './claim-support';

const MINUTE = 60_000;

describe('POST /api/v1/session', () => {
  it('exchanges a WeChat login code for an opaque token and says the voucher is not claimed yet', async () => {
    const { http } = setupClaim();
    const res = await http.post('/api/v1/session').send({ platform: 'weapp', code: 'abc' }).expect(200);
    const session = SessionSchema.parse(res.body);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.me).toEqual({ platform: 'weapp', activated: false, preferences: { largeText: false } });
    expect(JSON.stringify(res.body)).not.toMatch(/openid|session_key/);
  });

  it.each([
    [40029, 401, 'PLATFORM_LOGIN_FAILED'],
    [40163, 401, 'PLATFORM_LOGIN_FAILED'],
    [40226, 403, 'PLATFORM_RISKY_USER'],
    [45011, 429, 'RATE_LIMITED'],
  ])('answers WeChat errcode %i with %i %s', async (errcode, status, code) => {
    const { http, script } = setupClaim();
    script.loginError = new WechatError(errcode, 'refused');
    const res = await http.post('/api/v1/session').send({ platform: 'weapp', code: 'abc' }).expect(status);
    expect(res.body.error.code).toBe(code);
  });

  it('refuses the H5 demo login unless the configuration enables it', async () => {
    const off = setupClaim();
    expect(
      (await off.http.post('/api/v1/session').send({ platform: 'h5', code: 'x' }).expect(404)).body.error
        .code,
    ).toBe('DEV_LOGIN_DISABLED');
    const on = setupClaim({ env: { DEV_LOGIN: 'true' } });
    await on.http.post('/api/v1/session').send({ platform: 'h5', code: 'x' }).expect(200);
  });

  it('refuses a missing or unknown platform with VALIDATION_ERROR', async () => {
    const { http } = setupClaim();
    const res = await http.post('/api/v1/session').send({ platform: 'qq', code: '' }).expect(400);
    expect(Object.keys(res.body.error.details.fieldErrors).sort()).toEqual(['body.code', 'body.platform']);
  });
});

describe('session lifetime', () => {
  it('serves /me with the token, and 401 without one', async () => {
    const { http, signIn } = setupClaim();
    const token = await signIn();
    const me = await http.get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(MeSchema.parse(me.body).activated).toBe(false);
    expect((await http.get('/api/v1/me').expect(401)).body.error.code).toBe('UNAUTHENTICATED');
    await http.get('/api/v1/me').set('Authorization', 'Bearer not-a-real-token-at-all-xx').expect(401);
  });

  it('expires after 30 idle minutes but not while in use, and after 24 hours whatever happens', async () => {
    const { http, signIn, advance } = setupClaim();
    const token = await signIn();
    const me = () => http.get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 49; i += 1) {
      advance(29 * MINUTE);
      await me().expect(200);
    }
    // 50 × 29 min = 24 h 10 min.
    advance(29 * MINUTE);
    await me().expect(401);

    const idle = await signIn('user-b');
    advance(31 * MINUTE);
    await http.get('/api/v1/me').set('Authorization', `Bearer ${idle}`).expect(401);
  });

  it('signs out', async () => {
    const { http, signIn } = setupClaim();
    const token = await signIn();
    await http.delete('/api/v1/session').set('Authorization', `Bearer ${token}`).expect(200);
    await http.get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
  });
});

describe('the session store', () => {
  it('reuses a session it read for ten seconds, and forgets it at once when signing out here', () => {
    const db = openBffDatabase(':memory:');
    let clock = Date.parse('2025-03-10T02:00:00Z');
    const store = createSessionStore(db, () => clock);
    const { token } = store.create({ platform: 'weapp', channel: 'wechat', platformUserId: 'u1' });
    expect(store.resolve(token)).toMatchObject({ platformUserId: 'u1' });

    // Another BFF process signs the user out: this one notices within ten seconds.
    db.prepare('DELETE FROM sessions').run();
    clock += 9_000;
    expect(store.resolve(token)).toMatchObject({ platformUserId: 'u1' });
    clock += 1_000;
    expect(store.resolve(token)).toBeUndefined();

    const second = store.create({ platform: 'weapp', channel: 'wechat', platformUserId: 'u2' });
    expect(store.resolve(second.token)).toBeDefined();
    store.revoke(second.token);
    expect(store.resolve(second.token)).toBeUndefined();
  });

  it('records that a session was seen once a minute, in the turn’s group commit when given one', async () => {
    const db = openBffDatabase(':memory:');
    let clock = Date.parse('2025-03-10T02:00:00Z');
    const commits = createGroupCommit(db);
    const store = createSessionStore(db, () => clock, undefined, commits);
    const { token } = store.create({ platform: 'weapp', channel: 'wechat', platformUserId: 'u1' });
    const lastSeen = () => db.prepare('SELECT last_seen_at FROM sessions').pluck().get() as number;
    const created = lastSeen();

    clock += 30_000;
    store.resolve(token);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lastSeen()).toBe(created); // not yet a minute: no write at all

    clock += 31_000;
    expect(store.resolve(token)?.lastSeenAt).toBe(clock);
    expect(lastSeen()).toBe(created); // the request does not wait for it
    await new Promise((resolve) => setImmediate(resolve));
    expect(lastSeen()).toBe(clock);
  });
});
