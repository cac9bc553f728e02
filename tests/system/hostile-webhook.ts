// The platform's webhook under hostile deliveries, for tests/system/hostile-input.test.ts.
// What each must get:
// - signed by the platform, but no event delivery (EventDeliverySchema): 400 with a code and
//   a Chinese message, nothing stored;
// - a signed event the BFF cannot read (a known type whose payload fails the BFF's schema
//   for it, or a type it does not know): acknowledged ({code: "0"}) and quarantined — kept
//   in inbound_events exactly as sent, for inspection, and applied to nothing, so the
//   platform stops resending it and nothing half-read reaches a person;
// - a readable one: acknowledged and kept; the same event id again: acknowledged, nothing new;
// - unsigned, tampered or unparsable bodies: a 4xx with a code and a Chinese message,
//   nothing stored. Never a 5xx.
import type { EnvelopeChannel, EnvelopeCodec } from '@ybm/shared/gm';
import { EVENT_PAYLOADS, EventDeliverySchema, type EventType } from '@ybm/shared/protocol';
import type request from 'supertest';
import type { z } from 'zod';

import type { Db } from '../../bff/src/store/db';
import {
  changedCounts,
  HOSTILE_BODIES,
  HOSTILE_VALUES,
  HOSTILE_VALUES_BRIEF,
  hostileBodies,
  sealedOverTheWire,
  parsedJsonBody,
} from '../support/hostile';

/** Each event type's payload schema, by any name a delivery may carry. */
const payloadSchemas: Readonly<Record<string, z.ZodType | undefined>> = EVENT_PAYLOADS;

/** The webhook's body limit (bff/src/app.ts). */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * A readable payload of each event type the platform emits: typed by the protocol module's
 * EventType, so a new type fails the typecheck here until it has one (and the test, until the
 * module has its payload schema in EVENT_PAYLOADS, which the BFF reads it with).
 */
function samplePayloads(psnNo: string): Record<EventType, Record<string, unknown>> {
  const at = new Date().toISOString();
  return {
    'code.scanned': { code: 'YB1X', psnNo, at },
    'code.verified': { code: 'YB1X', psnNo, institutionName: '绥化市第一医院', at },
    'settlement.completed': {
      setlId: 'S1',
      psnNo,
      totalFen: 100,
      fundFen: 50,
      accountFen: 30,
      cashFen: 20,
      settledAt: at,
    },
    'settlement.reversed': {
      setlId: 'S1',
      psnNo,
      totalFen: 100,
      fundFen: 50,
      accountFen: 30,
      cashFen: 20,
      settledAt: at,
      reversedAt: at,
    },
    'settlement.reinstated': {
      setlId: 'S1',
      psnNo,
      totalFen: 100,
      fundFen: 50,
      accountFen: 30,
      cashFen: 20,
      settledAt: at,
      reinstatedAt: at,
    },
    'bill.created': { payOrdId: 'B1', payToken: 'T1', psnNo, totalFen: 100, createdAt: at },
    'refund.completed': { payOrdId: 'B1', psnNo, refdType: 'ALL', totalFen: 100, refundedAt: at },
    'bill.revoked': { payOrdId: 'B1', psnNo },
  };
}

