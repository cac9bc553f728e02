// Bad input is a clear 4xx, never a 500, and stores nothing; input that is in fact valid gets
// the documented answer. Every route of the BFF (read off its routers, so none is missed),
// wired to the seeded insurance sandbox and the fake WeChat over HTTP, is sent each hostile
// value of tests/support/hostile.ts in each body field, query parameter, path segment and
// Authorization header, and raw bodies of every shape. Each request is judged by the
// route's own schemas (what its validate() runs): one they refuse must get a 4xx with the
// refusal's code and a Chinese message, and leave every table of the BFF and the sandbox as
// it was; one they accept must get the route's answer (tests/system/hostile-routes.ts). The
// platform's webhook is sent signed events of every broken shape: what it cannot read, it
// acknowledges and keeps (quarantined, never applied). The payment platforms' notification
// webhooks are sent forged, unsigned, stale and garbled notifications and signed ones with
// hostile content: each refused with a 4xx in the platform's own shape, storing nothing.
// Afterwards the person's bill, balance and codes are as they were.
import { CONSENT_VERSION, endpoints, ERRORS, ErrorBodySchema, type ErrorCode } from '@ybm/shared';
import { createEnvelopeCodec } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';
import type { z } from 'zod';

import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { buildTestApp, employeeBinding } from '../support/bff';
import {
  changedCounts,
  HOSTILE_AUTHORIZATIONS,
  HOSTILE_BODIES,
  HOSTILE_SEGMENTS,
  hostileBodies,
  hostileQueries,
  JUNK_QUERIES,
  koaQuery,
  overTheWire,
  parsedJsonBody,
  rowCounts,
} from '../support/hostile';
import { testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
  webhookEvents,
} from '../support/payments';
import { fillPath, routeKey, routesOf, type AppRoute } from '../support/routes';
import { listen, startInsuranceSandbox } from '../support/servers';
import {
  cashPlatformsFor,
  hostileAlipayNotifications,
  hostileWechatPayNotifications,
} from './hostile-cash-webhooks';
import { hostileWebhookDeliveries } from './hostile-webhook';
import {
  CASH_WEBHOOK_ROUTES,
  ROUTE_CASES,
  WEBHOOK_ROUTE,
  type RouteCases,
  type RouteValues,
} from './hostile-routes';

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-hostile';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
/** The BFF's body limit for everything but the webhook (bff/src/app.ts). */
const API_BODY_LIMIT = 64 * 1024;
/** Logs that rightly get a row when a valid request is refused: the BFF's audit trail, the sandbox's request log. */
const REFUSAL_LOGS = ['audit_log', 'channel_requests'];

async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000009'), Date.now);
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  await activateOnPlatform(platform, EMPLOYEE, OPENID, '358024');
  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const { app, deps } = buildTestApp(
    {
      INSURANCE_BASE_URL: sandbox.url,
      WECHAT_API_BASE: wechatServer.url,
      WECHAT_APP_ID: WECHAT.appId,
      WECHAT_APP_SECRET: WECHAT.appSecret,
      DEV_LOGIN: 'true',
    },
    // WeChat Pay and Alipay as the BFF's real clients see them, so their webhooks check signatures.
    { cashPlatforms: cashPlatformsFor(WECHAT.appId) },
  );
  const bff = await listen(app);
  await deps.bindings.save(employeeBinding(OPENID, EMPLOYEE.psnNo));
  const session = async (platformUserId: string) =>
    `Bearer ${(await deps.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId })).token}`;

  // A real bill of the person's, so the bill routes reach the service and the platform.
  const uploaded = await his.call(PATHS.uploadFees, consultationBill(EMPLOYEE.psnNo, 'HIS-HOSTILE-1'));
  // The platform's bill.created reaches the BFF, so the bill routes find the bill.
  await webhookEvents(sandbox.context, bff.url).drainOnce();
  const balance = () =>
    sandbox.db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(EMPLOYEE.psnNo);
  const http = request(bff.url);
  const person = await session(OPENID);
  const claimer = await session('openid-hostile-claimer');
  let leavers = 0;
  // The session each route runs as (RouteCases.auth); `fresh` makes one per request.
  const auth = {
    person: () => person,
    claimer: () => claimer,
    fresh: () => session(`openid-hostile-leaver-${(leavers += 1)}`),
  };
  const claim = await http
    .post('/api/v1/claim')
    .set('Authorization', claimer)
    .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
    .expect(200);
  const values: RouteValues = {
    billId: uploaded.data?.payOrdId as string,
    claimId: claim.body.claimId as string,
    wrongPassword: encryptPassword('000000'),
  };
  return {
    app,
    http,
    balance,
    auth,
    values,
    /** Rows of every table of the BFF and the sandbox, but for `except`. */
    counts: (except: readonly string[] = []) => ({
      ...prefixed('bff', rowCounts(deps.db!, except)),
      ...prefixed('sandbox', rowCounts(sandbox.db, except)),
    }),
    bffDb: deps.db!,
    close: async () => {
      await bff.close();
      await wechatServer.close();
      await sandbox.close();
    },
  };
}

