// Two scans at the counter and the result on the phone, through the real pieces over HTTP:
// the BFF issues a code from the seeded insurance sandbox, a counter (public protocol
// only) scans and settles, the sandbox's dispatcher pushes the events to the BFF's
// webhook, and the phone's long-poll and records see them.
import { createEnvelopeCodec, generateSm2KeyPair } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import request from 'supertest';

import { CounterError } from '../../bff/sandbox/counter/client';
import { createInsuranceTransport } from '../../bff/src/clients/insurance';
import { buildTestApp } from '../support/bff';
import { testChannel, testRecordId } from '../support/keys';
import { listen } from '../support/servers';
import { DEMO_CATALOGUE, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { activateVoucher, dispatcherTo, pharmacyCounter, signedInEmployee } from './code-flow-support';

const EMPLOYEE = PERSONAS.employee;
const BASKET = [
  { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
  { code: DEMO_CATALOGUE.classB.code, qty: 1, priceFen: DEMO_CATALOGUE.classB.priceFen },
];

async function setup() {
  const sandbox = await setupCounter({ realClock: true });
  const { app, deps } = buildTestApp({ INSURANCE_BASE_URL: sandbox.url });
  const bff = await listen(app);
  const http = request(bff.url);
  const dispatcher = dispatcherTo(sandbox, bff.url);
  // An activated voucher: the sandbox's voucher row and the BFF's binding of a WeChat user.
  const auth = await signedInEmployee(sandbox, deps, EMPLOYEE.psnNo);
  const counter = pharmacyCounter(sandbox);
  const balance = () =>
    sandbox.context.db
      .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
      .pluck()
      .get(EMPLOYEE.psnNo) as number;
  return {
    http,
    auth,
    counter,
    dispatcher,
    balance,
    sandbox,
    deps,
    close: async () => {
      await bff.close();
      await sandbox.close();
    },
  };
}

describe('settling at the counter with the code shown on the phone', () => {
  let system: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    system = await setup();
  });
  afterAll(() => system.close());

  it('shows identity verified after scan 1 and the amount and split after scan 2', async () => {
    const { http, auth, counter, dispatcher, balance } = system;
    const before = balance();
    const first = await http.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
    expect(first.body).toMatchObject({ maskedName: '张*', regionName: '绥化市' });
    expect(Date.parse(first.body.expiresAt) - Date.parse(first.body.issuedAt)).toBe(60_000);

    const visit = await counter.scanIdentity(first.body.code, BASKET);
    await dispatcher.drainOnce();
    const afterScan = await http
      .get('/api/v1/voucher/events')
      .query({ cursor: first.body.cursor, wait: 0 })
      .set('Authorization', auth)
      .expect(200);
    expect(afterScan.body.events.map((e: { kind: string }) => e.kind)).toEqual(['scanned', 'verified']);
    expect(afterScan.body.events[1].institutionName).toBeTruthy();

    const second = await http.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
    expect(second.body.code).not.toBe(first.body.code);
    // The phone waits; the settlement's event wakes it.
    const waiting = http
      .get('/api/v1/voucher/events')
      .query({ cursor: afterScan.body.cursor, wait: 20 })
      .set('Authorization', auth);
    const settled = await counter.settle(second.body.code, visit);
    await dispatcher.drainOnce();
    const result = await waiting.expect(200);
    const event = result.body.events.find((e: { kind: string }) => e.kind === 'settled');
    expect(event.settlement).toMatchObject({
      setlId: settled.setlId,
      totalFen: settled.totalFen,
      fundFen: settled.fundFen,
      accountFen: settled.accountFen,
      cashFen: settled.cashFen,
    });
    expect(event.settlement.fundFen + event.settlement.accountFen + event.settlement.cashFen).toBe(
      settled.totalFen,
    );
    expect(before - balance()).toBe(settled.accountFen);
    expect(event.settlement.balanceAfterFen).toBe(balance());

    const records = await http.get('/api/v1/records').set('Authorization', auth).expect(200);
    expect(records.body.records[0]).toMatchObject({
      recordId: testRecordId(EMPLOYEE.psnNo, settled.setlId),
      medium: 'code',
      totalFen: settled.totalFen,
      accountFen: settled.accountFen,
      regionName: '绥化市',
    });

    // The audit trail: both codes (never the code itself) and the settlement with its split.
    const trail = await system.deps.audit.ofPerson(EMPLOYEE.psnNo);
    expect(trail.map((row) => [row.action, row.outcome])).toEqual([
      ['settlement.received', 'ok'],
      ['code.issue', 'ok'],
      ['code.issue', 'ok'],
    ]);
    expect(trail[0]!.detail).toEqual({
      setlId: settled.setlId,
      totalFen: settled.totalFen,
      fundFen: settled.fundFen,
      accountFen: settled.accountFen,
      cashFen: settled.cashFen,
      byCode: true,
    });
    expect(trail[1]).toMatchObject({ channel: 'wechat', platformUserId: expect.any(String) });
    expect(JSON.stringify(trail)).not.toContain(second.body.code);
  });

  it('records a social-security-card settlement like a code settlement', async () => {
    const { http, auth, counter } = system;
    const card = system.sandbox.context.db
      .prepare(
        "SELECT card_no AS cardNo, card_sn AS cardSn FROM social_cards WHERE psn_no = ? AND status = 'active'",
      )
      .get(EMPLOYEE.psnNo) as { cardNo: string; cardSn: string };
    const settled = await counter.settleWithCard(card.cardNo, card.cardSn, BASKET);
    const records = await http.get('/api/v1/records').set('Authorization', auth).expect(200);
    expect(records.body.records[0]).toMatchObject({
      recordId: testRecordId(EMPLOYEE.psnNo, settled.setlId),
      medium: 'social_card',
    });
    // The record's id is opaque: the platform's settlement number is nowhere in the answer.
    expect(JSON.stringify(records.body)).not.toContain(settled.setlId);
  });

  it('pages records from a settlement the list gave, and refuses a position it did not give', async () => {
    const { http, auth, counter } = system;
    // Two settlements of its own, so there are two pages whatever ran before.
    const card = system.sandbox.context.db
      .prepare(
        "SELECT card_no AS cardNo, card_sn AS cardSn FROM social_cards WHERE psn_no = ? AND status = 'active'",
      )
      .get(EMPLOYEE.psnNo) as { cardNo: string; cardSn: string };
    for (let i = 0; i < 2; i += 1) await counter.settleWithCard(card.cardNo, card.cardSn, BASKET);
    const all = await http.get('/api/v1/records').set('Authorization', auth).expect(200);
    const first = await http.get('/api/v1/records?limit=1').set('Authorization', auth).expect(200);
    expect(first.body.nextBefore).toBe(all.body.records[0].recordId);
    const next = await http
      .get('/api/v1/records')
      .query({ limit: 1, before: first.body.nextBefore })
      .set('Authorization', auth)
      .expect(200);
    expect(next.body.records[0].recordId).toBe(all.body.records[1].recordId);
    // Not a position of this person's list (another's record, a tampered one, an unknown
    // settlement): the phone's mistake (400), not the platform's (502).
    const cursor: string = first.body.nextBefore;
    const tampered = `${cursor.slice(0, 20)}${cursor[20] === 'A' ? 'B' : 'A'}${cursor.slice(21)}`;
    for (const before of [
      testRecordId('23120000000099', 'SETL2026120700000001'),
      testRecordId(EMPLOYEE.psnNo, 'S-NOT-A-SETTLEMENT'),
      tampered,
    ]) {
      const wrong = await http
        .get('/api/v1/records')
        .query({ before })
        .set('Authorization', auth)
        .expect(400);
      expect(wrong.body.error).toMatchObject({
        code: 'PAGE_CURSOR_INVALID',
        message: '翻页位置无效，请刷新后重新查看',
      });
    }
  });

  it('refuses to settle one person’s visit with another person’s code', async () => {
    const { http, auth, counter, sandbox } = system;
    const retiree = PERSONAS.retiree;
    activateVoucher(sandbox, retiree.psnNo, 'openid-retiree');
    const channel = createInsuranceTransport({
      baseUrl: sandbox.url,
      channel: testChannel().bffView,
      codec: createEnvelopeCodec({ primitives: nodePrimitives }),
      timeoutMs: 3000,
    });
    const first = await http.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
    const visit = await counter.scanIdentity(first.body.code, BASKET);
    const theirs = (await channel.call('code.issue', { psnNo: retiree.psnNo })) as { code: string };
    const refused = await counter.settle(theirs.code, visit).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CounterError);
    expect((refused as CounterError).message).toMatch(/不符/);
  });

  it('refuses a second code too fast: 30 a minute per person', async () => {
    const { http, auth } = system;
    let status = 200;
    for (let i = 0; i < 31 && status === 200; i += 1) {
      status = (await http.get('/api/v1/voucher/code').set('Authorization', auth)).status;
    }
    expect(status).toBe(429);
    expect((await system.deps.audit.ofPerson(EMPLOYEE.psnNo))[0]).toMatchObject({
      action: 'code.issue',
      outcome: 'CODE_RATE_LIMITED',
    });
  });
});

