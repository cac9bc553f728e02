// The protocol module (shared/src/protocol) against the sandbox: one tour through every
// channel method, e-voucher transaction, 两定 infno and 62xx transaction, each answer checked
// by tests/support/protocol-check.ts (it parses with the module's schema and declares every
// field sent), and every event the tour made read with the module's event schemas.
import { fenToYuan } from '@ybm/shared';
import { cleanForSigning, type Json } from '@ybm/shared/gm';
import {
  CHANNEL_METHODS,
  EC_TRANSACTIONS,
  EVENT_PAYLOADS,
  EVENT_TYPES,
  FSI_INFNOS,
  MOBILE_PAY_TRANSACTIONS,
  type ChannelMethod,
  type ChannelRequest,
} from '@ybm/shared/protocol';

import { createCounter } from '../../bff/sandbox/counter/client';
import { EMPLOYEE, setup as setupMobilePay } from '../support/mobile-pay';
import { answersChecked, checkAnswer } from '../support/protocol-check';
import {
  DEMO_CATALOGUE,
  DEMO_INSTITUTIONS,
  drugInput,
  infTime,
  PASSWORD,
  PERSONAS,
  setupCounter,
  START,
  yuan,
  type Loose,
  type Sandbox,
} from './fsi-support';

/** The types of the events in the sandbox's outbox, each payload read with the module's schema. */
function eventsRead(db: Sandbox['db']): Set<string> {
  const events = db.prepare('SELECT type, payload_json AS json FROM events').all() as {
    type: keyof typeof EVENT_PAYLOADS;
    json: string;
  }[];
  for (const event of events) {
    expect(EVENT_TYPES).toContain(event.type);
    // As the webhook receives it: the envelope drops null, "", {} and [].
    const payload = cleanForSigning(JSON.parse(event.json) as Json);
    expect(EVENT_PAYLOADS[event.type].safeParse(payload)).toMatchObject({ success: true });
  }
  return new Set(events.map((event) => event.type));
}

describe('the answer check', () => {
  const started = {
    activationId: 'ACT1',
    psnNo: '23120000000001',
    maskedName: '张*',
    phone: '13945500001',
    activatedOn: [],
    passwordSet: false,
    expiresAt: '2025-03-03T02:00:00.000Z',
  };

  it('takes an answer as the envelope carries it, empty list and all', () => {
    expect(() => checkAnswer({ surface: 'channel', name: 'activation.start', data: started })).not.toThrow();
  });

  it('refuses a field the protocol does not declare', () => {
    expect(() =>
      checkAnswer({ surface: 'channel', name: 'activation.start', data: { ...started, secret: 'x' } }),
    ).toThrow(/do(es)? not declare: secret/);
  });

  it('refuses an answer without a field the protocol requires', () => {
    const { maskedName: _gone, ...without } = started;
    expect(() => checkAnswer({ surface: 'channel', name: 'activation.start', data: without })).toThrow(
      /does not fit/,
    );
  });

  it('refuses a name the protocol does not know', () => {
    expect(() => checkAnswer({ surface: 'fsi', name: '9999', data: null })).toThrow(/no schema/);
  });
});

