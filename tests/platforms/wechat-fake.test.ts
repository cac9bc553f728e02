// The fake WeChat platform's own answers over HTTP, as any client would see them.
import request from 'supertest';

import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { manualClock } from './helpers';
import { WECHAT_APP } from './wechat-support';

function setup() {
  const clock = manualClock();
  const sandbox = createWechatSandbox({ ...WECHAT_APP, now: clock.now });
  return { ...sandbox, clock, http: request(sandbox.app.callback()) };
}

async function token(
  http: ReturnType<typeof setup>['http'],
  force = false,
): Promise<{ access_token: string; expires_in: number }> {
  const res = await http
    .post('/cgi-bin/stable_token')
    .send({
      grant_type: 'client_credential',
      appid: WECHAT_APP.appId,
      secret: WECHAT_APP.appSecret,
      force_refresh: force,
    })
    .expect(200);
  return res.body;
}

describe('fake WeChat platform', () => {
  it('answers jscode2session as text/plain JSON without errcode on success', async () => {
    const { http, mintLoginCode } = setup();
    const code = mintLoginCode('o-raw');
    const res = await http
      .get('/sns/jscode2session')
      .query({
        appid: WECHAT_APP.appId,
        secret: WECHAT_APP.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      .expect(200);
    expect(res.type).toBe('text/plain');
    const body = JSON.parse(res.text);
    expect(Object.keys(body).sort()).toEqual(['openid', 'session_key']);
    expect(body.openid).toBe('o-raw');
  });

  it('keeps the same token until forced, and a forced refresh invalidates the old one at once', async () => {
    const { http, clock } = setup();
    const first = await token(http);
    expect(first.expires_in).toBe(7200);
    clock.advance(1000 * 1000);
    const again = await token(http);
    expect(again.access_token).toBe(first.access_token);
    expect(again.expires_in).toBe(6200);
    const forced = await token(http, true);
    expect(forced.access_token).not.toBe(first.access_token);
    const stale = await http
      .post('/cityservice/face/identify/getverifyid')
      .query({ access_token: first.access_token })
      .send({});
    expect(stale.body.errcode).toBe(40001);
  });

  it('answers 42001 for a token past its expiry and 41001 without one', async () => {
    const { http, clock } = setup();
    const { access_token: value } = await token(http);
    clock.advance(7200 * 1000);
    const expired = await http
      .post('/cgi-bin/message/subscribe/send')
      .query({ access_token: value })
      .send({});
    expect(expired.body).toMatchObject({ errcode: 42001 });
    const missing = await http.post('/cgi-bin/message/subscribe/send').send({});
    expect(missing.body).toMatchObject({ errcode: 41001 });
  });

  it('refuses a wrong grant_type (40002) and an unreadable body (47001)', async () => {
    const { http } = setup();
    const wrong = await http.post('/cgi-bin/stable_token').send({ grant_type: 'password' });
    expect(wrong.body.errcode).toBe(40002);
    const garbled = await http
      .post('/cgi-bin/stable_token')
      .set('content-type', 'application/json')
      .send('{"grant_type":');
    expect(garbled.status).toBe(200);
    expect(garbled.body.errcode).toBe(47001);
  });

  it('answers 400 with a reason when a dev control is misused', async () => {
    const { http } = setup();
    const res = await http.post('/dev/face-result').send({ verify_id: 'x', result: 'maybe' }).expect(400);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('does not let /dev/busy take down the dev controls themselves', async () => {
    const { http } = setup();
    await http.post('/dev/busy').send({ count: 2 }).expect(200);
    await http.post('/dev/login-code').send({ openid: 'o-x' }).expect(200);
    expect((await http.post('/cgi-bin/stable_token').send({})).body.errcode).toBe(-1);
  });
});
