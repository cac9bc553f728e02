// Events to the BFF over real HTTP: a bill uploaded through 6201 reaches a fake BFF webhook
// that fails twice and then acknowledges — delivered once, the same eventId each time, the
// retry times set by backoff on the sandbox clock, the envelope verified with the platform
// public key — and an undelivered event survives a dispatcher restart.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { createEnvelopeCodec, type Json } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { PATHS } from '@ybm/shared/protocol';

import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { testChannel } from '../support/keys';
import { channelClient, encryptPassword, hisClient, registerChannel } from '../support/payments';
import { listen, startInsuranceSandbox } from '../support/servers';

const START = Date.parse('2025-03-10T02:00:00Z');
const BACKOFF = { baseMs: 1000, maxMs: 60_000 };

interface Delivery {
  eventId: string;
  type: string;
  occurredAt: string;
  payload: Record<string, Json>;
}

/** A BFF webhook that answers from a script (then acknowledges) and opens what it gets. */
async function fakeWebhook(now: () => number) {
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  const view = testChannel().bffView; // verifies with the platform public key
  const script: { status: number; body: string }[] = [];
  const deliveries: Delivery[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      const opened = codec.open(JSON.parse(raw), (appId) => (appId === view.appId ? view : undefined));
      deliveries.push(opened.data as unknown as Delivery);
      const reply = script.shift() ?? { status: 200, body: '{"code":"0"}' };
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  };
  const running = await listen(handler as never);
  return { ...running, script, deliveries };
}

async function setup() {
  let clock = START;
  const now = () => clock;
  const sandbox = await startInsuranceSandbox({ now, seed: true });
  const webhook = await fakeWebhook(now);
  const bff = channelClient(sandbox.url, testChannel().bffView, now);
  const employee = PERSONAS.employee;
  const started = (await bff.call('activation.start', {
    docType: employee.docType,
    docNumber: employee.docNumber,
    name: employee.name,
    platformUserId: 'openid-employee',
  })) as Record<string, Json>;
  await bff.call('activation.finish', {
    activationId: started.activationId as string,
    passwordCipher: encryptPassword('135790'),
  });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), now);
  const item = DEMO_CATALOGUE.classA;
  const upload = await his.call(PATHS.uploadFees, {
    orgCodg: DEMO_INSTITUTIONS.hospital,
    medOrgOrd: 'HIS-EVENTS-1',
    psnNo: employee.psnNo,
    medfeeSumamt: '12.50',
    feedetail: [{ feedetlSn: '1', medListCodg: item.code, cnt: 1, pric: '12.50', detItemFeeSumamt: '12.50' }],
  });
  expect(upload.code).toBe('0');
  const dispatcher = () =>
    createEventDispatcher(sandbox.context, {
      webhookUrl: `${webhook.url}/webhooks/insurance`,
      timeoutMs: 2000,
      backoff: BACKOFF,
    });
  const row = () =>
    sandbox.db
      .prepare(
        "SELECT event_id, attempts, delivered_at, next_attempt_at, last_error FROM events WHERE type = 'bill.created'",
      )
      .get() as {
      event_id: string;
      attempts: number;
      delivered_at: string | null;
      next_attempt_at: string;
      last_error: string | null;
    };
  return {
    sandbox,
    webhook,
    dispatcher,
    row,
    payOrdId: (upload.data as Record<string, string>).payOrdId,
    setClock: (ms: number) => {
      clock = ms;
    },
    close: async () => {
      await webhook.close();
      await sandbox.close();
    },
  };
}

describe('events to the BFF webhook', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(() => t.close());

  it('delivers bill.created once after two failures, with the same eventId and backoff on the clock', async () => {
    t.webhook.script.push({ status: 500, body: 'oops' }, { status: 200, body: '{"code":"RETRY"}' });
    const dispatcher = t.dispatcher();
    const { event_id: eventId } = t.row();

    await dispatcher.drainOnce();
    const first = Date.parse(t.row().next_attempt_at) - START;
    expect(first).toBeGreaterThanOrEqual(BACKOFF.baseMs / 2);
    expect(first).toBeLessThanOrEqual(BACKOFF.baseMs);
    expect(t.row()).toMatchObject({ attempts: 1, delivered_at: null });

    t.setClock(START + first - 1);
    await dispatcher.drainOnce();
    expect(t.webhook.deliveries).toHaveLength(1); // not due: nothing sent

    const secondAt = START + first;
    t.setClock(secondAt);
    await dispatcher.drainOnce();
    const second = Date.parse(t.row().next_attempt_at) - secondAt;
    expect(second).toBeGreaterThanOrEqual(BACKOFF.baseMs);
    expect(second).toBeLessThanOrEqual(2 * BACKOFF.baseMs);
    expect(t.row().last_error).toContain('RETRY');

    t.setClock(secondAt + second);
    await dispatcher.drainOnce();
    expect(t.row()).toMatchObject({ attempts: 3, delivered_at: new Date(secondAt + second).toISOString() });
    await dispatcher.drainOnce();

    expect(t.webhook.deliveries.map((d) => d.eventId)).toEqual([eventId, eventId, eventId]);
    expect(t.webhook.deliveries[2]).toMatchObject({
      type: 'bill.created',
      occurredAt: new Date(START).toISOString(),
      payload: { payOrdId: t.payOrdId, psnNo: PERSONAS.employee.psnNo, totalFen: 1250 },
    });
  });

  it('keeps an undelivered event across a dispatcher restart and delivers it after', async () => {
    t.webhook.script.push({ status: 503, body: '' });
    const before = t.dispatcher();
    await before.drainOnce();
    await before.stop();
    expect(t.row().delivered_at).toBeNull();

    t.setClock(START + BACKOFF.baseMs); // past any first backoff
    const after = t.dispatcher();
    after.start();
    await after.drainOnce();
    await after.stop();
    expect(t.row()).toMatchObject({ attempts: 2, delivered_at: expect.any(String) });
    expect(new Set(t.webhook.deliveries.map((d) => d.eventId))).toEqual(new Set([t.row().event_id]));
  });
});
