import { ERRORS } from '@ybm/shared';

import { ApiError, call, signOut } from '../../miniapp/src/services/api';
import { hasSession, SIGN_IN_FIRST, signIn } from '../../miniapp/src/services/session';
import { errorBody, me, NEW_TOKEN, PERSONA, rememberPersona, session, signedIn, TOKEN } from './fixtures';
import { login, request, resetTaro, serve, storage, type SeenRequest } from './stubs/taro';

const ME = 'GET /api/v1/me';
const CREATE_SESSION = 'POST /api/v1/session';
const DEV_LOGIN_CODE = 'POST /api/v1/dev/login-code';

function bearer(seen: SeenRequest): string | undefined {
  return seen.header.Authorization;
}

function setup(platform?: 'weapp' | 'alipay') {
  resetTaro();
  if (platform) process.env.TARO_ENV = platform;
  else delete process.env.TARO_ENV;
}

afterEach(() => {
  delete process.env.TARO_ENV;
  delete (globalThis as { my?: unknown }).my;
});

describe('calls to endpoints that need a session', () => {
  it('send the stored token as a Bearer header', async () => {
    setup();
    signedIn();
    const seen = serve({ [ME]: { status: 200, body: me(false) } });

    await expect(call('me')).resolves.toEqual(me(false));
    expect(seen).toHaveLength(1);
    expect(bearer(seen[0]!)).toBe(`Bearer ${TOKEN}`);
  });

  it('send no token to public endpoints', async () => {
    setup();
    signedIn();
    const seen = serve({ 'GET /healthz': { status: 200, body: { status: 'ok' } } });

    await call('health');
    expect(bearer(seen[0]!)).toBeUndefined();
  });

  it('sign in first when there is no token yet (H5: the remembered dev persona)', async () => {
    setup();
    rememberPersona();
    const seen = serve({
      [DEV_LOGIN_CODE]: { status: 200, body: { code: 'dev-code', platform: 'h5' } },
      [CREATE_SESSION]: { status: 201, body: session(NEW_TOKEN) },
      [ME]: { status: 200, body: me(false) },
    });

    await call('me');
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `${DEV_LOGIN_CODE}`,
      `${CREATE_SESSION}`,
      `${ME}`,
    ]);
    expect(seen[0]!.data).toEqual({ persona: PERSONA.key, platform: 'h5' });
    expect(seen[1]!.data).toEqual({ platform: 'h5', code: 'dev-code' });
    expect(bearer(seen[2]!)).toBe(`Bearer ${NEW_TOKEN}`);
    expect(storage.get('ybm.session.token')).toBe(NEW_TOKEN);
  });

  it('on UNAUTHENTICATED drop the token, sign in again once and retry once', async () => {
    setup();
    signedIn(TOKEN);
    rememberPersona();
    const seen = serve({
      [ME]: (req) =>
        bearer(req) === `Bearer ${NEW_TOKEN}`
          ? { status: 200, body: me(true) }
          : { status: 401, body: errorBody('UNAUTHENTICATED') },
      [DEV_LOGIN_CODE]: { status: 200, body: { code: 'dev-code', platform: 'h5' } },
      [CREATE_SESSION]: { status: 201, body: session(NEW_TOKEN) },
    });

    await expect(call('me')).resolves.toEqual(me(true));
    expect(seen.filter((r) => r.url === '/api/v1/me').map(bearer)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${NEW_TOKEN}`,
    ]);
    expect(seen.filter((r) => r.url === '/api/v1/session')).toHaveLength(1);
    expect(storage.get('ybm.session.token')).toBe(NEW_TOKEN);
  });

  it('give up after one retry when the new session is refused too', async () => {
    setup();
    signedIn(TOKEN);
    rememberPersona();
    const seen = serve({
      [ME]: { status: 401, body: errorBody('UNAUTHENTICATED') },
      [DEV_LOGIN_CODE]: { status: 200, body: { code: 'dev-code', platform: 'h5' } },
      [CREATE_SESSION]: { status: 201, body: session(NEW_TOKEN) },
    });

    await expect(call('me')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: ERRORS.UNAUTHENTICATED.message,
    });
    expect(seen.filter((r) => r.url === '/api/v1/me')).toHaveLength(2);
    expect(seen.filter((r) => r.url === '/api/v1/session')).toHaveLength(1);
  });

  it('sign in once for several calls refused at the same time', async () => {
    setup();
    signedIn(TOKEN);
    rememberPersona();
    const seen = serve({
      [ME]: (req) =>
        bearer(req) === `Bearer ${NEW_TOKEN}`
          ? { status: 200, body: me(false) }
          : { status: 401, body: errorBody('UNAUTHENTICATED') },
      [DEV_LOGIN_CODE]: { status: 200, body: { code: 'dev-code', platform: 'h5' } },
      [CREATE_SESSION]: { status: 201, body: session(NEW_TOKEN) },
    });

    await Promise.all([call('me'), call('me'), call('me')]);
    expect(seen.filter((r) => r.url === '/api/v1/session')).toHaveLength(1);
  });

  it('do not retry other errors', async () => {
    setup();
    signedIn();
    const seen = serve({ [ME]: { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') } });

    await expect(call('me')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(seen).toHaveLength(1);
  });

  it('on H5 with no dev persona, say that nobody is signed in (the page then offers 登录)', async () => {
    setup();
    const seen = serve({});

    const error = await call('me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: SIGN_IN_FIRST });
    // Not "H5 needs the dev login", which is false when the dev login is on.
    expect((error as ApiError).message).not.toContain('演示登录');
    expect(seen).toHaveLength(0);
  });
});

describe('signIn', () => {
  it('on WeChat exchanges the wx.login code', async () => {
    setup('weapp');
    const seen = serve({ [CREATE_SESSION]: { status: 201, body: session(NEW_TOKEN) } });

    await signIn();
    expect(login).toHaveBeenCalledTimes(1);
    expect(seen[0]!.data).toEqual({ platform: 'weapp', code: 'wx-login-code' });
    expect(hasSession()).toBe(true);
  });

  it('on Alipay exchanges a silent auth_base auth code from my.getAuthCode', async () => {
    setup('alipay');
    const getAuthCode = jest.fn((options: { success: (res: { authCode: string }) => void }) =>
      options.success({ authCode: 'ali-auth-code' }),
    );
    (globalThis as { my?: unknown }).my = { getAuthCode, canIUse: () => true };
    const seen = serve({ [CREATE_SESSION]: { status: 201, body: session(NEW_TOKEN) } });

    await signIn();
    expect(getAuthCode).toHaveBeenCalledWith(expect.objectContaining({ scopes: 'auth_base' }));
    expect(login).not.toHaveBeenCalled();
    expect(seen[0]!.data).toEqual({ platform: 'alipay', code: 'ali-auth-code' });
  });

  it('reports a platform login that fails with the shared message', async () => {
    setup('weapp');
    login.mockRejectedValueOnce({ errMsg: 'login:fail' });
    serve({});

    await expect(signIn()).rejects.toMatchObject({
      code: 'PLATFORM_LOGIN_FAILED',
      message: ERRORS.PLATFORM_LOGIN_FAILED.message,
    });
    expect(hasSession()).toBe(false);
  });
});

describe('signOut', () => {
  it('forgets the token and ends the session on the BFF', async () => {
    setup();
    signedIn();
    const seen = serve({ 'DELETE /api/v1/session': { status: 200, body: { ok: true } } });

    await signOut();
    expect(hasSession()).toBe(false);
    expect(bearer(seen[0]!)).toBe(`Bearer ${TOKEN}`);
    expect(request).toHaveBeenCalledTimes(1);
  });
});