describe('every surface of the protocol, answered by the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await setupCounter();
  });
  afterAll(() => sandbox.close());

  const call = <M extends ChannelMethod>(method: M, data: ChannelRequest<M>) =>
    sandbox.channel.call(method, data as Record<string, unknown>) as Promise<Loose>;
  const doc = (key: keyof typeof PERSONAS) => ({
    docType: PERSONAS[key].docType,
    docNumber: PERSONAS[key].docNumber,
    name: PERSONAS[key].name,
  });
  const BASKET = [
    { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
    { code: DEMO_CATALOGUE.classC.code, qty: 1, priceFen: DEMO_CATALOGUE.classC.priceFen },
  ];
  const counterAt = (code: string) =>
    createCounter({
      baseUrl: sandbox.url,
      institution: { code, name: '演示机构' },
      channel: sandbox.hisView,
      now: sandbox.now,
      // Apart from the msgids the sandbox helper numbers from 1 on the same clock.
      seq: 5000,
    });

  it('answers the directories and people', async () => {
    await call('sys.echo', { nonce: 'tour' });
    await call('region.list', {});
    await call('institution.search', { regionCode: '231200', near: { lat: 46.65, lng: 126.97 } });
    await call('institution.search', { name: '药房', pageSize: 5 });
    await call('catalogue.search', { keyword: '阿莫西林' });
    await call('catalogue.search', { category: 'service' });
    await call('catalogue.estimate', { psnNo: EMPLOYEE.psnNo, code: DEMO_CATALOGUE.classA.code, qty: 2 });
    for (const key of ['resident', 'child', 'employee'] as const) await call('person.lookup', doc(key));
  });

  it('claims a voucher and uses its password', async () => {
    const psnNo = EMPLOYEE.psnNo;
    const claim = await call('activation.start', { ...doc('employee'), platformUserId: 'openid-tour' });
    await call('activation.finish', {
      activationId: claim.activationId,
      passwordCipher: sandbox.passwordCipher(),
    });
    await call('voucher.status', { psnNo });
    await call('password.verify', { psnNo, cipher: sandbox.passwordCipher('000000') });
    await call('password.verify', { psnNo, cipher: sandbox.passwordCipher() });
    await call('password.change', {
      psnNo,
      oldCipher: sandbox.passwordCipher(),
      newCipher: sandbox.passwordCipher('381946'),
    });
    await call('password.change', {
      psnNo,
      oldCipher: sandbox.passwordCipher('381946'),
      newCipher: sandbox.passwordCipher(PASSWORD),
    });
    // Forgot it: after the channel's SMS and face checks, the same password set again.
    const faceCheck = { provider: 'wechat', id: 'verify-tour' } as const;
    await call('password.reset', { psnNo, newCipher: sandbox.passwordCipher(PASSWORD), faceCheck });
    await call('person.replacePhone', {
      personRef: doc('phoneChanged'),
      newPhone: '13945500099',
      faceCheck,
    });
  });

  it('takes codes through both scans at a pharmacy, and the records show them', async () => {
    const psnNo = EMPLOYEE.psnNo;
    const counter = counterAt(DEMO_INSTITUTIONS.pharmacy);
    const first = await sandbox.issueCode(psnNo);
    await call('code.status', { code: first });
    await counter.scanIdentity(first, BASKET);
    await call('code.status', { code: first });
    const settled = await counter.settle(await sandbox.issueCode(psnNo));
    await call('account.summary', { psnNo });
    await call('account.summary', { psnNo: PERSONAS.resident.psnNo });
    await call('account.ledger', { psnNo, limit: 2 });
    await call('settlement.list', { psnNo, limit: 1 });
    await call('settlement.get', { setlId: settled.setlId, psnNo });
    await counter.reverse(settled.setlId);
    await call('settlement.list', { psnNo });
    await counter.catalogue({ name: '阿莫西林' });
    await counter.signOut();
  });

  it('settles a hospital visit by social security card and undoes what a HIS may undo', async () => {
    const retiree = PERSONAS.retiree;
    const hospital = counterAt(DEMO_INSTITUTIONS.hospital);
    const settled = await hospital.settleWithCard('A23000002', sandbox.cardSn('A23000002'), BASKET);
    await hospital.reverse(settled.setlId);

    // 2203, 2205 and 2202 on a visit of its own, then a 2102 reversed by 2601.
    const at = { institution: DEMO_INSTITUTIONS.hospital };
    await sandbox.signIn(DEMO_INSTITUTIONS.hospital);
    const card = { mdtrt_cert_type: '03', mdtrt_cert_no: 'A23000002', card_sn: sandbox.cardSn('A23000002') };
    const registered = await sandbox.fsi(
      '2201',
      {
        data: {
          psn_no: retiree.psnNo,
          insutype: '310',
          begntime: infTime(START),
          ...card,
          ipt_otp_no: 'MZ-TOUR-1',
          dept_name: '内科',
        },
      },
      at,
    );
    expect(registered).toMatchObject({ infcode: 0 });
    const mdtrtId = registered.output.data.mdtrt_id as string;
    const steps = [
      ['2203', { mdtrtinfo: { mdtrt_id: mdtrtId, psn_no: retiree.psnNo, med_type: '11' } }],
      [
        '2204',
        {
          feedetail: [
            {
              feedetl_sn: 'F1',
              mdtrt_id: mdtrtId,
              psn_no: retiree.psnNo,
              chrg_bchno: 'B1',
              med_list_codg: DEMO_CATALOGUE.consultation.code,
              det_item_fee_sumamt: yuan(DEMO_CATALOGUE.consultation.priceFen),
              cnt: 1,
              pric: yuan(DEMO_CATALOGUE.consultation.priceFen),
            },
          ],
        },
      ],
      ['2205', { data: { mdtrt_id: mdtrtId, chrg_bchno: '0000', psn_no: retiree.psnNo } }],
      ['2202', { data: { psn_no: retiree.psnNo, mdtrt_id: mdtrtId, ipt_otp_no: 'MZ-TOUR-1' } }],
    ] as const;
    for (const [infno, input] of steps) {
      expect(await sandbox.fsi(infno, input, at)).toMatchObject({ infcode: 0 });
    }

    await sandbox.signIn();
    const msgid = `${DEMO_INSTITUTIONS.pharmacy}202503030930009901`;
    const lines = [{ item: DEMO_CATALOGUE.classA, qty: 1 }];
    const byCard = drugInput(EMPLOYEE.psnNo, lines, {
      type: '03',
      no: 'A23000001',
      cardSn: sandbox.cardSn('A23000001'),
    });
    expect(await sandbox.fsi('2102', byCard, { msgid })).toMatchObject({ infcode: 0 });
    const corrected = await sandbox.fsi('2601', {
      data: { psn_no: EMPLOYEE.psnNo, omsgid: msgid, oinfno: '2102' },
    });
    expect(corrected).toMatchObject({ infcode: 0 });
  });

  it('keeps a family and files remote care', async () => {
    const ownerPsnNo = PERSONAS.parent.psnNo;
    await call('family.list', { ownerPsnNo });
    const added = await call('family.add', {
      ownerPsnNo,
      member: doc('retiree'),
      relation: 'other',
    });
    await call('family.consent', {
      ownerPsnNo,
      memberPsnNo: added.psnNo,
      faceVerified: true,
      smsVerified: true,
    });
    await call('family.contact', { ownerPsnNo, memberPsnNo: added.psnNo });
    await call('family.remove', { ownerPsnNo, memberPsnNo: added.psnNo });
    const psnNo = PERSONAS.xian.psnNo;
    const filed = await call('remoteCare.file', {
      psnNo,
      careRegionCode: '330100',
      reason: 'posted_worker',
      beginDate: '2026-04-01',
    });
    await call('remoteCare.list', { psnNo });
    await call('remoteCare.cancel', { psnNo, filingId: filed.filingId });
    await call('voucher.revoke', { psnNo: EMPLOYEE.psnNo });
  });

  it('sends events the module reads', () => {
    expect(eventsRead(sandbox.db)).toEqual(
      new Set(['code.scanned', 'code.verified', 'settlement.completed', 'settlement.reversed']),
    );
  });
});

