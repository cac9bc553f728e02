// The BFF's Alipay client — the official alipay-sdk underneath — against the fake over
// HTTP: sign-in, identity verification and template messages, with every answer's
// RSA2 signature checked, and refusals, outages and tampering told apart.
import Koa from 'koa';

import { AlipayError, createAlipayClient } from '../../bff/src/clients/alipay';
import { UpstreamError } from '../../bff/src/errors';
import { listen } from '../support/servers';
import { alipayKeys, postJson, startAlipay, type AlipayRig } from './alipay-support';
import { rejectionOf } from './helpers';

const person = { name: '张三', idNumber: '310101199801011234' };

describe('Alipay authCodeToUser', () => {
  let rig: AlipayRig;
  beforeAll(async () => {
    rig = await startAlipay();
  });
  afterAll(() => rig.close());

  it('exchanges an auth code for the user_id and open_id', async () => {
    const { body } = await postJson(`${rig.url}/dev/auth-code`, { user_id: '2088000000000001' });
    const identity = await rig.client().authCodeToUser(String(body.code));
    expect(identity).toEqual({ userId: '2088000000000001', openId: body.open_id });
  });

  it('refuses a code Alipay never issued with 40002 / isv.code-invalid', async () => {
    const error = await rejectionOf(rig.client().authCodeToUser('not-a-code'));
    expect(error).toBeInstanceOf(AlipayError);
    expect(error).toMatchObject({ code: '40002', subCode: 'isv.code-invalid', isAuthCodeRejected: true });
  });

  it('refuses a code used twice, and one older than three minutes', async () => {
    const client = rig.client();
    const used = rig.mintAuthCode('2088000000000002');
    await client.authCodeToUser(used);
    await expect(rejectionOf(client.authCodeToUser(used))).resolves.toMatchObject({
      subCode: 'isv.code-invalid',
    });
    const late = rig.mintAuthCode('2088000000000003');
    rig.clock.advance(3 * 60_000 + 1);
    await expect(rejectionOf(client.authCodeToUser(late))).resolves.toMatchObject({
      subCode: 'isv.code-invalid',
    });
  });

  it('is refused with isv.invalid-signature when the app signs with the wrong key', async () => {
    const error = await rejectionOf(
      rig.client({ privateKey: alipayKeys().alipay.privateKey }).authCodeToUser('x'),
    );
    expect(error).toMatchObject({ code: '40002', subCode: 'isv.invalid-signature' });
  });

  it('rejects answers signed by someone other than Alipay', async () => {
    const code = rig.mintAuthCode('2088000000000004');
    const error = await rejectionOf(
      rig.client({ alipayPublicKey: alipayKeys().app.publicKey }).authCodeToUser(code),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('reports 20000 (service unavailable) as an outage', async () => {
    await postJson(`${rig.url}/dev/busy`, { count: 1 });
    const error = await rejectionOf(rig.client().authCodeToUser(rig.mintAuthCode('2088000000000005')));
    expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as UpstreamError).upstream).toBe('alipay');
  });
});

describe('Alipay answers tampered with on the way', () => {
  it('rejects a success answer whose content no longer matches its sign', async () => {
    const rig = await startAlipay();
    // A man in the middle that rewrites the user id in the signed answer.
    const proxy = new Koa();
    proxy.use(async (ctx) => {
      const upstream = await fetch(`${rig.url}${ctx.url}`, {
        method: ctx.method,
        headers: { 'content-type': ctx.get('content-type') },
        body: await new Promise<string>((resolve) => {
          let data = '';
          ctx.req.on('data', (chunk: Buffer) => (data += chunk.toString()));
          ctx.req.on('end', () => resolve(data));
        }),
      });
      ctx.type = 'application/json';
      ctx.body = (await upstream.text()).replace('2088000000000006', '2088000000000666');
    });
    const mitm = await listen(proxy);
    try {
      const client = rig.client({ gateway: `${mitm.url}/gateway.do`, endpoint: mitm.url });
      const error = await rejectionOf(client.authCodeToUser(rig.mintAuthCode('2088000000000006')));
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
    } finally {
      await mitm.close();
      await rig.close();
    }
  });

  it('does not trust an error_response with a forged sign', async () => {
    const forged = new Koa();
    forged.use((ctx) => {
      ctx.type = 'application/json';
      ctx.body =
        '{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid"},"sign":"AAAA"}';
    });
    const stub = await listen(forged);
    const rig = await startAlipay();
    try {
      const client = rig.client({ gateway: `${stub.url}/gateway.do`, endpoint: stub.url });
      const error = await rejectionOf(client.authCodeToUser('x'));
      expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
    } finally {
      await stub.close();
      await rig.close();
    }
  });
});

describe('Alipay answers not signed', () => {
  async function answering(body: string) {
    const app = new Koa();
    app.use((ctx) => {
      ctx.type = 'application/json';
      ctx.body = body;
    });
    const stub = await listen(app);
    const rig = await startAlipay();
    const client = rig.client({ gateway: `${stub.url}/gateway.do` });
    return {
      client,
      close: async () => {
        await stub.close();
        await rig.close();
      },
    };
  }

  it('rejects a success answer without sign', async () => {
    const { client, close } = await answering(
      '{"alipay_system_oauth_token_response":{"user_id":"2088000000000007","open_id":"0abc"}}',
    );
    try {
      const error = await rejectionOf(client.authCodeToUser('x'));
      expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
    } finally {
      await close();
    }
  });

  it('does not trust a refusal without sign either', async () => {
    const { client, close } = await answering(
      '{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid"}}',
    );
    try {
      const error = await rejectionOf(client.authCodeToUser('x'));
      expect((error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
    } finally {
      await close();
    }
  });

  it('refuses to start with a key that is not a key', () => {
    expect(() =>
      createAlipayClient({
        gateway: 'http://127.0.0.1:9/gateway.do',
        appId: '2021000000000001',
        privateKey: 'not a key',
        alipayPublicKey: alipayKeys().alipay.publicKey,
        timeoutMs: 1000,
      }),
    ).toThrow();
  });
});

describe('Alipay identity verification', () => {
  let rig: AlipayRig;
  beforeAll(async () => {
    rig = await startAlipay();
  });
  afterAll(() => rig.close());

  it('opens a check, gives a certify URL the phone can open, and is pending until finished', async () => {
    const client = rig.client();
    const { certifyId, certifyUrl } = await client.startCertify({ outerOrderNo: 'YBM0001', ...person });
    expect(certifyId).toMatch(/^[0-9a-f]{32}$/);
    expect(certifyUrl.startsWith(`${rig.url}/gateway.do?`)).toBe(true);
    const page = await fetch(certifyUrl);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('张*');
    await expect(client.queryCertify(certifyId)).resolves.toBe('pending');
  });

  it.each([
    ['pass', 'pass'],
    ['fail', 'fail'],
    ['cancel', 'pending'],
  ] as const)('reports %s on the phone as %s', async (result, outcome) => {
    const client = rig.client();
    const { certifyId } = await client.startCertify({ outerOrderNo: `YBM${result}`, ...person });
    expect((await postJson(`${rig.url}/dev/certify-result`, { certify_id: certifyId, result })).status).toBe(
      200,
    );
    await expect(client.queryCertify(certifyId)).resolves.toBe(outcome);
  });

  it('refuses a malformed ID number and an unknown certify_id', async () => {
    const client = rig.client();
    await expect(
      rejectionOf(client.startCertify({ outerOrderNo: 'YBM0002', ...person, idNumber: '123' })),
    ).resolves.toMatchObject({ code: '40004', subCode: 'CERT_NO_INVALID' });
    await expect(rejectionOf(client.queryCertify('f'.repeat(32)))).resolves.toMatchObject({
      code: '40004',
      subCode: 'CERTIFY_ID_NOT_EXIST',
    });
  });
});

describe('Alipay template messages', () => {
  const TEMPLATE = 'TPL-ALIPAY-BILL-0001';
  const bill = {
    toUserId: '2088000000000010',
    templateId: TEMPLATE,
    page: 'pages/pay/index?billId=B1',
    data: { keyword1: '门诊缴费', keyword2: '¥12.50' },
  };
  let rig: AlipayRig;
  beforeEach(async () => {
    rig = await startAlipay({ templates: { [TEMPLATE]: ['keyword1', 'keyword2'] } });
  });
  afterEach(() => rig.close());

  it('sends a message the user subscribed to, and the fake keeps it', async () => {
    await postJson(`${rig.url}/dev/subscription`, { user_id: bill.toUserId, template_id: TEMPLATE });
    await expect(rig.client().sendTemplateMessage(bill)).resolves.toEqual({ ok: true });
    const res = await fetch(`${rig.url}/dev/template-messages?to=${bill.toUserId}`);
    const { messages } = (await res.json()) as { messages: unknown[] };
    expect(messages).toEqual([
      expect.objectContaining({
        to_user_id: bill.toUserId,
        user_template_id: TEMPLATE,
        page: bill.page,
        data: { keyword1: { value: '门诊缴费' }, keyword2: { value: '¥12.50' } },
      }),
    ]);
  });

  it('is refused without a subscription', async () => {
    await expect(rig.client().sendTemplateMessage(bill)).resolves.toEqual({
      ok: false,
      reason: 'refused',
      code: '40004',
      subCode: 'USER_NOT_SUBSCRIBED',
    });
  });

  it('sends to an open_id under a grant made for the same user', async () => {
    const { body } = await postJson(`${rig.url}/dev/auth-code`, { user_id: bill.toUserId });
    await postJson(`${rig.url}/dev/subscription`, { user_id: bill.toUserId });
    const { toUserId: _omit, ...rest } = bill;
    await expect(
      rig.client().sendTemplateMessage({ ...rest, toOpenId: String(body.open_id) }),
    ).resolves.toEqual({ ok: true });
  });

  it('refuses a value over 50 characters and an unknown template', async () => {
    await postJson(`${rig.url}/dev/subscription`, { user_id: bill.toUserId, long_term: true });
    const client = rig.client();
    await expect(
      client.sendTemplateMessage({ ...bill, data: { ...bill.data, keyword1: '长'.repeat(51) } }),
    ).resolves.toMatchObject({
      ok: false,
      reason: 'bad_data',
    });
    await expect(client.sendTemplateMessage({ ...bill, templateId: 'TPL-NONE' })).resolves.toMatchObject({
      ok: false,
      reason: 'bad_template',
    });
  });
});

describe('Alipay client failures', () => {
  it('times out against a server that never answers', async () => {
    const silent = await listen(() => undefined);
    const rig = await startAlipay();
    try {
      const client = rig.client({
        gateway: `${silent.url}/gateway.do`,
        endpoint: silent.url,
        timeoutMs: 200,
      });
      const error = await rejectionOf(client.authCodeToUser('x'));
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe('UPSTREAM_TIMEOUT');
    } finally {
      await silent.close();
      await rig.close();
    }
  });

  it('reports an HTTP 503 from the gateway as unavailable', async () => {
    const app = new Koa();
    app.use((ctx) => {
      ctx.status = 503;
      ctx.body = 'Service Unavailable';
    });
    const down = await listen(app);
    const rig = await startAlipay();
    try {
      const error = await rejectionOf(rig.client({ gateway: `${down.url}/gateway.do` }).authCodeToUser('x'));
      expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
      expect((error as UpstreamError).reason).toMatch(/503/);
    } finally {
      await down.close();
      await rig.close();
    }
  });

  it('reports a closed port as unavailable', async () => {
    const closed = await listen(() => undefined);
    await closed.close();
    const rig = await startAlipay();
    try {
      const error = await rejectionOf(
        rig.client({ gateway: `${closed.url}/gateway.do` }).authCodeToUser('x'),
      );
      expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await rig.close();
    }
  });
});
