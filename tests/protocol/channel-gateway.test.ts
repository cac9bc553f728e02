// The envelope round trip BFF ⇄ insurance sandbox over real HTTP, and the refusals of
// envelopes that cannot be trusted, in both directions.
import { createEnvelopeCodec, generateSm2KeyPair, type SealedEnvelope } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import Koa from 'koa';
import request from 'supertest';

import { createInsuranceTransport, InsuranceRefusal } from '../../bff/src/clients/insurance';
import { UpstreamError } from '../../bff/src/errors';
import { buildTestApp } from '../support/bff';
import { testChannel } from '../support/keys';
import { listen, startInsuranceSandbox } from '../support/servers';

const GATEWAY = '/channel/v1/gateway';
const MINUTE = 60_000;

function clientFor(url: string, options: { timeoutMs?: number; now?: () => number } = {}) {
  return createInsuranceTransport({
    baseUrl: url,
    channel: testChannel().bffView,
    codec: createEnvelopeCodec({ primitives: nodePrimitives, ...(options.now ? { now: options.now } : {}) }),
    timeoutMs: options.timeoutMs ?? 2000,
  });
}

function sealAsBff(data: unknown, options: { now?: () => number; method?: string } = {}): SealedEnvelope {
  const codec = createEnvelopeCodec({
    primitives: nodePrimitives,
    ...(options.now ? { now: options.now } : {}),
  });
  return codec.seal(testChannel().bffView, data, { method: options.method ?? 'sys.echo' });
}

async function expectUpstream(promise: Promise<unknown>, code: string, reason?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).code).toBe(code);
  if (reason) expect((error as UpstreamError).reason).toMatch(reason);
}

describe('channel gateway round trip over HTTP', () => {
  let sandbox: Awaited<ReturnType<typeof startInsuranceSandbox>>;
  beforeAll(async () => {
    sandbox = await startInsuranceSandbox();
  });
  afterAll(() => sandbox.close());

  it('carries a request to the platform and its signed, encrypted answer back', async () => {
    const answer = await clientFor(sandbox.url).call('sys.echo', { nonce: '医保码-round-trip-1' });
    expect(answer).toMatchObject({ nonce: '医保码-round-trip-1', appId: testChannel().appId });
    const logged = sandbox.db
      .prepare('SELECT method, outcome FROM channel_requests ORDER BY id DESC LIMIT 1')
      .get();
    expect(logged).toEqual({ method: 'sys.echo', outcome: '0' });
  });

  it('makes the BFF ready (/readyz) only through that round trip', async () => {
    const { app } = buildTestApp({ INSURANCE_BASE_URL: sandbox.url });
    const res = await request(app.callback()).get('/readyz').expect(200);
    expect(res.body.checks.insurancePlatform.ok).toBe(true);
  });

  it('returns the platform refusal of an unknown operation as InsuranceRefusal, signed', async () => {
    const error = await clientFor(sandbox.url)
      .call('no.such.thing', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsuranceRefusal);
    expect((error as InsuranceRefusal).code).toBe('UNKNOWN_OPERATION');
  });

  it('returns invalid operation input as INPUT_INVALID', async () => {
    const error = await clientFor(sandbox.url)
      .call('sys.echo', { nonce: '' })
      .catch((e: unknown) => e);
    expect((error as InsuranceRefusal).code).toBe('INPUT_INVALID');
  });

  describe('the platform refuses envelopes it cannot trust, each with its own code', () => {
    const post = (body: unknown) =>
      request(sandbox.url)
        .post(GATEWAY)
        .send(body as object);

    it('a ciphertext cut short: ENVELOPE_UNREADABLE', async () => {
      const envelope = sealAsBff({ nonce: 'x'.repeat(40) });
      const res = await post({ ...envelope, encData: envelope.encData.slice(0, -32) }).expect(400);
      expect(res.body.code).toBe('ENVELOPE_UNREADABLE');
    });

    it('a field changed after signing: ENVELOPE_SIGNATURE_INVALID', async () => {
      const envelope = sealAsBff({ nonce: 'n1' });
      const res = await post({ ...envelope, method: 'sys.other' }).expect(401);
      expect(res.body.code).toBe('ENVELOPE_SIGNATURE_INVALID');
    });

    it('signed with a key that is not the channel’s: ENVELOPE_SIGNATURE_INVALID', async () => {
      const channel = testChannel();
      const impostor = { ...channel.bffView, ownKeys: generateSm2KeyPair() };
      const envelope = createEnvelopeCodec({ primitives: nodePrimitives }).seal(
        impostor,
        { nonce: 'n2' },
        { method: 'sys.echo' },
      );
      const res = await post(envelope).expect(401);
      expect(res.body.code).toBe('ENVELOPE_SIGNATURE_INVALID');
    });

    it('older than five minutes: ENVELOPE_STALE', async () => {
      const envelope = sealAsBff({ nonce: 'n3' }, { now: () => Date.now() - 6 * MINUTE });
      const res = await post(envelope).expect(401);
      expect(res.body.code).toBe('ENVELOPE_STALE');
    });

    it('from an unknown appId: ENVELOPE_UNKNOWN_APP', async () => {
      const channel = testChannel();
      const stranger = { ...channel.bffView, appId: 'STRANGER00000001' };
      const envelope = createEnvelopeCodec({ primitives: nodePrimitives }).seal(stranger, { nonce: 'n4' });
      const res = await post(envelope).expect(401);
      expect(res.body.code).toBe('ENVELOPE_UNKNOWN_APP');
    });

    it('not an envelope at all: ENVELOPE_MALFORMED', async () => {
      expect((await post({ hello: 'world' }).expect(400)).body.code).toBe('ENVELOPE_MALFORMED');
      const res = await request(sandbox.url)
        .post(GATEWAY)
        .set('content-type', 'application/json')
        .send('{oops')
        .expect(400);
      expect(res.body.code).toBe('ENVELOPE_MALFORMED');
    });

    it('logs every refusal', () => {
      const outcomes = sandbox.db.prepare('SELECT outcome FROM channel_requests').pluck().all();
      expect(outcomes).toEqual(
        expect.arrayContaining(['ENVELOPE_UNREADABLE', 'ENVELOPE_STALE', 'ENVELOPE_SIGNATURE_INVALID']),
      );
    });
  });
});