type System = Awaited<ReturnType<typeof setup>>;

const prefixed = (prefix: string, counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).map(([table, n]) => [`${prefix}.${table}`, n]));

/** A request made from the route's valid one, and what the route's schemas make of it. */
interface Case {
  label: string;
  /** Path and query, as sent. */
  url: string;
  /** The header as sent (undefined: none); absent: the route's own session. */
  authorization?: string | undefined;
  json?: unknown;
  raw?: { type: string; body: string | Buffer };
  /** Why it must be refused, and with which codes; undefined when the schemas accept it. */
  refusal?: { why: string; codes: ErrorCode[] };
}

/** The route's entry with its `$name` placeholders replaced by the running system's values. */
function resolve(cases: RouteCases, values: RouteValues): RouteCases {
  const fillIn = <T extends Record<string, unknown>>(record: T | undefined): T | undefined =>
    record &&
    (Object.fromEntries(
      Object.entries(record).map(([k, v]) => [
        k,
        typeof v === 'string' && v.startsWith('$') ? values[v.slice(1) as keyof RouteValues] : v,
      ]),
    ) as T);
  return { ...cases, params: fillIn(cases.params), body: fillIn(cases.body) };
}

/** What @koa/router hands the route for a path segment. */
function routerDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** VALIDATION_ERROR unless every schema of the route accepts its part of the input. */
function judged(
  route: AppRoute,
  input: { params: Record<string, string>; query: string; body: unknown },
): Case['refusal'] {
  const parts = { params: input.params, query: koaQuery(input.query), body: input.body };
  const refused = (['params', 'query', 'body'] as const).filter(
    (part) => route.schemas[part] && !route.schemas[part].safeParse(parts[part]).success,
  );
  return refused.length > 0
    ? { why: `the route's ${refused.join(' and ')} schema refuses it`, codes: ['VALIDATION_ERROR'] }
    : undefined;
}

