// The fake WeChat, WeChat Pay and Alipay answer bad input as the real ones do (WeChat: an
// errcode and errmsg; WeChat Pay: an HTTP status with {code, message}; Alipay: a signed response
// with code and sub_code; their /dev controls: a 4xx),
// never with a 5xx, and always in JSON: every
// path is sent each hostile value of tests/support/hostile.ts in each body field and
// query parameter, and raw bodies of every shape.
import { createSign } from 'node:crypto';

import request from 'supertest';

import { signContent } from '../../bff/sandbox/alipay/signing';
import { createWechatSandbox, WECHAT_PATHS } from '../../bff/sandbox/wechat/app';
import { createWechatPaySandbox } from '../../bff/sandbox/wechatpay/app';
import { HOSTILE_BODIES, hostileBodies, hostileQueries, JUNK_QUERIES } from '../support/hostile';
import { manualClock } from './helpers';
import { ALIPAY_APP_ID, alipayKeys, inProcessAlipay } from './alipay-support';
import { WECHAT_APP } from './wechat-support';
import { sandboxOptionsFor, wechatPayMerchant, WXPAY_APP_ID } from './wechatpay-support';

interface Target {
  path: string;
  method: 'get' | 'post';
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** A complaint unless the answer is a JSON object (what every client of these fakes parses). */
function jsonObject(res: request.Response): string | undefined {
  return res.body && typeof res.body === 'object' && !Array.isArray(res.body) && res.type.includes('json')
    ? undefined
    : `${res.status} not a JSON object: ${res.text.slice(0, 120)}`;
}

/** Every hostile request to one path, each answered by `check` with a complaint or nothing. */
async function complaintsFor(
  http: ReturnType<typeof request>,
  target: Target,
  check: (res: request.Response) => string | undefined,
): Promise<string[]> {
  const base = target.query ? `?${new URLSearchParams(target.query)}` : '';
  const sends: [string, () => request.Test][] = [];
  for (const junk of JUNK_QUERIES) {
    sends.push([
      `junk ${junk}`,
      () => http[target.method](`${target.path}${base}${base ? '&' : '?'}${junk}`).send(target.body ?? {}),
    ]);
  }
  for (const query of target.query ? hostileQueries(target.query) : []) {
    sends.push([
      `?${query.slice(0, 40)}`,
      () => http[target.method](`${target.path}?${query}`).send(target.body ?? {}),
    ]);
  }
  for (const body of target.body ? hostileBodies(target.body) : []) {
    sends.push([
      `body ${JSON.stringify(body).slice(0, 60)}`,
      () => http[target.method](target.path + base).send(body),
    ]);
  }
  if (target.method === 'post') {
    for (const raw of HOSTILE_BODIES) {
      sends.push([
        `raw ${raw.type}`,
        () =>
          http
            .post(target.path + base)
            .set('Content-Type', raw.type)
            .send(raw.body),
      ]);
    }
  }
  const complaints: string[] = [];
  for (const [label, send] of sends) {
    const res = await send();
    const wrong = res.status >= 500 ? `${res.status} ${res.text.slice(0, 120)}` : check(res);
    if (wrong) complaints.push(`${target.path} [${label}]: ${wrong}`);
  }
  return complaints;
}

describe('hostile input to the fake WeChat', () => {
  const clock = manualClock();
  const wechat = createWechatSandbox({ ...WECHAT_APP, now: clock.now });
  const http = request(wechat.app.callback());
  // WeChat's API answers refusals with HTTP 200 and an errcode; its /dev controls with a 4xx.
  const check = (res: request.Response) => {
    if (res.status >= 400 || res.body?.errcode === undefined) return jsonObject(res);
    return typeof res.body.errcode === 'number' && typeof res.body.errmsg === 'string'
      ? undefined
      : `errcode without errmsg: ${res.text.slice(0, 120)}`;
  };

  it('answers every API path with an errcode, and every /dev control with a 4xx', async () => {
    const token = await http.post(WECHAT_PATHS.stableToken).send({
      grant_type: 'client_credential',
      appid: WECHAT_APP.appId,
      secret: WECHAT_APP.appSecret,
    });
    const accessToken = token.body.access_token as string;
    const openid = 'openid-hostile';
    wechat.mintLoginCode(openid);
    const targets: Target[] = [
      {
        path: WECHAT_PATHS.jscode2session,
        method: 'get',
        query: {
          appid: WECHAT_APP.appId,
          secret: WECHAT_APP.appSecret,
          js_code: 'code',
          grant_type: 'authorization_code',
        },
      },
      {
        path: WECHAT_PATHS.stableToken,
        method: 'post',
        body: {
          grant_type: 'client_credential',
          appid: WECHAT_APP.appId,
          secret: WECHAT_APP.appSecret,
          force_refresh: false,
        },
      },
      {
        path: WECHAT_PATHS.getVerifyId,
        method: 'post',
        query: { access_token: accessToken },
        body: {
          openid,
          out_seq_no: 'seq-1',
          cert_info: { cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '11010119900101123X' },
        },
      },
      {
        path: WECHAT_PATHS.queryVerifyInfo,
        method: 'post',
        query: { access_token: accessToken },
        body: { openid, out_seq_no: 'seq-1', verify_id: 'v', cert_hash: 'h' },
      },
      {
        path: WECHAT_PATHS.subscribeSend,
        method: 'post',
        query: { access_token: accessToken },
        body: { touser: openid, template_id: 't', page: 'pages/pay/index', data: { thing1: { value: 'x' } } },
      },
      { path: '/dev/login-code', method: 'post', body: { openid } },
      { path: '/dev/face-result', method: 'post', body: { verify_id: 'v', result: 'pass' } },
      { path: '/dev/subscription', method: 'post', body: { openid, count: 1, long_term: false } },
      { path: '/dev/messages', method: 'get', query: { openid } },
      { path: '/dev/high-risk', method: 'post', body: { openid, high_risk: true } },
      { path: '/dev/busy', method: 'post', body: { count: 0 } },
      { path: '/dev/access-token/invalidate', method: 'post', body: { reason: 'expired' } },
    ];
    const complaints: string[] = [];
    for (const target of targets) complaints.push(...(await complaintsFor(http, target, check)));
    expect(complaints).toEqual([]);
  }, 60_000);
});

describe('hostile input to the fake Alipay', () => {
  const http = request(inProcessAlipay().app.callback());
  // The gateway answers a refusal in a signed *_response with a code; /dev controls with a 4xx.
  const check = (res: request.Response) => {
    const body = (res.body ?? {}) as Record<string, { code?: unknown; sub_code?: unknown }>;
    const answer = Object.entries(body).find(([key]) => key.endsWith('_response'))?.[1];
    if (!answer || answer.code === '10000') return jsonObject(res);
    return typeof answer.code === 'string' && typeof answer.sub_code === 'string'
      ? undefined
      : `refusal without code and sub_code: ${res.text.slice(0, 120)}`;
  };

  it('answers the gateway with a signed error and every /dev control with a 4xx', async () => {
    const targets: Target[] = [
      {
        path: '/gateway.do',
        method: 'post',
        query: {
          app_id: ALIPAY_APP_ID,
          method: 'alipay.system.oauth.token',
          sign_type: 'RSA2',
          sign: 'not-a-signature',
          timestamp: '2026-11-23 10:00:00',
          biz_content: '{}',
        },
      },
      { path: '/dev/auth-code', method: 'post', body: { user_id: '2088000000000001' } },
      { path: '/dev/certify-result', method: 'post', body: { certify_id: 'c', result: 'pass' } },
      { path: '/dev/subscription', method: 'post', body: { user_id: '2088000000000001', count: 1 } },
      { path: '/dev/template-messages', method: 'get', query: { user_id: '2088000000000001' } },
      { path: '/dev/busy', method: 'post', body: { count: 0 } },
    ];
    const complaints: string[] = [];
    for (const target of targets) complaints.push(...(await complaintsFor(http, target, check)));
    expect(complaints).toEqual([]);
  }, 60_000);
});

describe('hostile input to the fake WeChat Pay', () => {
  const m = wechatPayMerchant();
  const clock = manualClock();
  const pay = createWechatPaySandbox({ ...sandboxOptionsFor(m), now: clock.now });
  afterAll(() => pay.close());
  const http = request(pay.app.callback());
  // Every /v3 refusal is WeChat Pay's {code, message} (the /dev/pay controls: a 4xx in JSON).
  const check = (res: request.Response) => {
    if (res.status < 300) return undefined;
    return typeof res.body?.code === 'string' && typeof res.body?.message === 'string'
      ? undefined
      : `refusal without code and message: ${res.status} ${res.text.slice(0, 120)}`;
  };
  /** Signed as the merchant: hostile content reaches what comes after the signature check. */
  function signed(method: 'GET' | 'POST', url: string, body: string): string {
    const timestamp = String(Math.floor(clock.now() / 1000));
    const nonce = 'hostile-nonce';
    const signature = createSign('RSA-SHA256')
      .update(`${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`)
      .sign(m.merchant.privateKey, 'base64');
    return `WECHATPAY2-SHA256-RSA2048 mchid="${m.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${m.serial}"`;
  }

  it('answers every /v3 path, signed or not, in its error shape, and every /dev/pay control with a 4xx', async () => {
    const order = {
      appid: WXPAY_APP_ID,
      mchid: m.mchid,
      description: '诊间支付',
      out_trade_no: 'HOSTILE0001',
      notify_url: 'http://127.0.0.1:9/notify',
      amount: { total: 100, currency: 'CNY' },
      payer: { openid: 'o1' },
    };
    const posts: [string, Record<string, unknown>][] = [
      ['/v3/pay/transactions/jsapi', order],
      ['/v3/pay/transactions/out-trade-no/HOSTILE0001/close', { mchid: m.mchid }],
      [
        '/v3/refund/domestic/refunds',
        {
          out_trade_no: 'HOSTILE0001',
          out_refund_no: 'R1',
          amount: { refund: 1, total: 100, currency: 'CNY' },
        },
      ],
    ];
    const complaints: string[] = [];
    const note = (label: string, res: request.Response) => {
      const wrong = res.status >= 500 ? `${res.status} ${res.text.slice(0, 120)}` : check(res);
      if (wrong) complaints.push(`${label}: ${wrong}`);
    };
    for (const [url, valid] of posts) {
      for (const body of [valid, ...hostileBodies(valid)]) {
        const text = JSON.stringify(body);
        note(
          `${url} ${text.slice(0, 60)}`,
          await http
            .post(url)
            .set('Authorization', signed('POST', url, text))
            .set('Content-Type', 'application/json')
            .send(text),
        );
      }
      for (const raw of HOSTILE_BODIES) {
        note(`${url} raw ${raw.type}`, await http.post(url).set('Content-Type', raw.type).send(raw.body));
      }
    }
    for (const query of hostileQueries({ mchid: m.mchid })) {
      const url = `/v3/pay/transactions/out-trade-no/HOSTILE0001?${query}`;
      note(url, await http.get(url).set('Authorization', signed('GET', url, '')));
    }
    for (const junk of JUNK_QUERIES) {
      const url = `/v3/refund/domestic/refunds/R1?${junk}`;
      note(url, await http.get(url).set('Authorization', signed('GET', url, '')));
    }
    const devTargets: Target[] = [
      { path: '/dev/pay/orders/HOSTILE0001/pay', method: 'post' },
      { path: '/dev/pay/orders/HOSTILE0001/expire', method: 'post' },
      { path: '/dev/pay/notifications/hold', method: 'post', body: { hold: false } },
      { path: '/dev/pay/notifications/forge', method: 'post', body: { kind: 'stale', out_trade_no: 'NONE' } },
      { path: '/dev/pay/busy', method: 'post', body: { count: 0 } },
    ];
    for (const target of devTargets) complaints.push(...(await complaintsFor(http, target, jsonObject)));
    expect(complaints).toEqual([]);
  }, 60_000);
});

describe('hostile trades to the fake Alipay', () => {
  const http = request(inProcessAlipay().app.callback());

  it('answers every trade method, validly signed with hostile content, with a signed code and sub_code', async () => {
    const bizOf: Record<string, Record<string, unknown>> = {
      'alipay.trade.create': {
        out_trade_no: 'HOSTILE0001',
        total_amount: '1.00',
        subject: '诊间支付',
        product_code: 'JSAPI_PAY',
        buyer_id: '2088000000000001',
        timeout_express: '15m',
      },
      'alipay.trade.query': { out_trade_no: 'HOSTILE0001' },
      'alipay.trade.close': { out_trade_no: 'HOSTILE0001' },
      'alipay.trade.refund': { out_trade_no: 'HOSTILE0001', refund_amount: '0.50', out_request_no: 'R1' },
    };
    const complaints: string[] = [];
    const subCodes = new Set<unknown>();
    for (const [method, valid] of Object.entries(bizOf)) {
      for (const biz of [valid, ...hostileBodies(valid)]) {
        const params: Record<string, string> = {
          app_id: ALIPAY_APP_ID,
          method,
          format: 'JSON',
          charset: 'utf-8',
          sign_type: 'RSA2',
          timestamp: '2026-03-02 09:00:00',
          version: '1.0',
          notify_url: 'http://127.0.0.1:9/notify',
          biz_content: JSON.stringify(biz),
        };
        const sign = createSign('RSA-SHA256')
          .update(signContent(params))
          .sign(alipayKeys().app.privateKey, 'base64');
        const res = await http
          .post('/gateway.do')
          .type('form')
          .send(new URLSearchParams({ ...params, sign }).toString());
        const answer = (res.body ?? {})[`${method.replace(/\./g, '_')}_response`] as
          { code?: unknown; sub_code?: unknown } | undefined;
        const fair =
          res.status < 500 &&
          typeof answer?.code === 'string' &&
          (answer.code === '10000' || typeof answer.sub_code === 'string');
        if (!fair)
          complaints.push(
            `${method} ${JSON.stringify(biz).slice(0, 60)}: ${res.status} ${res.text.slice(0, 120)}`,
          );
        subCodes.add(answer?.sub_code ?? answer?.code);
      }
    }
    expect(complaints).toEqual([]);
    // The signature held: the methods themselves answered (the trade created, then refused as asked).
    expect([...subCodes]).toEqual(
      expect.arrayContaining(['10000', 'ACQ.INVALID_PARAMETER', 'ACQ.TRADE_STATUS_ERROR']),
    );
    expect([...subCodes]).not.toContain('isv.invalid-signature');
  }, 60_000);
});
