// The fake WeChat, WeChat Pay and Alipay answer bad input as the real ones do (WeChat: an
// errcode and errmsg; WeChat Pay: an HTTP status with a signed {code, message}; Alipay: a
// signed response with code and sub_code; their /dev controls: a 4xx), never with a 5xx,
// always in JSON, and keep nothing of a request they refuse; input that is in fact valid gets
// the documented answer. Every path (read off the fakes' routers, so none is missed) is sent
// each hostile value of tests/support/hostile.ts in each body field, query parameter and path
// parameter, and raw bodies of every shape; each Alipay gateway method (its trades included)
// gets its hostile parameters and biz_content signed with the app's key as alipay-sdk signs
// them, and each WeChat Pay /v3 request is signed with the merchant's key, so the method
// itself sees them, not only the signature check. Each request is judged by what the fake
// requires of it (tests/platforms/hostile-targets.ts).
import { createSign, generateKeyPairSync } from 'node:crypto';

import { AlipaySdk } from 'alipay-sdk';
import request from 'supertest';

import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { certHash } from '../../bff/sandbox/wechat/face';
import { createWechatPaySandbox } from '../../bff/sandbox/wechatpay/app';
import { deepHostile, koaQuery, parsedJsonBody, URL_STRINGS } from '../support/hostile';
import { routeKey, routesOf } from '../support/routes';
import { manualClock } from './helpers';
import { ALIPAY_APP_ID, alipayKeys, inProcessAlipay } from './alipay-support';
import {
  BODY_LIMIT,
  casesOf,
  complaintsOf,
  devAnswer,
  gatewayAnswer,
  refusedBy,
  signAsTheSdk,
  wechatAnswer,
  wechatPayAnswer,
  type Case,
  type Signer,
} from './hostile-judge';
import {
  alipayDevTargets,
  alipayMethods,
  alipayTradeDevTargets,
  wechatPayTargets,
  wechatTargets,
  type Answer,
  type GatewayMethod,
  type Target,
} from './hostile-targets';
import { WECHAT_APP } from './wechat-support';
import { sandboxOptionsFor, wechatPayMerchant, WXPAY_APP_ID } from './wechatpay-support';

/** The gateway's own refusals, before any method runs (gateway.ts). */
const GATEWAY_SUB_CODES = [
  'isp.unknow-error',
  'isv.missing-app-id',
  'isv.invalid-app-id',
  'isv.missing-signature',
  'isv.invalid-signature-type',
  'isv.invalid-signature',
  'isv.invalid-method',
  'isv.missing-method',
];

describe('hostile input to the fake WeChat', () => {
  const clock = manualClock();
  const wechat = createWechatSandbox({ ...WECHAT_APP, now: clock.now });
  const http = request(wechat.app.callback());
  let targets: Target[];
  let accessToken = '';
  let fetchToken: () => Promise<string>;

  beforeAll(async () => {
    const openid = 'openid-hostile';
    const loginCode = wechat.mintLoginCode(openid);
    const token = async () =>
      (
        await http
          .post('/cgi-bin/stable_token')
          .send({ grant_type: 'client_credential', appid: WECHAT_APP.appId, secret: WECHAT_APP.appSecret })
      ).body.access_token as string;
    const cert = { cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '11010119900101123X' };
    const verify = await http
      .post(`/cityservice/face/identify/getverifyid?access_token=${await token()}`)
      .send({ openid, out_seq_no: 'seq-1', cert_info: cert });
    // A long-term grant: every valid subscribe message may be sent.
    await http.post('/dev/subscription').send({ openid, long_term: true }).expect(200);
    targets = wechatTargets({
      app: WECHAT_APP,
      accessToken: () => accessToken,
      loginCode,
      openid,
      verifyId: verify.body.verify_id as string,
      certHash: certHash('IDENTITY_CARD', cert.cert_name, cert.cert_no),
    });
    fetchToken = token;
  });
  it('has a target for every path the fake answers', () => {
    const paths = routesOf(wechat.app).map(routeKey);
    const covered = targets.map((t) => `${t.method.toUpperCase()} ${t.path}`);
    expect(paths.filter((path) => !covered.includes(path))).toEqual([]);
  });

  it('answers what it refuses with an errcode (its /dev controls with a 4xx), keeping nothing, and the rest as documented', async () => {
    const complaints: string[] = [];
    for (const template of targets) {
      // A token current at the target's start (a valid variant of another may have refreshed it).
      accessToken = await fetchToken();
      const target = template.query?.access_token
        ? { ...template, query: { ...template.query, access_token: accessToken } }
        : template;
      const dev = target.path.startsWith('/dev/') || target.path === '/healthz';
      const cases = casesOf(http, target, (raw) => {
        const parsed = parsedJsonBody(raw, BODY_LIMIT);
        return 'refused' in parsed ? undefined : parsed.body;
      });
      complaints.push(
        ...(await complaintsOf(target.path, cases, target, dev ? devAnswer : wechatAnswer, wechat.state)),
      );
      // A valid /dev/busy may have set an outage for the next calls.
      wechat.state.busy = 0;
    }
    expect(complaints).toEqual([]);
  }, 60_000);
});

