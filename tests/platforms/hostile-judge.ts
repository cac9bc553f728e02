// How tests/platforms/hostile-input.test.ts sends hostile requests to the fake WeChat, WeChat
// Pay and Alipay and judges the answers: each request is refused or not by what the fake requires
// (hostile-targets.ts); a refusal must come in the platform's shape and leave everything the
// fake keeps as it was, a valid request must get its documented answer.
import { createSign } from 'node:crypto';

import type request from 'supertest';
import type { z } from 'zod';

import {
  HOSTILE_BODIES,
  HOSTILE_SEGMENTS,
  hostileBodies,
  hostileQueries,
  JUNK_QUERIES,
  koaQuery,
  overTheWire,
} from '../support/hostile';
import { fillPath } from '../support/routes';
import type { Answer, Target } from './hostile-targets';

/** The fakes' JSON body limit. */
export const BODY_LIMIT = 64 * 1024;

/** One request and whether what the fake requires refuses it. */
export interface Case {
  label: string;
  send: () => request.Test;
  refused: boolean;
  asWritten?: boolean;
}

export const refusedBy = (schema: z.ZodType | undefined, value: unknown) =>
  schema !== undefined && !schema.safeParse(value).success;

/**
 * Sizes of everything a fake keeps (its maps, sets and lists) and its counters, one level of
 * plain objects down too (the fake Alipay keeps its trades in a book of their own).
 */
export function footprint(state: object, depth = 1): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(state).flatMap(([key, value]): [string, unknown][] => {
      if (value instanceof Map || value instanceof Set) return [[key, value.size]];
      if (Array.isArray(value)) return [[key, value.length]];
      if (
        depth > 0 &&
        value &&
        typeof value === 'object' &&
        Object.getPrototypeOf(value) === Object.prototype
      )
        return Object.entries(footprint(value, depth - 1)).map(([inner, size]) => [`${key}.${inner}`, size]);
      return typeof value === 'number' ? [[key, value]] : [];
    }),
  );
}

/** The headers that sign a request as sent (WeChat Pay's merchant signature); none: unsigned. */
export type Signer = (method: 'GET' | 'POST', url: string, body: string) => Record<string, string>;

/**
 * Every hostile request to one path, the valid one first; each signed by `sign` when given
 * (so hostile content reaches what comes after the signature check).
 */
export function casesOf(
  http: ReturnType<typeof request>,
  target: Target,
  bodyOf: (raw: (typeof HOSTILE_BODIES)[number]) => unknown,
  sign?: Signer,
): Case[] {
  const { query, body, accepts } = target;
  const base = query ? new URLSearchParams(query).toString() : '';
  const encoded = Object.fromEntries(
    Object.entries(target.params ?? {}).map(([name, value]) => [name, encodeURIComponent(value)]),
  );
  const path = fillPath(target.path, encoded);
  const url = (q: string, at = path) => (q ? `${at}?${q}` : at);
  const judge = (q: string, b: unknown) =>
    refusedBy(accepts.query, koaQuery(q)) || refusedBy(accepts.body, b);
  const wire = overTheWire(body) ?? {};
  const method = target.method.toUpperCase() as 'GET' | 'POST';
  /** Sent as text (so a signature covers exactly what is sent), or as the test's JSON. */
  const sendText = (at: string, type: string, text: string | Buffer) => () => {
    // The query as the HTTP client sends it (it escapes ' and the like), so the signature covers it.
    const [pathPart, query] = at.split(/\?(.*)/s);
    const sent = query === undefined ? at : `${pathPart}${new URL(`http://host/?${query}`).search}`;
    const req = http[target.method](sent).set('Content-Type', type);
    if (sign) req.set(sign(method, sent, method === 'GET' ? '' : Buffer.from(text).toString('utf8')));
    return method === 'GET' ? req : req.send(text);
  };
  const sendJson =
    (q: string, b: unknown, at = path): Case['send'] =>
    () =>
      sign
        ? sendText(url(q, at), 'application/json', method === 'GET' ? '' : JSON.stringify(b))()
        : http[target.method](url(q, at)).send(b as object);
  const cases: Case[] = [
    { label: 'as written', send: sendJson(base, body ?? {}), refused: judge(base, wire), asWritten: true },
  ];
  // Each path parameter as another (hostile) id: no such thing, never a 5xx.
  for (const name of Object.keys(encoded)) {
    for (const segment of HOSTILE_SEGMENTS) {
      const at = fillPath(target.path, { ...encoded, [name]: segment });
      cases.push({
        label: `:${name} = ${segment.slice(0, 20)}`,
        send: sendJson(base, body ?? {}, at),
        refused: judge(base, wire),
      });
    }
  }
  for (const junk of JUNK_QUERIES) {
    const q = base ? `${base}&${junk}` : junk;
    cases.push({ label: `junk ${junk}`, send: sendJson(q, body ?? {}), refused: judge(q, wire) });
  }
  for (const q of query ? hostileQueries(query) : []) {
    cases.push({ label: `?${q.slice(0, 40)}`, send: sendJson(q, body ?? {}), refused: judge(q, wire) });
  }
  for (const variant of body ? hostileBodies(body) : []) {
    cases.push({
      label: `body ${JSON.stringify(variant).slice(0, 60)}`,
      send: sendJson(base, variant),
      refused: judge(base, overTheWire(variant)),
    });
  }
  if (target.method === 'post') {
    for (const raw of HOSTILE_BODIES) {
      const parsed = bodyOf(raw);
      cases.push({
        label: `raw ${raw.type} ${String(raw.body).slice(0, 20)}`,
        send: sendText(url(base), raw.type, raw.body),
        refused: parsed === undefined || judge(base, parsed),
      });
    }
  }
  return cases;
}

