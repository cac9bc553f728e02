// The fake WeChat and Alipay answer bad input as the real ones do (WeChat: an errcode and
// errmsg; Alipay: a signed response with code and sub_code; their /dev controls: a 4xx),
// never with a 5xx, always in JSON, and keep nothing of a request they refuse; input that is
// in fact valid gets the documented answer. Every path (read off the fakes' routers, so
// none is missed) is sent each hostile value of tests/support/hostile.ts in each body field
// and query parameter, and raw bodies of every shape; each Alipay gateway method gets its
// hostile parameters and biz_content signed with the app's key as alipay-sdk signs them, so
// the method itself sees them, not only the signature check. Each request is judged by what
// the fake requires of it (tests/platforms/hostile-targets.ts).
import { AlipaySdk } from 'alipay-sdk';
import request from 'supertest';

import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { certHash } from '../../bff/sandbox/wechat/face';
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
  type Case,
} from './hostile-judge';
import {
  alipayDevTargets,
  alipayMethods,
  wechatTargets,
  type Answer,
  type GatewayMethod,
  type Target,
} from './hostile-targets';
import { WECHAT_APP } from './wechat-support';

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

describe('hostile input to the fake Alipay', () => {
  const alipay = inProcessAlipay();
  const http = request(alipay.app.callback());
  const { privateKey } = alipayKeys().app;
  const userId = '2088000000000009';
  const authCode = alipay.mintAuthCode(userId);
  alipay.state.quotas.set(`${userId}|*`, Number.POSITIVE_INFINITY);
  let certifyId = '';

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
    const dev = alipayDevTargets({ appId: ALIPAY_APP_ID, authCode, certifyId, userId });
    const covered = dev.map((t) => `${t.method.toUpperCase()} ${t.path}`);
    // The gateway answers every HTTP method; its cases are the next test's.
    expect(paths.filter((path) => !covered.includes(path) && !path.endsWith(' /gateway.do'))).toEqual([]);
  });

  it('runs each gateway method on signed hostile input: refusals signed with a sub_code, keeping nothing; the rest as documented', async () => {
    const values = { appId: ALIPAY_APP_ID, authCode, certifyId, userId };
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
    for (const target of alipayDevTargets({ appId: ALIPAY_APP_ID, authCode, certifyId, userId })) {
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