export async function hostileWebhookDeliveries(system: {
  http: ReturnType<typeof request>;
  db: Db;
  counts: () => Record<string, number>;
  psnNo: string;
  codec: EnvelopeCodec;
  /** The platform's side of the test channel: signs as the platform. */
  platformView: EnvelopeChannel;
}): Promise<string[]> {
  const { http, db, counts, codec, platformView } = system;
  const complaints: string[] = [];
  const payloads = samplePayloads(system.psnNo);
  const types: string[] = Object.keys(payloads);
  const untested = Object.keys(EVENT_PAYLOADS).filter((type) => !types.includes(type));
  if (untested.length > 0) complaints.push(`no sample payload for ${untested.join(', ')}`);
  const unread = types.filter((type) => !Object.hasOwn(EVENT_PAYLOADS, type));
  if (unread.length > 0)
    complaints.push(`the protocol module has no payload schema for ${unread.join(', ')}`);

  let n = 0;
  const event = (type: string, payload: unknown) => ({
    eventId: `EVT-HOSTILE-${(n += 1)}`,
    type,
    occurredAt: new Date().toISOString(),
    payload,
  });
  // Signed by the platform, so they pass the envelope: what the BFF then makes of the data.
  const signed: unknown[] = [];
  for (const [type, payload] of Object.entries(payloads)) {
    signed.push(event(type, payload));
    // Every value for one type; one of each kind for the others (each delivery is an SM2 signature).
    const values = type === 'code.scanned' ? HOSTILE_VALUES : HOSTILE_VALUES_BRIEF;
    for (const bad of hostileBodies(payload, values)) signed.push(event(type, bad));
  }
  for (const bad of hostileBodies(event('code.scanned', payloads['code.scanned']))) signed.push(bad);
  for (const value of HOSTILE_VALUES) signed.push({ events: value }, value);

  const storedPayload = db.prepare('SELECT payload_json FROM inbound_events WHERE event_id = ?').pluck();
  const seen = new Set<string>();
  let quarantined = 0;
  for (const data of signed) {
    const label = `signed ${JSON.stringify(data)?.slice(0, 80)}`;
    const before = counts();
    const res = await http.post('/webhooks/insurance').send(codec.seal(platformView, data));
    const changed = changedCounts(before, counts());
    const delivery = EventDeliverySchema.safeParse(sealedOverTheWire(data));
    if (!delivery.success) {
      const wrong = refusal(res, ['VALIDATION_ERROR']) ?? storedSomething(changed);
      if (wrong) complaints.push(`[${label}]: ${wrong}`);
      continue;
    }
    const [received] = delivery.data;
    if (delivery.data.length !== 1 || !received) throw new Error('one event per delivery here');
    if (res.status !== 200 || res.body?.code !== '0') {
      complaints.push(`[${label}]: ${res.status} ${res.text.slice(0, 160)}: expected {code: "0"}`);
      continue;
    }
    if (seen.has(received.eventId)) {
      if (changed.length > 0) complaints.push(`[${label}]: a repeated event changed ${changed.join(', ')}`);
      continue;
    }
    seen.add(received.eventId);
    if (storedPayload.get(received.eventId) !== JSON.stringify(received.payload))
      complaints.push(`[${label}]: not kept as sent in inbound_events`);
    const schema = payloadSchemas[received.type];
    const readable =
      Object.hasOwn(payloadSchemas, received.type) && schema?.safeParse(received.payload).success;
    if (!readable) {
      quarantined += 1;
      // Kept, and nothing else: no code event, bill, inbox message, push or audit row.
      const applied = changed.filter((line) => !line.startsWith('bff.inbound_events '));
      if (applied.length > 0) complaints.push(`[${label}]: unreadable, yet applied: ${applied.join(', ')}`);
    }
  }
  for (const raw of HOSTILE_BODIES) {
    const before = counts();
    const res = await http.post('/webhooks/insurance').set('Content-Type', raw.type).send(raw.body);
    const parsed = parsedJsonBody(raw, WEBHOOK_BODY_LIMIT);
    // What the parser lets through is no envelope.
    const wrong =
      refusal(res, 'refused' in parsed ? [parsed.refused] : ['ENVELOPE_MALFORMED']) ??
      storedSomething(changedCounts(before, counts()));
    if (wrong) complaints.push(`[raw ${raw.type} ${String(raw.body).slice(0, 20)}]: ${wrong}`);
  }
  const sealed = codec.seal(platformView, event('code.scanned', payloads['code.scanned']));
  for (const [field, value] of Object.entries(sealed)) {
    for (const bad of HOSTILE_VALUES) {
      const before = counts();
      const res = await http.post('/webhooks/insurance').send({ ...sealed, [field]: bad });
      const wrong = refusal(res) ?? storedSomething(changedCounts(before, counts()));
      if (wrong)
        complaints.push(
          `[envelope ${field} = ${JSON.stringify(bad)?.slice(0, 30)} (was ${String(value).slice(0, 10)})]: ${wrong}`,
        );
    }
  }
  // Every kind was sent: unreadable events of every known type among them.
  if (quarantined < Object.keys(payloads).length)
    complaints.push(`only ${quarantined} unreadable events sent`);
  return complaints;
}

/**
 * What is wrong with an answer that must be a 4xx refusal (with one of `codes`, when given):
 * the webhook answers in the platform's {code, message}; a body the parser refuses gets the
 * API's error shape.
 */
function refusal(res: request.Response, codes?: string[]): string | undefined {
  const answer = (res.body?.error ?? res.body) as { code?: unknown; message?: unknown } | undefined;
  const text = `${res.status} ${res.text.slice(0, 160)}`;
  if (res.status < 400 || res.status >= 500) return `${text}: expected a 4xx`;
  if (typeof answer?.code !== 'string' || !/[\u4e00-\u9fa5]/.test(String(answer.message)))
    return `${text}: no code with a Chinese message`;
  if (codes && !codes.includes(answer.code)) return `${text}: expected ${codes.join(' or ')}`;
  return undefined;
}

const storedSomething = (changed: string[]) =>
  changed.length > 0 ? `refused, yet stored ${changed.join(', ')}` : undefined;