/** Every hostile request for one route, the request as written first. */
function casesOf(route: AppRoute, spec: RouteCases): Case[] {
  const params = spec.params ?? {};
  const encoded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)]));
  const query = spec.query ? new URLSearchParams(spec.query).toString() : '';
  const path = fillPath(route.path, encoded);
  const url = (q: string) => (q ? `${path}?${q}` : path);
  const body = overTheWire(spec.body) ?? {};
  const judge = (input: Partial<{ params: Record<string, string>; query: string; body: unknown }>) =>
    judged(route, { params, query, body, ...input });

  const cases: Case[] = [{ label: 'as written', url: url(query), json: spec.body, refusal: judge({}) }];
  if (spec.auth) {
    for (const bad of HOSTILE_AUTHORIZATIONS) {
      cases.push({
        label: `authorization ${String(bad).slice(0, 20)}`,
        url: url(query),
        authorization: bad,
        json: spec.body,
        refusal: { why: 'it is no session', codes: ['UNAUTHENTICATED'] },
      });
    }
  }
  for (const name of Object.keys(params)) {
    for (const segment of HOSTILE_SEGMENTS) {
      cases.push({
        label: `:${name} = ${segment.slice(0, 20)}`,
        url: `${fillPath(route.path, { ...encoded, [name]: segment })}${query ? `?${query}` : ''}`,
        json: spec.body,
        refusal: judge({ params: { ...params, [name]: routerDecoded(segment) } }),
      });
    }
  }
  for (const junk of JUNK_QUERIES) {
    const q = query ? `${query}&${junk}` : junk;
    cases.push({ label: `junk ?${junk}`, url: url(q), json: spec.body, refusal: judge({ query: q }) });
  }
  if (spec.query) {
    for (const q of hostileQueries(spec.query, spec.required)) {
      cases.push({ label: `?${q.slice(0, 40)}`, url: url(q), json: spec.body, refusal: judge({ query: q }) });
    }
  }
  if (spec.body) {
    for (const variant of hostileBodies(spec.body)) {
      cases.push({
        label: `body ${JSON.stringify(variant).slice(0, 60)}`,
        url: url(query),
        json: variant,
        refusal: judge({ body: overTheWire(variant) }),
      });
    }
  }
  if (['POST', 'PUT', 'PATCH'].includes(route.method)) {
    for (const raw of HOSTILE_BODIES) {
      const parsed = parsedJsonBody(raw, API_BODY_LIMIT);
      cases.push({
        label: `raw ${raw.type} ${String(raw.body).slice(0, 20)}`,
        url: url(query),
        raw,
        refusal:
          'refused' in parsed
            ? { why: 'the body parser refuses it', codes: [parsed.refused] }
            : judge({ body: parsed.body }),
      });
    }
  }
  return cases;
}

function send(s: System, route: AppRoute, c: Case, authorization: string | undefined) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = s.http[method](c.url);
  if (authorization !== undefined) req = req.set('Authorization', authorization);
  if (c.raw) return req.set('Content-Type', c.raw.type).send(c.raw.body);
  if (c.json !== undefined) return req.send(c.json as object);
  return req;
}

/** The error body's code, when the answer is in the one error shape with a Chinese message. */
function refusalCode(res: request.Response): string | undefined {
  const parsed = ErrorBodySchema.safeParse(res.body);
  if (!parsed.success || !/[\u4e00-\u9fa5]/.test(parsed.data.error.message)) return undefined;
  return parsed.data.error.code;
}

/** What is wrong with the answer to one case, or undefined. */
function complaint(res: request.Response, c: Case, spec: RouteCases, response: z.ZodType | undefined) {
  const answer = `${res.status} ${res.text.slice(0, 160)}`;
  if (res.status >= 500) return answer;
  const code = res.status >= 400 ? refusalCode(res) : undefined;
  if (res.status >= 400 && !code) return `${answer}: not the error shape with a Chinese message`;
  if (c.refusal) {
    if (res.status < 400) return `${answer}: accepted, though ${c.refusal.why}`;
    return c.refusal.codes.includes(code as ErrorCode) ? undefined : `${answer}: expected ${c.refusal.codes}`;
  }
  const allowed = c.label === 'as written' ? [spec.answer] : [spec.answer, ...(spec.mayAlsoGet ?? [])];
  const got = res.status < 400 ? 'ok' : (code as ErrorCode);
  if (!allowed.includes(got)) return `${answer}: a valid request, expected ${allowed.join(' or ')}`;
  if (got !== 'ok')
    return ERRORS[got].status === res.status ? undefined : `${answer}: wrong status for ${got}`;
  if (!response) return `${answer}: no response schema for the route`;
  return response.safeParse(res.body).success ? undefined : `${answer}: not in the response schema`;
}

/** The response schema of a route: shared/src/endpoints.ts, or the entry's own. */
function responseOf(route: AppRoute, spec: RouteCases): z.ZodType | undefined {
  const endpoint = Object.values(endpoints).find((e) => routeKey(e) === routeKey(route));
  return spec.response ?? endpoint?.response;
}