describe('the webhook', () => {
  /** The BFF, and what the platform seals its events with (its keys, this channel's view). */
  const webhookTest = () => {
    const { app, deps } = buildTestApp();
    const platformView = {
      ...testChannel().bffView,
      ownKeys: testChannel().platformKeys,
      peerPublicKey: testChannel().channelKeys.publicKey,
    };
    return {
      deps,
      http: request(app.callback()),
      platformView,
      codec: createEnvelopeCodec({ primitives: nodePrimitives }),
    };
  };

  it('stores an event once and acknowledges a redelivery, and refuses envelopes it cannot verify', async () => {
    const { deps, http, platformView, codec } = webhookTest();
    const event = {
      eventId: 'EVT0001',
      type: 'code.scanned',
      occurredAt: new Date().toISOString(),
      payload: { code: 'YB1X', psnNo: 'P1', institutionName: '某药店', at: new Date().toISOString() },
    };
    const first = await http.post('/webhooks/insurance').send(codec.seal(platformView, event)).expect(200);
    expect(first.body.code).toBe('0');
    const again = await http.post('/webhooks/insurance').send(codec.seal(platformView, event)).expect(200);
    expect(again.body.code).toBe('0');
    expect(await deps.events.after('P1', 0)).toHaveLength(1);

    const forged = codec.seal(
      { ...platformView, ownKeys: generateSm2KeyPair() },
      { ...event, eventId: 'EVT0002' },
    );
    expect((await http.post('/webhooks/insurance').send(forged).expect(401)).body.code).toBe(
      'ENVELOPE_SIGNATURE_INVALID',
    );
    const stale = createEnvelopeCodec({
      primitives: nodePrimitives,
      now: () => Date.now() - 10 * 60_000,
    }).seal(platformView, { ...event, eventId: 'EVT0003' });
    expect((await http.post('/webhooks/insurance').send(stale).expect(401)).body.code).toBe('ENVELOPE_STALE');
    expect(await deps.events.after('P1', 0)).toHaveLength(1);

    // A card settlement delivered twice is one row of the audit trail, stored with the event.
    const at = new Date().toISOString();
    const settlement = {
      eventId: 'EVT0004',
      type: 'settlement.completed',
      occurredAt: at,
      payload: {
        setlId: 'S1',
        psnNo: 'P1',
        totalFen: 1000,
        fundFen: 600,
        accountFen: 300,
        cashFen: 100,
        settledAt: at,
      },
    };
    for (let i = 0; i < 2; i += 1) {
      await http.post('/webhooks/insurance').send(codec.seal(platformView, settlement)).expect(200);
    }
    expect(await deps.audit.ofPerson('P1')).toEqual([
      expect.objectContaining({
        action: 'settlement.received',
        outcome: 'ok',
        detail: { setlId: 'S1', totalFen: 1000, fundFen: 600, accountFen: 300, cashFen: 100, byCode: false },
      }),
    ]);
  });

  it('stores a batch of events in one go, skips those it already has, and refuses a malformed batch whole', async () => {
    const { deps, http, platformView, codec } = webhookTest();
    const at = new Date().toISOString();
    const scanned = (eventId: string, psnNo: string) => ({
      eventId,
      type: 'code.scanned',
      occurredAt: at,
      payload: { code: `YB1${eventId}`, psnNo, institutionName: '某药店', at },
    });
    await http
      .post('/webhooks/insurance')
      .send(codec.seal(platformView, scanned('EVT1', 'P1')))
      .expect(200);

    const batch = { events: [scanned('EVT1', 'P1'), scanned('EVT2', 'P1'), scanned('EVT3', 'P2')] };
    const answer = await http.post('/webhooks/insurance').send(codec.seal(platformView, batch)).expect(200);
    expect(answer.body).toEqual({ code: '0', message: '成功，其中 1 条重复已忽略' });
    expect((await deps.events.after('P1', 0)).map((e) => e.code)).toEqual(['YB1EVT1', 'YB1EVT2']);
    expect(await deps.events.after('P2', 0)).toHaveLength(1);

    // One event without an id spoils the batch: nothing of it is stored, and it is not acknowledged.
    const spoiled = { events: [scanned('EVT4', 'P3'), { type: 'code.scanned', payload: {} }] };
    const refused = await http
      .post('/webhooks/insurance')
      .send(codec.seal(platformView, spoiled))
      .expect(400);
    expect(refused.body.code).toBe('VALIDATION_ERROR');
    expect(await deps.events.after('P3', 0)).toHaveLength(0);

    // A full batch (100 events, the most the schema allows) is larger than the phones'
    // 64 KB body limit once encrypted and hex-encoded; the webhook takes it.
    const longName = '黑龙江省绥化市北林区某某大药房连锁有限公司第一百二十三分店'.repeat(2);
    const full = {
      events: Array.from({ length: 100 }, (_, i) => ({
        ...scanned(`EVF${String(i).padStart(3, '0')}`, 'P4'),
        payload: { code: `YB1EVF${i}`, psnNo: 'P4', institutionName: longName, at },
      })),
    };
    const sealed = JSON.stringify(codec.seal(platformView, full));
    expect(sealed.length).toBeGreaterThan(64 * 1024);
    await http.post('/webhooks/insurance').set('content-type', 'application/json').send(sealed).expect(200);
    expect(await deps.events.after('P4', 0, 200)).toHaveLength(100);
  });
});
