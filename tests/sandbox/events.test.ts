// The event dispatcher against a fake fetch and an injected clock: acknowledged only by 2xx
// with {code: "0"}, retried with capped exponential backoff and jitter, oldest first, the
// same eventId every time, signed with the platform key, nothing lost across a restart.
import { createEnvelopeCodec, generateSm2KeyPair, type EnvelopeChannel } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';

import { createChannelRegistry } from '../../bff/sandbox/insurance/channels';
import { backoffDelay, createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { enqueueEvent } from '../../bff/sandbox/insurance/events/outbox';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { testChannel } from '../support/keys';

const START = Date.parse('2025-03-10T02:00:00Z');
const BACKOFF = { baseMs: 1000, maxMs: 8000 };
/** Every jitter draw is exactly one half: a delay is then ¾ of its exponential step. */
const HALF = () => Uint8Array.from([0x80, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0]);

type Reply = { status: number; body: string } | Error | 'hang';

function setup(options: { random?: (size: number) => Uint8Array } = {}) {
  let clock = START;
  let idCounter = 0;
  const now = () => clock;
  const db = openDatabase(':memory:', MIGRATIONS);
  const { platformKeys, appId, appSecret, sm2UserId, channelKeys, bffView } = testChannel();
  const channels = createChannelRegistry(db, platformKeys, now);
  channels.register({ appId, name: 'test', appSecret, sm2UserId, publicKey: channelKeys.publicKey });
  const random =
    options.random ??
    ((size: number) => {
      idCounter += 1;
      return Uint8Array.from({ length: size }, (_, i) => (idCounter * 31 + i) % 256);
    });
  const ctx = { db, now, random, codec: createEnvelopeCodec({ primitives: nodePrimitives, now }), channels };

  const replies: Reply[] = [];
  const received: { body: Record<string, unknown> }[] = [];
  const fakeFetch = jest.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    received.push({ body: JSON.parse(String(init?.body)) as Record<string, unknown> });
    const reply = replies.shift() ?? { status: 200, body: '{"code":"0"}' };
    if (reply === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (reply instanceof Error) throw reply;
    return new Response(reply.body, { status: reply.status });
  });
  const dispatcher = (extra: Partial<Parameters<typeof createEventDispatcher>[1]> = {}) =>
    createEventDispatcher(ctx, {
      webhookUrl: 'http://bff.invalid/webhooks/insurance',
      timeoutMs: 50,
      backoff: BACKOFF,
      fetch: fakeFetch as unknown as typeof fetch,
      defaultAppId: appId,
      ...extra,
    });
  /** Opens a delivered envelope as the BFF does: its channel view, the platform's public key. */
  const openAsBff = (body: unknown, view: EnvelopeChannel = bffView) =>
    createEnvelopeCodec({ primitives: nodePrimitives, now }).open(body, (id) =>
      id === view.appId ? view : undefined,
    );
  const row = (eventId: string) =>
    db
      .prepare('SELECT attempts, delivered_at, next_attempt_at, last_error FROM events WHERE event_id = ?')
      .get(eventId) as {
      attempts: number;
      delivered_at: string | null;
      next_attempt_at: string;
      last_error: string | null;
    };
  return {
    ctx,
    db,
    replies,
    received,
    fakeFetch,
    dispatcher,
    openAsBff,
    row,
    enqueue: (
      type: 'bill.created' | 'settlement.completed' = 'bill.created',
      payload: Record<string, unknown> = {},
    ) => enqueueEvent(ctx, { type, appId, payload }),
    setClock: (ms: number) => {
      clock = ms;
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('backoffDelay', () => {
  it('doubles from the base, caps at the maximum, and jitters within the upper half', () => {
    const none = () => new Uint8Array(4);
    const most = () => Uint8Array.from([0xff, 0xff, 0xff, 0xff]);
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(BACKOFF, n, none))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(BACKOFF, n, most))).toEqual([999, 1999, 3999, 7999, 7999]);
    expect(backoffDelay(BACKOFF, 1000, HALF)).toBe(6000);
  });
});