describe('hostile input to every BFF route', () => {
  let s: System;
  let routes: AppRoute[];
  let before: { balance: unknown };
  beforeAll(async () => {
    s = await setup();
    routes = routesOf(s.app);
    before = { balance: s.balance() };
  });
  afterAll(() => s.close());

  it('has hostile cases for every route the app answers, and for no route it lacks', () => {
    const keys = routes.map(routeKey);
    const webhooks = [WEBHOOK_ROUTE, ...CASH_WEBHOOK_ROUTES];
    expect(keys.filter((key) => !webhooks.includes(key) && !ROUTE_CASES[key])).toEqual([]);
    expect(Object.keys(ROUTE_CASES).filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(webhooks));
  });

  it.each(Object.keys(ROUTE_CASES))(
    '%s refuses what its schemas refuse with a 4xx, storing nothing, and answers the rest as documented',
    async (key) => {
      const route = routes.find((r) => routeKey(r) === key);
      if (!route) throw new Error(`the app has no route ${key}`);
      const spec = resolve(ROUTE_CASES[key]!, s.values);
      const response = responseOf(route, spec);
      const complaints: string[] = [];
      const cases = casesOf(route, spec);
      if (cases[0]!.refusal) complaints.push(`the request as written: ${cases[0]!.refusal.why}`);
      for (const c of cases) {
        // Made before counting: a session made for the request is no row the request stored.
        const authorization =
          'authorization' in c ? c.authorization : spec.auth && (await s.auth[spec.auth]());
        const kept = c.refusal ? [] : [...REFUSAL_LOGS, ...(spec.records ?? [])];
        const rowsBefore = s.counts(kept);
        const res = await send(s, route, c, authorization);
        const wrong = complaint(res, c, spec, response);
        if (wrong) complaints.push(`[${c.label}]: ${wrong}`);
        else if (res.status >= 400) {
          const stored = changedCounts(rowsBefore, s.counts(kept));
          if (stored.length > 0) complaints.push(`[${c.label}]: refused, yet stored ${stored.join(', ')}`);
        }
      }
      expect(complaints).toEqual([]);
      // Requests the schemas accept were sent, and, to a route that reads input, requests they refuse.
      expect(cases.filter((c) => !c.refusal).length).toBeGreaterThan(0);
      if (spec.auth || Object.keys(route.schemas).length > 0)
        expect(cases.filter((c) => c.refusal).length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('acknowledges and keeps each authentic event it cannot read, refuses the rest with a 4xx, and never a 5xx', async () => {
    const complaints = await hostileWebhookDeliveries({
      http: s.http,
      db: s.bffDb,
      counts: () => s.counts(),
      psnNo: EMPLOYEE.psnNo,
      codec: createEnvelopeCodec({ primitives: nodePrimitives }),
      platformView: {
        ...testChannel().bffView,
        ownKeys: testChannel().platformKeys,
        peerPublicKey: testChannel().channelKeys.publicKey,
      },
    });
    expect(complaints).toEqual([]);
  }, 60_000);

  it('refuses every WeChat Pay notification that is not its genuine word about an order of ours, storing nothing', async () => {
    const complaints = await hostileWechatPayNotifications(
      { http: s.http, counts: () => s.counts() },
      WECHAT.appId,
    );
    expect(complaints).toEqual([]);
  }, 60_000);

  it('refuses every Alipay notification that is not its genuine word about an order of ours, storing nothing', async () => {
    const complaints = await hostileAlipayNotifications({ http: s.http, counts: () => s.counts() });
    expect(complaints).toEqual([]);
  }, 60_000);

  it('lost nothing and did nothing on the way', async () => {
    // The bill is unpaid, the balance unmoved, and the person can still be shown a code.
    const bill = await s.http
      .get(`/api/v1/bills/${s.values.billId}`)
      .set('Authorization', s.auth.person())
      .expect(200);
    expect(bill.body.status).toBe('unpaid');
    expect(s.balance()).toBe(before.balance);
    await s.http.get('/api/v1/voucher/code').set('Authorization', s.auth.person()).expect(200);
  });
});