describe('62xx and the pay page, answered by the sandbox', () => {
  let t: Awaited<ReturnType<typeof setupMobilePay>>;
  beforeAll(async () => {
    t = await setupMobilePay();
  });
  afterAll(() => t.sandbox.close());

  it('uploads, pays, confirms the cash, queries, refunds and revokes', async () => {
    const psnNo = EMPLOYEE.psnNo;
    const order = await t.upload();
    await t.bff.call('payorder.get', { psnNo, payOrdId: order.payOrdId as string });
    // Without the account the person's part is all cash, paid at the cashier.
    expect(await t.pay(order, { acctUsedFlag: '0' })).toMatchObject({ code: '0' });
    await t.bff.call('cashier.confirm', { psnNo, payOrdId: order.payOrdId as string });
    await t.bff.call('payorder.get', { psnNo, payOrdId: order.payOrdId as string });
    await t.his.call(MOBILE_PAY_TRANSACTIONS['6301'].path, { payOrdId: order.payOrdId });
    const refund = await t.his.call(MOBILE_PAY_TRANSACTIONS['6203'].path, {
      payOrdId: order.payOrdId,
      appRefdSn: 'REFUND-TOUR-1',
      refdType: 'CASH',
      totlRefdAmt: fenToYuan(100),
      cashRefdAmt: fenToYuan(100),
      psnAcctRefdAmt: '0.00',
      fundRefdAmt: '0.00',
      payAuthNo: t.db
        .prepare('SELECT pay_auth_no FROM pay_orders WHERE pay_ord_id = ?')
        .pluck()
        .get(order.payOrdId) as string,
    });
    expect(refund).toMatchObject({ code: '0' });
    await t.his.call(MOBILE_PAY_TRANSACTIONS['6301'].path, { payOrdId: order.payOrdId });

    const unpaid = await t.upload();
    const revoked = await t.his.call(MOBILE_PAY_TRANSACTIONS['6401'].path, {
      payOrdId: unpaid.payOrdId,
      payToken: unpaid.payToken,
    });
    expect(revoked).toMatchObject({ code: '0' });
    expect(eventsRead(t.db)).toEqual(
      new Set(['bill.created', 'settlement.completed', 'refund.completed', 'bill.revoked']),
    );
  });
});

describe('what the tours covered', () => {
  it('is every channel method, e-voucher transaction, 两定 infno and 62xx transaction', () => {
    const every = [
      ...CHANNEL_METHODS.map((name) => `channel ${name}`),
      ...Object.keys(EC_TRANSACTIONS).map((name) => `ec ${name}`),
      ...Object.keys(FSI_INFNOS).map((name) => `fsi ${name}`),
      ...Object.keys(MOBILE_PAY_TRANSACTIONS).map((name) => `mobile-pay ${name}`),
    ];
    expect([...answersChecked].sort()).toEqual(every.sort());
  });
});