describe('createEventDispatcher', () => {
  it('retries a webhook that fails twice, then delivers once, with the same event id each time', async () => {
    const t = setup({ random: HALF });
    const eventId = t.enqueue('bill.created', { payOrdId: 'ORD1' });
    t.replies.push({ status: 503, body: 'busy' }, { status: 200, body: '{"code":"BUSY"}' });
    // Each failure is reported as it happens: the event keeps it only until a retry succeeds.
    const failures: { appId: string; events: number; problem: string }[] = [];
    const dispatcher = t.dispatcher({ onDeliveryFailed: (failure) => failures.push(failure) });

    expect(await dispatcher.drainOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(t.row(eventId)).toMatchObject({
      attempts: 1,
      delivered_at: null,
      next_attempt_at: iso(START + 750),
    });
    expect(t.row(eventId).last_error).toContain('HTTP 503');

    t.setClock(START + 749); // not due yet
    expect(await dispatcher.drainOnce()).toEqual({ delivered: 0, failed: 0 });
    t.setClock(START + 750);
    expect(await dispatcher.drainOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(t.row(eventId)).toMatchObject({ attempts: 2, next_attempt_at: iso(START + 750 + 1500) });
    expect(t.row(eventId).last_error).toContain('BUSY');

    t.setClock(START + 2250);
    expect(await dispatcher.drainOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(t.row(eventId)).toMatchObject({ attempts: 3, delivered_at: iso(START + 2250), last_error: null });
    expect(await dispatcher.drainOnce()).toEqual({ delivered: 0, failed: 0 });

    const ids = t.received.map(({ body }) => (t.openAsBff(body).data as { eventId: string }).eventId);
    expect(ids).toEqual([eventId, eventId, eventId]);
    expect(failures).toEqual([
      { appId: testChannel().appId, events: 1, problem: expect.stringContaining('HTTP 503') },
      { appId: testChannel().appId, events: 1, problem: expect.stringContaining('BUSY') },
    ]);
  });

  it('seals {eventId, type, occurredAt, payload} so the BFF verifies it with the platform public key', async () => {
    const t = setup();
    const eventId = t.enqueue('settlement.completed', { setlId: 'SETL1', totalFen: 1230 });
    await t.dispatcher().drainOnce();
    const body = t.received[0]!.body;
    expect(body).toMatchObject({ appId: testChannel().appId, encType: 'SM4', signType: 'SM2' });
    expect(body).not.toHaveProperty('data');
    const opened = t.openAsBff(body);
    expect(opened.data).toEqual({
      eventId,
      type: 'settlement.completed',
      occurredAt: iso(START),
      payload: { setlId: 'SETL1', totalFen: 1230 },
    });
    const impostorKey = { ...testChannel().bffView, peerPublicKey: generateSm2KeyPair().publicKey };
    expect(() => t.openAsBff(body, impostorKey)).toThrow(
      expect.objectContaining({ code: 'ENVELOPE_SIGNATURE_INVALID' }),
    );
  });

  it.each([
    ['a 2xx that is not {code:"0"}', { status: 202, body: 'accepted' }, 'not JSON'],
    ['code as a number', { status: 200, body: '{"code":0}' }, 'not acknowledged'],
    ['a redirect', { status: 302, body: '{"code":"0"}' }, 'HTTP 302'],
    ['a refused connection', new Error('ECONNREFUSED'), 'unreachable'],
    ['no answer in time', 'hang' as const, 'timed out'],
  ])('does not count %s as an acknowledgement', async (_what, reply, error) => {
    const t = setup();
    const eventId = t.enqueue();
    t.replies.push(reply);
    expect(await t.dispatcher().drainOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(t.row(eventId)).toMatchObject({ attempts: 1, delivered_at: null });
    expect(t.row(eventId).last_error).toContain(error);
  });

  it('sends the events due for one channel together, oldest first, under one signature', async () => {
    const t = setup();
    const first = t.enqueue('bill.created', { n: 1 });
    t.setClock(START + 1);
    const second = t.enqueue('settlement.completed', { n: 2 });
    expect(await t.dispatcher().drainOnce()).toEqual({ delivered: 2, failed: 0 });
    expect(t.fakeFetch).toHaveBeenCalledTimes(1);
    expect(t.openAsBff(t.received[0]!.body).data).toEqual({
      events: [
        { eventId: first, type: 'bill.created', occurredAt: iso(START), payload: { n: 1 } },
        { eventId: second, type: 'settlement.completed', occurredAt: iso(START + 1), payload: { n: 2 } },
      ],
    });
    expect(t.row(second).delivered_at).toBe(iso(START + 1));
  });

  it('sends each event of a refused batch alone, so a bad one does not hold up the others', async () => {
    const t = setup();
    const first = t.enqueue();
    t.setClock(START + 1);
    const second = t.enqueue();
    t.setClock(START + 2);
    const third = t.enqueue();
    // The batch is refused (the webhook answered 400); alone, only the second is.
    t.replies.push(
      { status: 400, body: '{"code":"VALIDATION_ERROR"}' },
      { status: 200, body: '{"code":"0"}' },
    );
    t.replies.push({ status: 400, body: '{"code":"VALIDATION_ERROR"}' });
    expect(await t.dispatcher().drainOnce()).toEqual({ delivered: 2, failed: 1 });
    const sent = t.received.map(
      ({ body }) => t.openAsBff(body).data as { eventId?: string; events?: unknown[] },
    );
    expect(sent[0]!.events).toHaveLength(3);
    expect(sent.slice(1).map((data) => data.eventId)).toEqual([first, second, third]);
    expect(t.row(second).delivered_at).toBeNull();
    expect(t.row(second).last_error).toContain('HTTP 400');
    expect(t.row(third).delivered_at).not.toBeNull();
  });

  it('sends each event alone when the webhook finds the batch too large (413)', async () => {
    const t = setup();
    const ids = [t.enqueue(), t.enqueue(), t.enqueue()];
    t.replies.push({ status: 413, body: '{"error":{"code":"PAYLOAD_TOO_LARGE"}}' });
    // Backing off would send the same batch again, and it would be just as large.
    expect(await t.dispatcher().drainOnce()).toEqual({ delivered: 3, failed: 0 });
    const sent = t.received.map(({ body }) => t.openAsBff(body).data as { eventId?: string });
    expect(sent.slice(1).map((data) => data.eventId)).toEqual(ids);
  });

  it.each([
    ['does not answer (503)', { status: 503, body: 'busy' }],
    ['does not trust the envelope (401)', { status: 401, body: '{"code":"ENVELOPE_STALE"}' }],
  ])('backs off a whole batch when the webhook %s, rather than retrying each', async (_, reply) => {
    const t = setup();
    const ids = [t.enqueue(), t.enqueue(), t.enqueue()];
    t.replies.push(reply);
    expect(await t.dispatcher().drainOnce()).toEqual({ delivered: 0, failed: 3 });
    expect(t.fakeFetch).toHaveBeenCalledTimes(1);
    for (const id of ids) {
      expect(t.row(id)).toMatchObject({ attempts: 1, delivered_at: null });
      expect(t.row(id).next_attempt_at > iso(START)).toBe(true);
    }
  });

  it('seals events without a channel with the default channel, and waits for one that is not registered', async () => {
    const t = setup();
    const orphan = enqueueEvent(t.ctx, { type: 'settlement.completed', payload: {} });
    const lost = enqueueEvent(t.ctx, { type: 'bill.created', appId: 'YBMNOSUCHAPP0001', payload: {} });
    expect(await t.dispatcher().drainOnce()).toEqual({ delivered: 1, failed: 1 });
    expect(t.openAsBff(t.received[0]!.body).data).toMatchObject({ eventId: orphan });
    expect(t.row(lost).last_error).toContain('not registered');
    expect(t.fakeFetch).toHaveBeenCalledTimes(1);
  });

  it('loses nothing across a restart: a new dispatcher picks up where the old one stopped', async () => {
    const t = setup({ random: HALF });
    const eventId = t.enqueue();
    t.replies.push({ status: 500, body: '' });
    const before = t.dispatcher();
    await before.drainOnce();
    await before.stop();

    t.setClock(START + 750);
    const after = t.dispatcher();
    expect(await after.drainOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(t.row(eventId)).toMatchObject({ attempts: 2 });
    expect(t.db.prepare('SELECT count(*) FROM events WHERE delivered_at IS NULL').pluck().get()).toBe(0);
  });

  it('shares one pass between concurrent drains, so nothing is sent twice', async () => {
    const t = setup();
    t.enqueue();
    t.enqueue();
    const dispatcher = t.dispatcher();
    const [a, b] = await Promise.all([dispatcher.drainOnce(), dispatcher.drainOnce()]);
    expect(a).toEqual({ delivered: 2, failed: 0 });
    expect(b).toBe(a);
    expect(t.fakeFetch).toHaveBeenCalledTimes(1);
  });

  it('delivers an event queued while running at once, not at the next poll', async () => {
    const t = setup();
    const dispatcher = t.dispatcher({ pollIntervalMs: 60_000, wakeDelayMs: 0 });
    dispatcher.start();
    await dispatcher.drainOnce(); // the first pass: nothing due
    expect(t.fakeFetch).not.toHaveBeenCalled();

    const eventId = t.enqueue('settlement.completed', { setlId: 'S1' });
    // Woken after this turn (the event's transaction has committed by then).
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await dispatcher.drainOnce();
    expect(t.row(eventId).delivered_at).toBe(iso(START));

    // Queued during a pass: the pass's end starts the next one at once.
    t.replies.push('hang');
    const slow = t.enqueue();
    while (t.fakeFetch.mock.calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    const late = t.enqueue();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the hung call times out (50 ms)
    await dispatcher.drainOnce();
    await dispatcher.stop();
    expect(t.row(slow).last_error).toContain('timed out');
    expect(t.row(late).delivered_at).not.toBeNull();
    expect(t.fakeFetch).toHaveBeenCalledTimes(3);
  });

  it('runs on its own once started, and stops', async () => {
    const t = setup();
    const eventId = t.enqueue();
    const dispatcher = t.dispatcher({ pollIntervalMs: 60_000 });
    dispatcher.start();
    await dispatcher.drainOnce(); // the pass start() began
    await dispatcher.stop();
    expect(t.row(eventId).delivered_at).toBe(iso(START));
  });
});