describe('the BFF client refuses answers it cannot trust', () => {
  /** Seals a successful answer as the platform would, with the platform's keys. */
  function platformSeal(data: unknown): SealedEnvelope {
    const channel = testChannel();
    const platformView = {
      ...channel.bffView,
      ownKeys: channel.platformKeys,
      peerPublicKey: channel.channelKeys.publicKey,
    };
    return createEnvelopeCodec({ primitives: nodePrimitives }).seal(platformView, data, {
      code: '0',
      message: '成功',
    });
  }

  /** A "platform" that answers every call with what `answer` makes of a good answer. */
  async function fakePlatform(answer: (good: SealedEnvelope) => unknown) {
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = answer(platformSeal({ nonce: 'n'.repeat(40) }));
    });
    return listen(app);
  }

  const cases: [string, (good: SealedEnvelope) => unknown, RegExp][] = [
    ['a cut ciphertext', (good) => ({ ...good, encData: good.encData.slice(0, -32) }), /ENVELOPE_UNREADABLE/],
    ['a changed result code', (good) => ({ ...good, message: '已篡改' }), /ENVELOPE_SIGNATURE_INVALID/],
    [
      'a signature by another key',
      (good) => ({ ...good, signData: sealAsBff({ nonce: 'n' }).signData }),
      /ENVELOPE_SIGNATURE_INVALID/,
    ],
    ['a stale timestamp', (good) => ({ ...good, timestamp: '20200101000000' }), /ENVELOPE_STALE/],
    [
      'an unsigned refusal',
      () => ({ code: 'ENVELOPE_STALE', message: '报文时间戳超出允许范围' }),
      /ENVELOPE_STALE/,
    ],
  ];

  it.each(cases)('%s → UPSTREAM_BAD_RESPONSE', async (_name, tamper, reason) => {
    const platform = await fakePlatform(tamper);
    try {
      await expectUpstream(
        clientFor(platform.url).call('sys.echo', { nonce: 'n' }),
        'UPSTREAM_BAD_RESPONSE',
        reason,
      );
    } finally {
      await platform.close();
    }
  });

  it('reaches a platform whose base URL has a path, and the operation answers', async () => {
    const app = new Koa();
    app.use((ctx) => {
      if (ctx.method !== 'POST' || ctx.path !== `/hsa/api${GATEWAY}`) return;
      ctx.body = platformSeal({ path: ctx.path });
    });
    const platform = await listen(app);
    try {
      await expect(clientFor(`${platform.url}/hsa/api`).call('sys.echo', {})).resolves.toEqual({
        path: `/hsa/api${GATEWAY}`,
      });
    } finally {
      await platform.close();
    }
  });

  it('gives up after its timeout when the platform never answers: UPSTREAM_TIMEOUT', async () => {
    const app = new Koa();
    app.use(() => new Promise(() => undefined));
    const silent = await listen(app);
    try {
      const started = Date.now();
      await expectUpstream(
        clientFor(silent.url, { timeoutMs: 300 }).call('sys.echo', { nonce: 'n' }),
        'UPSTREAM_TIMEOUT',
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await silent.close();
    }
  });

  it('reports a platform that is not there: UPSTREAM_UNAVAILABLE', async () => {
    const gone = await listen(new Koa());
    const { url } = gone;
    await gone.close();
    await expectUpstream(clientFor(url).call('sys.echo', { nonce: 'n' }), 'UPSTREAM_UNAVAILABLE');
  });
});
