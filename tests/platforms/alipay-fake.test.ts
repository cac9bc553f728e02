// The fake Alipay gateway's own answers over HTTP, checked against the v2 protocol
// rules by hand (not through the SDK): requests signed over sorted k=v pairs, answers
// compact with the response key first, `sign` last, signed over the raw inner text.
import { createSign, createVerify } from 'node:crypto';

import request from 'supertest';

import { alipayKeys, ALIPAY_APP_ID, inProcessAlipay } from './alipay-support';

function setup() {
  const sandbox = inProcessAlipay();
  return { ...sandbox, http: request(sandbox.app.callback()) };
}

function signedParams(
  method: string,
  extra: Record<string, string>,
  privateKey = alipayKeys().app.privateKey,
) {
  const params: Record<string, string> = {
    app_id: ALIPAY_APP_ID,
    method,
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: '2026-03-02 09:00:00',
    version: '1.0',
    ...extra,
  };
  const content = Object.keys(params)
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
  return { ...params, sign: createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64') };
}

/** Splits a raw answer into its key, the raw inner text and the sign, checking the layout. */
function layoutOf(raw: string) {
  const match = /^\{"([a-z_]+)":(\{.*\}),"sign":"([A-Za-z0-9+/=]+)"\}$/s.exec(raw);
  expect(match).not.toBeNull();
  const [, key, inner, sign] = match as unknown as [string, string, string, string];
  const verified = createVerify('RSA-SHA256')
    .update(inner, 'utf8')
    .verify(alipayKeys().alipay.publicKey, sign, 'base64');
  return { key, inner: JSON.parse(inner) as Record<string, unknown>, verified };
}

describe('fake Alipay gateway', () => {
  it('answers a correctly signed form POST, compact, key first, sign last and valid', async () => {
    const { http, mintAuthCode } = setup();
    const code = mintAuthCode('2088000000000100');
    const res = await http
      .post('/gateway.do')
      .type('form')
      .send(signedParams('alipay.system.oauth.token', { grant_type: 'authorization_code', code }))
      .expect(200);
    const { key, inner, verified } = layoutOf(res.text);
    expect(key).toBe('alipay_system_oauth_token_response');
    expect(verified).toBe(true);
    expect(Object.keys(inner)).toEqual([
      'user_id',
      'open_id',
      'access_token',
      'expires_in',
      'refresh_token',
      're_expires_in',
      'auth_start',
    ]);
  });

  it('refuses a request signed with another key: 40002 isv.invalid-signature under the method key', async () => {
    const { http } = setup();
    const params = signedParams(
      'alipay.system.oauth.token',
      { grant_type: 'authorization_code', code: 'c' },
      alipayKeys().alipay.privateKey,
    );
    const res = await http.post('/gateway.do').type('form').send(params).expect(200);
    const { key, inner, verified } = layoutOf(res.text);
    expect(key).toBe('alipay_system_oauth_token_response');
    expect(verified).toBe(true);
    expect(inner).toMatchObject({ code: '40002', sub_code: 'isv.invalid-signature' });
  });

  it('refuses a request whose parameters changed after signing', async () => {
    const { http } = setup();
    const params = signedParams('alipay.user.certify.open.query', { biz_content: '{"certify_id":"a"}' });
    const res = await http
      .post('/gateway.do')
      .type('form')
      .send({ ...params, biz_content: '{"certify_id":"b"}' });
    expect(layoutOf(res.text).inner).toMatchObject({ sub_code: 'isv.invalid-signature' });
  });

  it('refuses a request without sign, or for another app', async () => {
    const { http } = setup();
    const { sign: _sign, ...unsigned } = signedParams('alipay.user.certify.open.query', {});
    const missing = await http.post('/gateway.do').type('form').send(unsigned);
    expect(layoutOf(missing.text).inner).toMatchObject({ code: '40001', sub_code: 'isv.missing-signature' });
    const other = await http
      .post('/gateway.do')
      .type('form')
      .send({ ...signedParams('alipay.user.certify.open.query', {}), app_id: '2021999999999999' });
    expect(layoutOf(other.text).inner).toMatchObject({ code: '40002', sub_code: 'isv.invalid-app-id' });
  });

  it('puts an invalid auth code under error_response, signed', async () => {
    const { http } = setup();
    const res = await http
      .post('/gateway.do')
      .type('form')
      .send(signedParams('alipay.system.oauth.token', { grant_type: 'authorization_code', code: 'nope' }));
    const { key, inner, verified } = layoutOf(res.text);
    expect(key).toBe('error_response');
    expect(verified).toBe(true);
    expect(inner).toEqual({
      code: '40002',
      msg: 'Invalid Arguments',
      sub_code: 'isv.code-invalid',
      sub_msg: '授权码code无效',
    });
  });

  it('takes the parameters from the query string as well', async () => {
    const { http } = setup();
    const res = await http.get('/gateway.do').query(signedParams('no.such.method', {}));
    expect(layoutOf(res.text)).toMatchObject({
      key: 'no_such_method_response',
      inner: { sub_code: 'isv.invalid-method' },
    });
  });

  it('answers a request without method under error_response', async () => {
    const { http } = setup();
    const res = await http.post('/gateway.do').type('form').send({ app_id: ALIPAY_APP_ID });
    expect(layoutOf(res.text)).toMatchObject({
      key: 'error_response',
      inner: { sub_code: 'isv.missing-method' },
    });
  });

  it('answers 400 with a reason when a dev control is misused', async () => {
    const { http } = setup();
    const res = await http.post('/dev/subscription').send({ count: 1 }).expect(400);
    expect(res.body.error).toMatch(/user_id or open_id/);
  });
});