/** Sends each case and checks its answer, and that a refusal changed nothing the fake keeps. */
export async function complaintsOf(
  name: string,
  cases: Case[],
  expected: { answer: Answer; mayAlsoGet?: Answer[] },
  answerOf: (res: request.Response) => Answer | { malformed: string },
  state: object,
  /** Collects every answer given. */
  answers: Answer[] = [],
): Promise<string[]> {
  const complaints: string[] = [];
  for (const c of cases) {
    const label = `${name} [${c.label}]`;
    const before = JSON.stringify(footprint(state));
    const res = await c.send();
    if (res.status >= 500) {
      complaints.push(`${label}: ${res.status} ${res.text.slice(0, 120)}`);
      continue;
    }
    const answer = answerOf(res);
    if (typeof answer !== 'string') {
      complaints.push(`${label}: ${answer.malformed}`);
      continue;
    }
    answers.push(answer);
    const allowed = c.asWritten ? [expected.answer] : [expected.answer, ...(expected.mayAlsoGet ?? [])];
    if (c.refused && c.asWritten) complaints.push(`${label}: what the fake requires refuses it`);
    else if (c.refused && (answer === 'ok' || answer === 'page'))
      complaints.push(`${label}: accepted what the fake requires otherwise`);
    else if (!c.refused && !allowed.includes(answer))
      complaints.push(`${label}: a valid request got ${answer}, expected ${allowed.join(' or ')}`);
    if (answer !== 'ok' && answer !== 'page' && JSON.stringify(footprint(state)) !== before)
      complaints.push(
        `${label}: refused, yet the fake kept something: ${before} → ${JSON.stringify(footprint(state))}`,
      );
  }
  return complaints;
}

/** The body of an answer that must be a JSON object (WeChat's jscode2session says text/plain). */
export function jsonObject(res: request.Response): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(res.text);
    return body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A /dev control's answer: `ok`, or `http <status>` with a JSON object. */
export function devAnswer(res: request.Response): Answer | { malformed: string } {
  if (!jsonObject(res)) return { malformed: `${res.status} not a JSON object: ${res.text.slice(0, 120)}` };
  return res.status < 300 ? 'ok' : `http ${res.status}`;
}

/** WeChat's answer: `ok`, or the errcode, which comes with an errmsg. */
export function wechatAnswer(res: request.Response): Answer | { malformed: string } {
  const body = jsonObject(res);
  if (!body) return { malformed: `${res.status} not a JSON object: ${res.text.slice(0, 120)}` };
  if (res.status !== 200) return { malformed: `HTTP ${res.status} (WeChat answers 200)` };
  if (body.errcode === undefined || body.errcode === 0) return 'ok';
  if (typeof body.errcode !== 'number' || typeof body.errmsg !== 'string')
    return { malformed: `errcode without errmsg: ${res.text.slice(0, 120)}` };
  return String(body.errcode);
}

/** The v2 gateway's signature over `params`, as alipay-sdk makes it (TOOLCHAIN.md). */
export function signAsTheSdk(params: Record<string, string>, privateKey: string): string {
  const content = Object.keys(params)
    .filter((key) => key !== 'sign')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

/** The gateway's answer: `ok`, `page`, or the refusal's sub_code (which comes with its code). */
export function gatewayAnswer(res: request.Response): Answer | { malformed: string } {
  if (res.type === 'text/html') return res.status === 200 ? 'page' : { malformed: `HTML with ${res.status}` };
  const body = jsonObject(res);
  const inner = Object.entries(body ?? {}).find(([key]) => key.endsWith('_response'))?.[1] as
    Record<string, unknown> | undefined;
  if (!inner || typeof body?.sign !== 'string')
    return { malformed: `not a signed answer: ${res.text.slice(0, 120)}` };
  // Success: code 10000, or (oauth.token) the fields alone.
  if (inner.code === '10000' || (inner.code === undefined && inner.sub_code === undefined)) return 'ok';
  if (typeof inner.code !== 'string' || typeof inner.sub_code !== 'string')
    return { malformed: `refusal without code and sub_code: ${res.text.slice(0, 120)}` };
  return inner.sub_code;
}

/** WeChat Pay v3's answer, signed by the platform: `ok`, or the refusal's code (with a message). */
export function wechatPayAnswer(res: request.Response): Answer | { malformed: string } {
  if (!res.headers['wechatpay-signature']) return { malformed: `${res.status} answer not signed` };
  if (res.status < 300) return 'ok';
  const body = jsonObject(res);
  if (typeof body?.code !== 'string' || typeof body.message !== 'string')
    return { malformed: `refusal without code and message: ${res.status} ${res.text.slice(0, 120)}` };
  return body.code;
}
