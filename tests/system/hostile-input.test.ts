// Bad input is a clear 4xx, never a 500, and loses nothing: every route of the BFF, wired to
// the seeded insurance sandbox and the fake WeChat over HTTP, is sent each hostile value
// of tests/support/hostile.ts in each body field, query parameter, path segment and
// Authorization header, and raw bodies of every shape. Every answer must be below 500 and,
// when it is an error, the one error shape with a code and a Chinese message. Afterwards
// the person's bill, balance and codes are as they were.
import { CONSENT_VERSION, createEnvelopeCodec, ErrorBodySchema } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import request from 'supertest';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { PATHS } from '../../bff/sandbox/insurance/paths';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { buildTestApp, employeeBinding } from '../support/bff';
import {
  HOSTILE_AUTHORIZATIONS,
  HOSTILE_BODIES,
  HOSTILE_SEGMENTS,
  HOSTILE_VALUES,
  JUNK_QUERIES,
  hostileBodies,
  hostileQueries,
} from '../support/hostile';
import { testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
} from '../support/payments';
import { listen, startInsuranceSandbox } from '../support/servers';

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-hostile';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };

type Method = 'get' | 'post' | 'delete';

interface Route {
  method: Method;
  /** With `:name` segments, filled from `params`. */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Query parameters never left out (see hostileQueries). */
  required?: string[];
  /** Which session it runs as (absent: none needed). */
  auth?: 'person' | 'claimer' | 'leaver';
}

/** The route with its `$name` placeholders (in params and body) replaced by `values`. */
function resolve(route: Route, values: Record<string, string>): Route {
  const fillIn = <T extends Record<string, unknown>>(record: T | undefined): T | undefined =>
    record &&
    (Object.fromEntries(
      Object.entries(record).map(([k, v]) => [
        k,
        typeof v === 'string' && v.startsWith('$') ? values[v.slice(1)] : v,
      ]),
    ) as T);
  return { ...route, params: fillIn(route.params), body: fillIn(route.body) };
}

async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000009'), Date.now);
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  await activateOnPlatform(platform, EMPLOYEE, OPENID, '358024');
  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const { app, deps } = buildTestApp({
    INSURANCE_BASE_URL: sandbox.url,
    WECHAT_API_BASE: wechatServer.url,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
    DEV_LOGIN: 'true',
  });
  const bff = await listen(app);
  deps.bindings.save(employeeBinding(OPENID, EMPLOYEE.psnNo));
  const session = (platformUserId: string) =>
    `Bearer ${deps.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId }).token}`;

  // A real bill of the person's, so the bill routes reach the service and the platform.
  const uploaded = await his.call(PATHS.uploadFees, consultationBill(EMPLOYEE.psnNo, 'HIS-HOSTILE-1'));
  // The platform's bill.created reaches the BFF, so the bill routes find the bill.
  await createEventDispatcher(sandbox.context, {
    webhookUrl: `${bff.url}/webhooks/insurance`,
    timeoutMs: 3000,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    defaultAppId: testChannel().appId,
  }).drainOnce();
  const balance = () =>
    sandbox.db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(EMPLOYEE.psnNo);
  const http = request(bff.url);
  const auth = {
    person: session(OPENID),
    claimer: session('openid-hostile-claimer'),
    leaver: session('openid-hostile-leaver'),
  };
  const claim = await http
    .post('/api/v1/claim')
    .set('Authorization', auth.claimer)
    .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
    .expect(200);
  return {
    http,
    balance,
    auth,
    values: {
      billId: uploaded.data?.payOrdId as string,
      claimId: claim.body.claimId as string,
      wrongPassword: encryptPassword('000000'),
    },
    close: async () => {
      await bff.close();
      await wechatServer.close();
      await sandbox.close();
    },
  };
}

type System = Awaited<ReturnType<typeof setup>>;

