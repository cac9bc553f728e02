// The app's access token: fetched once and reused, renewed before it runs out, and
// refreshed exactly once (with the call retried) when WeChat says it is stale.
import Koa from 'koa';

import { createWechatClient } from '../../bff/src/clients/wechat';
import { UpstreamError } from '../../bff/src/errors';
import { isUpstreamOutage } from '../../bff/src/services/dependencies';
import { listen } from '../support/servers';
import { manualClock, rejectionOf } from './helpers';
import { countingFetch, startWechat, WECHAT_APP, type WechatRig } from './wechat-support';

const TOKEN = '/cgi-bin/stable_token';
const GET_VERIFY_ID = '/cityservice/face/identify/getverifyid';
const person = { openid: 'o-token-user', name: '张三', idNumber: '310101199801011234' };

async function invalidate(rig: WechatRig, reason: 'revoked' | 'expired') {
  const res = await fetch(`${rig.url}/dev/access-token/invalidate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reason }),
  });
  expect(res.status).toBe(200);
}

describe('WeChat access token', () => {
  let rig: WechatRig;
  beforeEach(async () => {
    rig = await startWechat();
  });
  afterEach(() => rig.close());

  it('is fetched once and reused across calls', async () => {
    const client = rig.client();
    await client.getVerifyId(person);
    await client.getVerifyId(person);
    await client.getVerifyId(person);
    expect(rig.counter.count(TOKEN)).toBe(1);
    expect(rig.counter.count(GET_VERIFY_ID)).toBe(3);
  });

  it('is fetched once for concurrent first calls', async () => {
    const client = rig.client();
    await Promise.all([client.getVerifyId(person), client.getVerifyId(person), client.getVerifyId(person)]);
    expect(rig.counter.count(TOKEN)).toBe(1);
  });

  it('is renewed shortly before it expires, without a refused call', async () => {
    const client = rig.client();
    await client.getVerifyId(person);
    rig.clock.advance((7200 - 299) * 1000);
    await client.getVerifyId(person);
    expect(rig.counter.count(TOKEN)).toBe(2);
    expect(rig.counter.count(GET_VERIFY_ID)).toBe(2);
  });

  it('is refreshed exactly once and the call retried on 40001 (revoked)', async () => {
    const client = rig.client();
    await client.getVerifyId(person);
    await invalidate(rig, 'revoked');
    await expect(client.getVerifyId(person)).resolves.toMatchObject({ verifyId: expect.any(String) });
    expect(rig.counter.count(TOKEN)).toBe(2);
    expect(rig.counter.count(GET_VERIFY_ID)).toBe(3);
    // The new token is cached again.
    await client.getVerifyId(person);
    expect(rig.counter.count(TOKEN)).toBe(2);
  });

  it('is refreshed exactly once and the call retried on 42001 (expired)', async () => {
    const client = rig.client();
    await client.getVerifyId(person);
    await invalidate(rig, 'expired');
    await client.getVerifyId(person);
    expect(rig.counter.count(TOKEN)).toBe(2);
    expect(rig.counter.count(GET_VERIFY_ID)).toBe(3);
  });

  it('recovers when WeChat expires the token while the BFF still trusts it (clocks apart)', async () => {
    const bffClock = manualClock();
    const client = rig.client({ now: bffClock.now });
    await client.getVerifyId(person);
    rig.clock.advance(7201 * 1000);
    await client.getVerifyId(person);
    expect(rig.counter.count(TOKEN)).toBe(2);
    expect(rig.counter.count(GET_VERIFY_ID)).toBe(3);
  });
});

describe('WeChat access token that stays refused', () => {
  it('gives up after one refresh with UPSTREAM_BAD_RESPONSE (WeChat is up: not an outage)', async () => {
    // A platform that hands out tokens but refuses every one of them.
    const app = new Koa();
    app.use((ctx) => {
      ctx.body =
        ctx.path === TOKEN
          ? { access_token: 'T', expires_in: 7200 }
          : { errcode: 40001, errmsg: 'invalid credential' };
    });
    const stub = await listen(app);
    const counter = countingFetch();
    try {
      const client = createWechatClient({
        baseUrl: stub.url,
        ...WECHAT_APP,
        timeoutMs: 1000,
        fetch: counter.fetch,
      });
      const error = await rejectionOf(client.getVerifyId(person));
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
      expect(isUpstreamOutage(error)).toBe(false);
      expect(counter.count(TOKEN)).toBe(2);
      expect(counter.count(GET_VERIFY_ID)).toBe(2);
    } finally {
      await stub.close();
    }
  });

  it('reports a stable_token refusal (wrong secret) as unusable, not as WeChat being down', async () => {
    const rig = await startWechat();
    try {
      const error = await rejectionOf(rig.client({ appSecret: 'f'.repeat(32) }).getVerifyId(person));
      expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
      expect((error as UpstreamError).reason).toMatch(/40125/);
      expect(isUpstreamOutage(error)).toBe(false);
    } finally {
      await rig.close();
    }
  });
});