describe('hostile input to the fake WeChat Pay', () => {
  const m = wechatPayMerchant();
  const clock = manualClock();
  const pay = createWechatPaySandbox({ ...sandboxOptionsFor(m), now: clock.now, notifyTimeoutMs: 1000 });
  const http = request(pay.app.callback());
  afterAll(() => pay.close());
  const orders = { openOrder: 'HOSTILE0001', paidOrder: 'PAID0001', devOrder: 'DEVPAY0001' };
  const notifyUrl = 'http://127.0.0.1:9/notify';
  let targets: Target[];

  /** The merchant's v3 signature over a request as sent (WECHATPAY2-SHA256-RSA2048). */
  const signedWith =
    (privateKey: string, at = clock.now): Signer =>
    (method, url, body) => {
      const timestamp = String(Math.floor(at() / 1000));
      const nonce = 'hostile-nonce';
      const signature = createSign('RSA-SHA256')
        .update(`${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`)
        .sign(privateKey, 'base64');
      return {
        Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${m.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${m.serial}"`,
      };
    };
  const sign = signedWith(m.merchant.privateKey);

  beforeAll(async () => {
    // An order paid before the run (refunds, its notification) and one for the cashier's controls.
    for (const outTradeNo of [orders.paidOrder, orders.devOrder]) {
      const body = JSON.stringify({
        appid: WXPAY_APP_ID,
        mchid: m.mchid,
        description: '诊间支付-现金部分',
        out_trade_no: outTradeNo,
        notify_url: notifyUrl,
        amount: { total: 100, currency: 'CNY' },
        payer: { openid: 'openid-hostile' },
      });
      const url = '/v3/pay/transactions/jsapi';
      await http
        .post(url)
        .set('Content-Type', 'application/json')
        .set(sign('POST', url, body))
        .send(body)
        .expect(200);
    }
    const paid = await http.post(`/dev/pay/orders/${orders.paidOrder}/pay`).expect(200);
    targets = wechatPayTargets({
      mchid: m.mchid,
      appId: WXPAY_APP_ID,
      ...orders,
      notificationId: paid.body.notification_id as string,
      notifyUrl,
    });
  });

  it('has a target for every path the fake answers', () => {
    const paths = routesOf(pay.app).map(routeKey);
    const covered = targets.map((t) => `${t.method.toUpperCase()} ${t.path}`);
    expect(paths.filter((path) => !covered.includes(path))).toEqual([]);
  });

  it('answers what it refuses, signed, with a code and message (its /dev/pay controls with a 4xx), keeping nothing, and the rest as documented', async () => {
    const complaints: string[] = [];
    const answers: Answer[] = [];
    for (const target of targets) {
      const dev = target.path.startsWith('/dev/');
      const cases = casesOf(
        http,
        target,
        (raw) => {
          const parsed = parsedJsonBody(raw, BODY_LIMIT);
          return 'refused' in parsed ? undefined : parsed.body;
        },
        dev ? undefined : sign,
      );
      complaints.push(
        ...(await complaintsOf(
          target.path,
          cases,
          target,
          dev ? devAnswer : wechatPayAnswer,
          pay.state,
          answers,
        )),
      );
      // A valid /dev/pay/busy may have set an outage for the next calls.
      pay.state.busy = 0;
    }
    expect(complaints).toEqual([]);
    // Signed as the merchant: the methods themselves refused (not only the signature check).
    expect(answers).toEqual(
      expect.arrayContaining(['ORDER_NOT_EXIST', 'MCH_NOT_EXISTS', 'OUT_TRADE_NO_USED']),
    );
  }, 60_000);

  it('refuses every /v3 request not signed by the merchant with 401 SIGN_ERROR, keeping nothing', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const unsigned: Signer = () => ({});
    const signers: [string, Signer][] = [
      ['unsigned', unsigned],
      ['another key', signedWith(otherKey)],
      ['ten minutes old', signedWith(m.merchant.privateKey, () => clock.now() - 600_000)],
    ];
    const complaints: string[] = [];
    for (const target of targets.filter((t) => t.path.startsWith('/v3/'))) {
      for (const [label, signer] of signers) {
        const asWritten = casesOf(http, target, () => undefined, signer)[0]!;
        const cases = [{ ...asWritten, label, refused: true, asWritten: false }];
        const expected = { answer: 'SIGN_ERROR' };
        const answers: Answer[] = [];
        complaints.push(
          ...(await complaintsOf(target.path, cases, expected, wechatPayAnswer, pay.state, answers)),
        );
        if (answers[0] !== 'SIGN_ERROR') complaints.push(`${target.path} [${label}]: got ${answers[0]}`);
      }
    }
    expect(complaints).toEqual([]);
  });
});

