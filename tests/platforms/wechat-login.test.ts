// Signing in through WeChat: the client exchanges wx.login codes with the fake over HTTP
// and gets back exactly what jscode2session allows — once, within five minutes, unless
// the user is rate-limited or flagged by risk control.
import { UpstreamError } from '../../bff/src/errors';
import { createWechatClient, WECHAT_ERRCODE, WechatError } from '../../bff/src/clients/wechat';
import { listen } from '../support/servers';
import { rejectionOf } from './helpers';
import { startWechat, WECHAT_APP, type WechatRig } from './wechat-support';

async function wechatError(promise: Promise<unknown>): Promise<WechatError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(WechatError);
  return error as WechatError;
}

describe('WeChat codeToSession', () => {
  let rig: WechatRig;
  beforeAll(async () => {
    rig = await startWechat({ loginsPerMinute: 3 });
  });
  afterAll(() => rig.close());

  it('exchanges a fresh code for the openid (and unionid), never the session_key', async () => {
    const code = rig.mintLoginCode('o-login-ok', 'u-union-1');
    const identity = await rig.client().codeToSession(code);
    expect(identity).toEqual({ openid: 'o-login-ok', unionid: 'u-union-1' });
    expect(JSON.stringify(identity)).not.toContain('session_key');
  });

  it('mints codes through the dev control as H5 and tests do', async () => {
    const res = await fetch(`${rig.url}/dev/login-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'o-dev-minted' }),
    });
    const { code, expires_in: expiresIn } = (await res.json()) as { code: string; expires_in: number };
    expect(expiresIn).toBe(300);
    await expect(rig.client().codeToSession(code)).resolves.toEqual({ openid: 'o-dev-minted' });
  });

  it('refuses a code WeChat never issued with 40029', async () => {
    const error = await wechatError(rig.client().codeToSession('no-such-code'));
    expect(error.errcode).toBe(WECHAT_ERRCODE.INVALID_CODE);
    expect(error.isLoginCodeRejected).toBe(true);
  });

  it('refuses a code used a second time with 40163', async () => {
    const code = rig.mintLoginCode('o-reuse');
    await rig.client().codeToSession(code);
    const error = await wechatError(rig.client().codeToSession(code));
    expect(error.errcode).toBe(WECHAT_ERRCODE.CODE_BEEN_USED);
    expect(error.isLoginCodeRejected).toBe(true);
  });

  it('refuses a code older than five minutes as invalid (40029)', async () => {
    const code = rig.mintLoginCode('o-slow');
    rig.clock.advance(5 * 60_000 + 1);
    const error = await wechatError(rig.client().codeToSession(code));
    expect(error.errcode).toBe(WECHAT_ERRCODE.INVALID_CODE);
  });

  it('accepts a code just inside five minutes', async () => {
    const code = rig.mintLoginCode('o-in-time');
    rig.clock.advance(5 * 60_000 - 1000);
    await expect(rig.client().codeToSession(code)).resolves.toEqual({ openid: 'o-in-time' });
  });

  it('refuses a user flagged by risk control with 40226', async () => {
    await fetch(`${rig.url}/dev/high-risk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'o-risky' }),
    });
    const error = await wechatError(rig.client().codeToSession(rig.mintLoginCode('o-risky')));
    expect(error.errcode).toBe(WECHAT_ERRCODE.HIGH_RISK_USER);
    expect(error.isLoginCodeRejected).toBe(false);
  });

  it('rate-limits one openid per minute with 45011, and lets it in the next minute', async () => {
    const client = rig.client();
    for (let i = 0; i < 3; i += 1) await client.codeToSession(rig.mintLoginCode('o-busy-user'));
    const code = rig.mintLoginCode('o-busy-user');
    const error = await wechatError(client.codeToSession(code));
    expect(error.errcode).toBe(WECHAT_ERRCODE.RATE_LIMITED);
    // Another user is not affected.
    await expect(client.codeToSession(rig.mintLoginCode('o-other-user'))).resolves.toBeDefined();
    rig.clock.advance(60_000);
    // The refused code was not used up.
    await expect(client.codeToSession(code)).resolves.toEqual({ openid: 'o-busy-user' });
  });

  it('reports -1 (system busy) as the platform being unavailable', async () => {
    await fetch(`${rig.url}/dev/busy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1 }),
    });
    const code = rig.mintLoginCode('o-during-outage');
    const error = await rejectionOf(rig.client().codeToSession(code));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as UpstreamError).upstream).toBe('wechat');
    // Only the next call was hit; the code still works.
    await expect(rig.client().codeToSession(code)).resolves.toEqual({ openid: 'o-during-outage' });
  });

  it('gets 40013 / 40125 when the app credentials are wrong', async () => {
    const code = rig.mintLoginCode('o-wrong-app');
    const badId = await wechatError(rig.client({ appId: 'wx0000000000000000' }).codeToSession(code));
    expect(badId.errcode).toBe(40013);
    const badSecret = await wechatError(rig.client({ appSecret: 'f'.repeat(32) }).codeToSession(code));
    expect(badSecret.errcode).toBe(40125);
  });
});

describe('WeChat client failures', () => {
  it('times out against a server that never answers', async () => {
    const silent = await listen(() => undefined);
    try {
      const client = createWechatClient({ baseUrl: silent.url, ...WECHAT_APP, timeoutMs: 150 });
      const started = Date.now();
      const error = await rejectionOf(client.codeToSession('any'));
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe('UPSTREAM_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await silent.close();
    }
  });

  it('reports a closed port as unavailable', async () => {
    const closed = await listen(() => undefined);
    await closed.close();
    const error = await rejectionOf(
      createWechatClient({ baseUrl: closed.url, ...WECHAT_APP, timeoutMs: 1000 }).codeToSession('any'),
    );
    expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('reports an answer that is not JSON as a bad response', async () => {
    const html = await listen((_req: never, res: { end(body: string): void }) => res.end('<html>502</html>'));
    try {
      const error = await rejectionOf(
        createWechatClient({ baseUrl: html.url, ...WECHAT_APP, timeoutMs: 1000 }).codeToSession('any'),
      );
      expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
    } finally {
      await html.close();
    }
  });
});