function send(
  s: System,
  method: Method,
  url: string,
  options: { authorization?: string; json?: unknown; raw?: { type: string; body: string | Buffer } },
) {
  let req = s.http[method](url);
  if (options.authorization !== undefined) req = req.set('Authorization', options.authorization);
  if (options.raw) return req.set('Content-Type', options.raw.type).send(options.raw.body);
  if (options.json !== undefined) return req.send(options.json as object);
  return req;
}

/** What is wrong with one answer, or undefined when it is a fair answer to bad input. */
function complaint(res: request.Response): string | undefined {
  if (res.status >= 500) return `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
  if (res.status < 400) return undefined;
  const parsed = ErrorBodySchema.safeParse(res.body);
  if (!parsed.success) return `${res.status} without the error shape: ${res.text.slice(0, 200)}`;
  if (!/[\u4e00-\u9fa5]/.test(parsed.data.error.message))
    return `${res.status} ${parsed.data.error.code} not in Chinese`;
  return undefined;
}

function fill(route: Route, params: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '');
}

/** Every hostile request for one route, as [label, request] pairs. */
function casesOf(s: System, route: Route): [string, () => request.Test | request.Request][] {
  const authorization = route.auth ? s.auth[route.auth] : undefined;
  const params = route.params ?? {};
  const query = route.query ? `?${new URLSearchParams(route.query)}` : '';
  const url = fill(route, params) + query;
  const cases: [string, () => request.Test | request.Request][] = [];
  if (route.auth) {
    for (const bad of HOSTILE_AUTHORIZATIONS) {
      cases.push([
        `authorization ${String(bad).slice(0, 20)}`,
        () => send(s, route.method, url, { authorization: bad, json: route.body }),
      ]);
    }
  }
  for (const name of Object.keys(params)) {
    for (const segment of HOSTILE_SEGMENTS) {
      const bad = fill(route, { ...params, [name]: segment });
      cases.push([
        `:${name} = ${segment.slice(0, 20)}`,
        () => send(s, route.method, bad + query, { authorization, json: route.body }),
      ]);
    }
  }
  for (const junk of JUNK_QUERIES) {
    const glue = url.includes('?') ? '&' : '?';
    cases.push([
      `junk ?${junk}`,
      () => send(s, route.method, `${url}${glue}${junk}`, { authorization, json: route.body }),
    ]);
  }
  if (route.query) {
    for (const q of hostileQueries(route.query, route.required)) {
      cases.push([
        `?${q.slice(0, 40)}`,
        () => send(s, route.method, `${fill(route, params)}?${q}`, { authorization }),
      ]);
    }
  }
  if (route.body) {
    for (const body of hostileBodies(route.body)) {
      cases.push([
        `body ${JSON.stringify(body).slice(0, 60)}`,
        () => send(s, route.method, url, { authorization, json: body }),
      ]);
    }
  }
  if (route.method === 'post') {
    for (const raw of HOSTILE_BODIES) {
      cases.push([
        `raw ${raw.type} ${String(raw.body).slice(0, 20)}`,
        () => send(s, route.method, url, { authorization, raw }),
      ]);
    }
  }
  return cases;
}

// `$billId`, `$claimId` and `$wrongPassword` are filled in once the system runs.
const ROUTES: Route[] = [
  { method: 'get', path: '/healthz' },
  { method: 'get', path: '/readyz' },
  { method: 'post', path: '/api/v1/session', body: { platform: 'weapp', code: 'not-a-wechat-code' } },
  { method: 'get', path: '/api/v1/me', auth: 'person' },
  // Its own session: a request that passes signs it out.
  { method: 'delete', path: '/api/v1/session', auth: 'leaver' },
  { method: 'get', path: '/api/v1/voucher/code', auth: 'person' },
  {
    method: 'get',
    path: '/api/v1/voucher/events',
    auth: 'person',
    query: { cursor: '0', wait: '0' },
    required: ['wait'],
  },
  { method: 'get', path: '/api/v1/records', auth: 'person', query: { limit: '5', before: '20260101' } },
  { method: 'get', path: '/api/v1/inbox', auth: 'person', query: { limit: '5', before: '10' } },
  { method: 'post', path: '/api/v1/inbox/:id/read', auth: 'person', params: { id: '1' } },
  { method: 'get', path: '/api/v1/bills/:billId', auth: 'person', params: { billId: '$billId' } },
  { method: 'post', path: '/api/v1/bills/:billId/cash', auth: 'person', params: { billId: 'NOSUCHBILL01' } },
  // The person's unpaid bill has no cash part waiting: whatever passes validation is refused.
  {
    method: 'post',
    path: '/api/v1/bills/:billId/cash',
    auth: 'person',
    params: { billId: '$billId' },
    body: { cashier: 'dev' },
  },
  { method: 'get', path: '/api/v1/bills/:billId/cash', auth: 'person', params: { billId: '$billId' } },
  {
    method: 'post',
    path: '/api/v1/dev/cashier/:orderId',
    auth: 'person',
    params: { orderId: 'C20260101000000ABCDEFGHIJKLMNOPQ' },
    body: { result: 'pay' },
  },
  {
    method: 'post',
    path: '/api/v1/bills/:billId/pay',
    auth: 'person',
    params: { billId: '$billId' },
    // A validly made cipher of a wrong password: a body that passes validation pays nothing.
    body: { useAccount: true, passwordCipher: '$wrongPassword', requestId: 'hostile-request-0001' },
  },
  { method: 'get', path: '/api/v1/claim/password-key', auth: 'claimer' },
  {
    method: 'post',
    path: '/api/v1/claim',
    auth: 'claimer',
    body: { agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION },
  },
  { method: 'get', path: '/api/v1/claim/:claimId', auth: 'claimer', params: { claimId: '$claimId' } },
  {
    method: 'post',
    path: '/api/v1/claim/:claimId/identity',
    auth: 'claimer',
    params: { claimId: '$claimId' },
    body: { name: '王五', docType: '01', docNumber: '110101199001011234' },
  },
  { method: 'post', path: '/api/v1/claim/:claimId/sms', auth: 'claimer', params: { claimId: '$claimId' } },
  {
    method: 'post',
    path: '/api/v1/claim/:claimId/sms/verify',
    auth: 'claimer',
    params: { claimId: '$claimId' },
    body: { smsCode: '123456' },
  },
  { method: 'post', path: '/api/v1/claim/:claimId/face', auth: 'claimer', params: { claimId: '$claimId' } },
  {
    method: 'post',
    path: '/api/v1/claim/:claimId/face/complete',
    auth: 'claimer',
    params: { claimId: '$claimId' },
  },
  {
    method: 'post',
    path: '/api/v1/claim/:claimId/password',
    auth: 'claimer',
    params: { claimId: '$claimId' },
    body: { passwordCipher: '$wrongPassword' },
  },
  { method: 'get', path: '/api/v1/dev/personas' },
  { method: 'post', path: '/api/v1/dev/login-code', body: { persona: 'employee' } },
  { method: 'post', path: '/api/v1/dev/face', body: { verifyId: 'verify-1', result: 'pass' } },
  { method: 'get', path: '/api/v1/dev/sms/:claimId', auth: 'claimer', params: { claimId: '$claimId' } },
];

describe('hostile input to every BFF route', () => {
  let s: System;
  let before: { balance: unknown };
  beforeAll(async () => {
    s = await setup();
    before = { balance: s.balance() };
  });
  afterAll(() => s.close());

  it.each(ROUTES.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s answers each hostile request below 500, as an error with a Chinese message',
    async (_name, template) => {
      const route = resolve(template, s.values);
      const complaints: string[] = [];
      const cases = casesOf(s, route);
      for (const [label, make] of cases) {
        const wrong = complaint(await make());
        if (wrong) complaints.push(`[${label}]: ${wrong}`);
      }
      expect(complaints).toEqual([]);
      expect(cases.length).toBeGreaterThanOrEqual(JUNK_QUERIES.length);
    },
    60_000,
  );

  it('answers hostile webhook deliveries below 500 with a code and a Chinese message', async () => {
    const codec = createEnvelopeCodec({ primitives: nodePrimitives });
    const platformView = {
      ...testChannel().bffView,
      ownKeys: testChannel().platformKeys,
      peerPublicKey: testChannel().channelKeys.publicKey,
    };
    const event = (type: string, payload: Record<string, unknown>, n: number) => ({
      eventId: `EVT-HOSTILE-${n}`,
      type,
      occurredAt: new Date().toISOString(),
      payload,
    });
    // Signed by the platform, so they pass the envelope: what the BFF then makes of the data.
    const signed: unknown[] = [];
    const payloads: Record<string, Record<string, unknown>> = {
      'code.scanned': { code: 'YB1X', psnNo: EMPLOYEE.psnNo, at: new Date().toISOString() },
      'settlement.completed': {
        setlId: 'S1',
        psnNo: EMPLOYEE.psnNo,
        totalFen: 100,
        fundFen: 50,
        accountFen: 30,
        cashFen: 20,
        settledAt: new Date().toISOString(),
      },
      'bill.created': {
        payOrdId: 'B1',
        payToken: 'T1',
        psnNo: EMPLOYEE.psnNo,
        totalFen: 100,
        createdAt: new Date().toISOString(),
      },
      'refund.completed': {
        payOrdId: 'B1',
        psnNo: EMPLOYEE.psnNo,
        refdType: 'ALL',
        totalFen: 100,
        refundedAt: new Date().toISOString(),
      },
      'bill.revoked': { payOrdId: 'B1', psnNo: EMPLOYEE.psnNo },
    };
    for (const [type, payload] of Object.entries(payloads)) {
      for (const bad of hostileBodies(payload)) signed.push(event(type, bad, signed.length));
    }
    for (const bad of hostileBodies(event('code.scanned', payloads['code.scanned']!, 0))) signed.push(bad);
    for (const value of HOSTILE_VALUES) signed.push({ events: value }, value);

    const complaints: string[] = [];
    const check = (label: string, res: request.Response) => {
      // The webhook answers in the platform's {code, message}; a body that is not JSON at
      // all is refused before it, in the API's error shape. Either way, a 4xx that says why.
      const answer = (res.body?.error ?? res.body) as { code?: unknown; message?: unknown } | undefined;
      const fair =
        res.status < 500 &&
        typeof answer?.code === 'string' &&
        (answer.code === '0' || /[\u4e00-\u9fa5]/.test(String(answer.message)));
      if (!fair) complaints.push(`[${label}]: ${res.status} ${res.text.slice(0, 160)}`);
    };
    for (const data of signed) {
      const res = await s.http.post('/webhooks/insurance').send(codec.seal(platformView, data));
      check(`signed ${JSON.stringify(data).slice(0, 80)}`, res);
    }
    for (const raw of HOSTILE_BODIES) {
      const res = await s.http.post('/webhooks/insurance').set('Content-Type', raw.type).send(raw.body);
      check(`raw ${raw.type} ${String(raw.body).slice(0, 20)}`, res);
    }
    const sealed = codec.seal(platformView, event('code.scanned', payloads['code.scanned']!, 1));
    for (const [field, value] of Object.entries(sealed)) {
      for (const bad of HOSTILE_VALUES) {
        const res = await s.http.post('/webhooks/insurance').send({ ...sealed, [field]: bad });
        check(
          `envelope ${field} = ${JSON.stringify(bad).slice(0, 30)} (was ${String(value).slice(0, 10)})`,
          res,
        );
      }
    }
    expect(complaints).toEqual([]);
    expect(signed.length).toBeGreaterThan(150);
  }, 60_000);

  it('lost nothing and did nothing on the way', async () => {
    // The bill is unpaid, the balance unmoved, and the person can still be shown a code.
    const bill = await s.http
      .get(`/api/v1/bills/${s.values.billId}`)
      .set('Authorization', s.auth.person)
      .expect(200);
    expect(bill.body.status).toBe('unpaid');
    expect(s.balance()).toBe(before.balance);
    await s.http.get('/api/v1/voucher/code').set('Authorization', s.auth.person).expect(200);
  });
});