describe('hostile input to the fake Alipay', () => {
  const alipay = inProcessAlipay();
  const http = request(alipay.app.callback());
  const { privateKey } = alipayKeys().app;
  const userId = '2088000000000009';
  const authCode = alipay.mintAuthCode(userId);
  alipay.state.quotas.set(`${userId}|*`, Number.POSITIVE_INFINITY);
  let certifyId = '';
  let notificationId = '';
  // Trades: one the run creates and closes, one paid before it (refunds), one for the dev controls.
  const trades = { openTrade: 'HOSTILE0001', paidTrade: 'PAIDTRADE01', devTrade: 'DEVTRADE01' };
  afterAll(() => alipay.close());

  /** The common parameters of a call, signed, with `params` and biz_content. */
  function signed(method: string, extra: Record<string, string>) {
    const params: Record<string, string> = {
      app_id: ALIPAY_APP_ID,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2026-03-02 09:00:00',
      version: '1.0',
      ...extra,
    };
    return { ...params, sign: signAsTheSdk(params, privateKey) };
  }

  beforeAll(async () => {
    const init = await http
      .post('/gateway.do')
      .type('form')
      .send(
        signed('alipay.user.certify.open.initialize', {
          biz_content: JSON.stringify({
            outer_order_no: 'ORDER0',
            biz_code: 'FACE',
            identity_param: {
              identity_type: 'CERT_INFO',
              cert_type: 'IDENTITY_CARD',
              cert_name: '张三',
              cert_no: '11010119900101123X',
            },
          }),
        }),
      );
    certifyId = JSON.parse(init.text).alipay_user_certify_open_initialize_response.certify_id as string;
    for (const outTradeNo of [trades.paidTrade, trades.devTrade]) {
      const created = await http
        .post('/gateway.do')
        .type('form')
        .send(
          signed('alipay.trade.create', {
            notify_url: 'http://127.0.0.1:9/notify',
            biz_content: JSON.stringify({
              out_trade_no: outTradeNo,
              total_amount: '1.00',
              subject: '诊间支付-现金部分',
              buyer_id: userId,
            }),
          }),
        );
      expect(JSON.parse(created.text).alipay_trade_create_response.code).toBe('10000');
    }
    await http.post(`/dev/trade/orders/${trades.paidTrade}/pay`).expect(200);
    notificationId = alipay.state.trades.notifications[0]!.id;
  });

  it('signs as alipay-sdk signs', () => {
    const sdk = new AlipaySdk({
      appId: ALIPAY_APP_ID,
      privateKey,
      keyType: 'PKCS8',
      alipayPublicKey: alipayKeys().alipay.publicKey,
    });
    const query = sdk.sdkExecute('alipay.user.certify.open.query', { bizContent: { certify_id: 'c1' } });
    const params = Object.fromEntries(new URLSearchParams(query));
    expect(params.sign).toBe(signAsTheSdk(params, privateKey));
  });

  it('has a target for every path the fake answers', () => {
    const paths = routesOf(alipay.app).map(routeKey);
    const dev = [
      ...alipayDevTargets({ appId: ALIPAY_APP_ID, authCode, certifyId, userId }),
      ...alipayTradeDevTargets({ ...trades, notificationId }),
    ];
    const covered = dev.map((t) => `${t.method.toUpperCase()} ${t.path}`);
    // The gateway answers every HTTP method; its cases are the next test's.
    expect(paths.filter((path) => !covered.includes(path) && !path.endsWith(' /gateway.do'))).toEqual([]);
  });

  it('runs each gateway method on signed hostile input: refusals signed with a sub_code, keeping nothing; the rest as documented', async () => {
    const values = { appId: ALIPAY_APP_ID, authCode, certifyId, userId, ...trades };
    const methods = alipayMethods(values);
    const complaints: string[] = [];
    for (const m of methods) {
      const answers: Answer[] = [];
      complaints.push(
        ...(await complaintsOf(m.method, gatewayCases(m), m, gatewayAnswer, alipay.state, answers)),
      );
      // The method's own checks refused some of its input: the data got past the signature.
      if (
        !answers.some((answer) => !GATEWAY_SUB_CODES.includes(answer) && answer !== 'ok' && answer !== 'page')
      )
        complaints.push(`${m.method}: its own checks never refused anything`);
    }
    expect(complaints).toEqual([]);
    // The methods named are all the gateway runs.
    expect(methods.map((m) => m.method).sort()).toEqual(Object.keys(alipay.methods).sort());
  }, 60_000);

  it('answers what its /dev controls refuse with a 4xx, keeping nothing, and the rest as documented', async () => {
    const complaints: string[] = [];
    const targets = [
      ...alipayDevTargets({ appId: ALIPAY_APP_ID, authCode, certifyId, userId }),
      ...alipayTradeDevTargets({ ...trades, notificationId }),
    ];
    for (const target of targets) {
      const cases = casesOf(http, target, (raw) => {
        if (raw.type === 'application/x-www-form-urlencoded') return koaQuery(String(raw.body));
        const parsed = parsedJsonBody(raw, BODY_LIMIT);
        return 'refused' in parsed ? undefined : parsed.body;
      });
      complaints.push(...(await complaintsOf(target.path, cases, target, devAnswer, alipay.state)));
      alipay.state.busy = 0;
    }
    expect(complaints).toEqual([]);
  }, 60_000);

  /** Every hostile call of one method, each signed; the valid one first. */
  function gatewayCases(m: GatewayMethod): Case[] {
    const send = (params: Record<string, string>) => () =>
      m.page
        ? http.get(`/gateway.do?${new URLSearchParams(params)}`)
        : http.post('/gateway.do').type('form').send(params);
    const call = (extra: Record<string, string>, biz: unknown) =>
      signed(m.method, { ...extra, ...(biz === undefined ? {} : { biz_content: JSON.stringify(biz) }) });
    /** Whether the fake must refuse a call (its common parameters, then its own). */
    const refusedCall = (params: Record<string, string>) => {
      if (params.app_id !== ALIPAY_APP_ID || params.sign_type !== 'RSA2' || params.method !== m.method)
        return true;
      let biz: unknown = {};
      if (params.biz_content) {
        try {
          biz = JSON.parse(params.biz_content);
        } catch {
          return true;
        }
        if (!biz || typeof biz !== 'object' || Array.isArray(biz)) return true;
      }
      return refusedBy(m.accepts.params, params) || refusedBy(m.accepts.biz, biz);
    };
    const valid = call(m.params ?? {}, m.biz);
    const cases: Case[] = [
      { label: 'as written', send: send(valid), refused: refusedCall(valid), asWritten: true },
    ];
    const add = (label: string, params: Record<string, string>) =>
      cases.push({ label, send: send(params), refused: refusedCall(params) });
    // The method's own parameters and biz_content, field by field, one level down too.
    for (const [key, value] of Object.entries({ ...m.params })) {
      const { [key]: _left, ...without } = m.params ?? {};
      add(`${key} left out`, call(without, m.biz));
      for (const bad of URL_STRINGS)
        if (bad !== value) add(`${key} = ${bad.slice(0, 20)}`, call({ ...m.params, [key]: bad }, m.biz));
    }
    if (m.biz) {
      for (const bad of deepHostile(m.biz))
        add(`biz ${JSON.stringify(bad).slice(0, 60)}`, call(m.params ?? {}, bad));
      for (const text of URL_STRINGS)
        add(`biz_content = ${text.slice(0, 20)}`, signed(m.method, { ...m.params, biz_content: text }));
    }
    // The common parameters, on the first method only (the gateway checks them alike for all).
    if (m.method === 'alipay.system.oauth.token') {
      const common = signed(m.method, m.params ?? {});
      for (const key of ['app_id', 'method', 'sign_type', 'timestamp', 'charset', 'version', 'format']) {
        const rest = Object.fromEntries(
          Object.entries(common).filter(([name]) => name !== key && name !== 'sign'),
        );
        add(`${key} left out`, { ...rest, sign: signAsTheSdk(rest, privateKey) });
        for (const bad of URL_STRINGS) {
          const params = { ...rest, [key]: bad };
          add(`${key} = ${bad.slice(0, 20)}`, { ...params, sign: signAsTheSdk(params, privateKey) });
        }
      }
      // And the signature itself: wrong, or missing.
      add('sign forged', { ...common, sign: signAsTheSdk({ ...common, code: 'other' }, privateKey) });
      const { sign: _sign, ...unsigned } = common;
      add('sign left out', unsigned);
    }
    return cases.map((c) => (c.label.startsWith('sign ') ? { ...c, refused: true } : c));
  }
});
