// An Alipay user end to end, through the real pieces over HTTP: the BFF (its Alipay client is
// the unmodified alipay-sdk) talks to the fake Alipay's signed gateway (oauth, certify,
// template messages) and to the seeded insurance sandbox on its Alipay channel. The "phone"
// is this test, and it encrypts every password on the mini-program's Alipay code path (the
// DRBG seeded from my.rsa, here Node's RSA). Then a person who claimed in WeChat signs in
// with Alipay and finishes with 一键同步, and a bill reaches both of their bindings.
import { type Bill, CONSENT_VERSION, fenToYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { openIdOf } from '../../bff/sandbox/alipay/state';
import { createDevSmsSink } from '../../bff/src/services/sms';
import { devAlipayUserId, devOpenid } from '../../bff/src/routes/dev';
import { newRequestId } from '../../miniapp/src/services/bills';
import { ALIPAY_APP_ID, alipayKeys, startAlipay } from '../platforms/alipay-support';
import { DEMO_CATALOGUE, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { alipayMy, loadAsAlipay } from '../support/alipay-phone';
import { buildTestApp } from '../support/bff';
import { testRecordId } from '../support/keys';
import { consultationBill, hisClient, registerChannel } from '../support/payments';
import { eventually } from '../support/cash';
import { listen, listenLater } from '../support/servers';
import { dispatcherTo, pharmacyCounter } from './code-flow-support';

jest.setTimeout(60_000);

const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
const ALIPAY_CHANNEL_ID = 'YBMALIPAY0000001';
const PASSWORD = '582914';
const BASKET = [
  { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
  { code: DEMO_CATALOGUE.classB.code, qty: 1, priceFen: DEMO_CATALOGUE.classB.priceFen },
];

/** The password as the Alipay build sends it, and proof that it took that path. */
async function alipayCipher(publicKeyHex: string): Promise<string> {
  const { my, rsaCalls } = alipayMy();
  const phone = loadAsAlipay(my);
  try {
    const cipher = await phone.crypto.encryptPassword(PASSWORD, publicKeyHex);
    expect(rsaCalls.length).toBeGreaterThanOrEqual(4);
    expect(phone.secureRandom.secureRandomSource()).toBe('my.rsa');
    return cipher;
  } finally {
    phone.restore();
  }
}

/** A payment request id as the Alipay build makes it (from the same DRBG). */
async function alipayRequestId(): Promise<string> {
  const phone = loadAsAlipay(alipayMy().my);
  try {
    await phone.crypto.ensureSecureRandom();
    return newRequestId(phone.crypto.secureRandomBytes);
  } finally {
    phone.restore();
  }
}

async function setup() {
  const sandbox = await setupCounter({ realClock: true });
  const alipayChannel = registerChannel(sandbox.context.channels, ALIPAY_CHANNEL_ID);
  const alipay = await startAlipay();
  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const smsSink = createDevSmsSink(Date.now, () => undefined);
  const { app: appKeys, alipay: alipayPlatformKeys } = alipayKeys();
  // Known before the BFF is built: where the fake Alipay sends its trade notifications.
  const bff = await listenLater();
  const { app, deps } = buildTestApp(
    {
      DEV_LOGIN: 'true',
      PUBLIC_BASE_URL: bff.url,
      INSURANCE_BASE_URL: sandbox.url,
      WECHAT_API_BASE: wechatServer.url,
      WECHAT_APP_ID: WECHAT.appId,
      WECHAT_APP_SECRET: WECHAT.appSecret,
      ALIPAY_GATEWAY: `${alipay.url}/gateway.do`,
      ALIPAY_APP_ID,
      ALIPAY_PRIVATE_KEY: appKeys.privateKey,
      ALIPAY_PUBLIC_KEY: alipayPlatformKeys.publicKey,
      INSURANCE_ALIPAY_APP_ID: alipayChannel.appId,
      INSURANCE_ALIPAY_APP_SECRET: alipayChannel.appSecret,
      INSURANCE_ALIPAY_PRIVATE_KEY: alipayChannel.ownKeys.privateKey,
      INSURANCE_ALIPAY_PUBLIC_KEY: alipayChannel.ownKeys.publicKey,
    },
    { smsSink },
  );
  bff.serve(app);
  const http = request(bff.url);
  const events = dispatcherTo(sandbox, bff.url);
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000009'), Date.now);
  let orders = 0;

  /** The H5 dev login: a login code minted at the fake platform, then a session. */
  async function signIn(persona: string, platform: 'h5' | 'alipay') {
    const minted = await http.post('/api/v1/dev/login-code').send({ persona, platform }).expect(200);
    expect(minted.body.platform).toBe(platform);
    const session = await http
      .post('/api/v1/session')
      .send({ platform: minted.body.platform, code: minted.body.code })
      .expect(200);
    return `Bearer ${session.body.token}`;
  }

  /** Consent and identity; answers the claim's base path and its state after identity. */
  async function startClaim(auth: string, person: (typeof PERSONAS)['employee']) {
    const { body: claim } = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(200);
    const base = `/api/v1/claim/${claim.claimId}`;
    const identity = await http
      .post(`${base}/identity`)
      .set('Authorization', auth)
      .send({ name: person.name, docType: person.docType, docNumber: person.docNumber })
      .expect(200);
    return { base, state: identity.body as { step: string; syncAvailable: boolean } };
  }

  async function smsStep(auth: string, base: string, phone: string) {
    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    const smsCode = /验证码为(\d{6})/.exec(smsSink.latest(phone)?.text ?? '')?.[1];
    await http.post(`${base}/sms/verify`).set('Authorization', auth).send({ smsCode }).expect(200);
  }

  /** The hospital uploads a bill (6201); the BFF hears of it and sends its pushes. */
  async function hospitalBill(psnNo: string): Promise<string> {
    orders += 1;
    const answer = await his.call(PATHS.uploadFees, consultationBill(psnNo, `HIS-ALIPAY-${orders}`));
    expect(answer.code).toBe('0');
    await events.drainOnce();
    await deps.pushDispatcher.drainOnce();
    return answer.data?.payOrdId as string;
  }

  return {
    http,
    sandbox,
    alipay,
    wechat,
    wechatServer,
    smsSink,
    deps,
    events,
    signIn,
    startClaim,
    smsStep,
    hospitalBill,
    close: async () => {
      await bff.close();
      await alipay.close();
      await wechatServer.close();
      await sandbox.close();
    },
  };
}

describe('an Alipay user', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('claims with Alipay certify, settles the code in two scans, is pushed a bill, pays it and sees the records', async () => {
    const person = PERSONAS.employee;
    const auth = await s.signIn('employee', 'alipay');
    // alipay.system.oauth.token through alipay-sdk: the session is Alipay's.
    expect((await s.http.get('/api/v1/me').set('Authorization', auth).expect(200)).body).toEqual({
      platform: 'alipay',
      activated: false,
      preferences: { largeText: false },
    });
    const openId = openIdOf(s.alipay.state, devAlipayUserId('employee'));
    expect(s.alipay.state.users.get(openId)).toBe(devAlipayUserId('employee'));

    // Claim: identity, SMS, the face check by certify (initialize → result → query), password.
    const { base, state } = await s.startClaim(auth, person);
    expect(state.step).toBe('sms');
    await s.smsStep(auth, base, person.phone ?? '');
    const face = await s.http.post(`${base}/face`).set('Authorization', auth).expect(200);
    expect(face.body.verifyId).toBe(face.body.certifyId);
    expect(face.body.certifyUrl).toContain('alipay.user.certify.open.certify');
    expect(s.alipay.state.certifies.get(face.body.verifyId)).toMatchObject({
      outerOrderNo: base.split('/').pop(),
      certName: person.name,
    });
    // Not passed yet: the query says so, and the claim stays at the face step.
    expect(
      (await s.http.post(`${base}/face/complete`).set('Authorization', auth).expect(400)).body.error.code,
    ).toBe('FACE_CANCELLED');
    await s.http.post('/api/v1/dev/face').send({ verifyId: face.body.verifyId, result: 'pass' }).expect(200);
    expect(s.alipay.state.certifies.get(face.body.verifyId)?.result).toBe('pass');
    const passed = await s.http.post(`${base}/face/complete`).set('Authorization', auth).expect(200);
    expect(passed.body.step).toBe('password');

    const key = await s.http.get('/api/v1/claim/password-key').set('Authorization', auth).expect(200);
    const done = await s.http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: await alipayCipher(key.body.publicKeyHex) })
      .expect(200);
    expect(done.body.voucher).toMatchObject({ maskedName: '张*', regionName: '绥化市' });
    expect(
      s.sandbox.context.db
        .prepare('SELECT status, platform_user_id AS user FROM vouchers WHERE psn_no = ? AND app_id = ?')
        .get(person.psnNo, ALIPAY_CHANNEL_ID),
    ).toEqual({ status: 'active', user: openId });
    const me = await s.http.get('/api/v1/me').set('Authorization', auth).expect(200);
    expect(me.body).toMatchObject({ platform: 'alipay', activated: true });

    // Show the code; the counter scans it (identity), then a fresh one (settlement).
    const counter = pharmacyCounter(s.sandbox);
    const first = await s.http.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
    const visit = await counter.scanIdentity(first.body.code, BASKET);
    await s.events.drainOnce();
    const scanned = await s.http
      .get('/api/v1/voucher/events')
      .query({ cursor: first.body.cursor, wait: 0 })
      .set('Authorization', auth)
      .expect(200);
    expect(scanned.body.events.map((e: { kind: string }) => e.kind)).toEqual(['scanned', 'verified']);
    const second = await s.http.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
    const settled = await counter.settle(second.body.code, visit);
    await s.events.drainOnce();
    const afterSettle = await s.http
      .get('/api/v1/voucher/events')
      .query({ cursor: scanned.body.cursor, wait: 0 })
      .set('Authorization', auth)
      .expect(200);
    expect(
      afterSettle.body.events.find((e: { kind: string }) => e.kind === 'settled').settlement,
    ).toMatchObject({
      setlId: settled.setlId,
      totalFen: settled.totalFen,
    });

    // The bill push goes out as an Alipay template message (the user accepted the
    // subscription on the phone), and the fake Alipay's message log has it.
    await request(s.alipay.url).post('/dev/subscription').send({ open_id: openId, count: 1 }).expect(200);
    const billId = await s.hospitalBill(person.psnNo);
    const log = await request(s.alipay.url).get('/dev/template-messages').query({ to: openId }).expect(200);
    const push = log.body.messages.find(
      (m: { page: string }) => m.page === `pages/pay/index?billId=${billId}`,
    );
    expect(push).toMatchObject({
      to_open_id: openId,
      user_template_id: 'YBM_BILL_NOTICE',
      data: { keyword2: { value: `${fenToYuan(DEMO_CATALOGUE.consultation.priceFen)}元` } },
    });

    // Pay it with the password (and a request id) made on the Alipay path; then the records.
    const view = (await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', auth).expect(200))
      .body as Bill;
    expect(view.status).toBe('unpaid');
    const paid = (
      await s.http
        .post(`/api/v1/bills/${billId}/pay`)
        .set('Authorization', auth)
        .send({
          useAccount: true,
          passwordCipher: await alipayCipher(key.body.publicKeyHex),
          requestId: await alipayRequestId(),
        })
        .expect(200)
    ).body as Bill;
    let result = paid;
    if (paid.status === 'awaiting_cash') {
      // The cash part: an Alipay trade, paid in Alipay's cashier (the fake's), believed on its notification.
      const trade = await s.http
        .post(`/api/v1/bills/${billId}/cash`)
        .set('Authorization', auth)
        .send({})
        .expect(200);
      expect(trade.body).toMatchObject({ provider: 'alipay', tradeNO: expect.any(String) });
      await fetch(`${s.alipay.url}/dev/trade/orders/${trade.body.orderId}/pay`, { method: 'POST' });
      await eventually('the cash part paid', async () => {
        result = (await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', auth).expect(200))
          .body as Bill;
        return result.status === 'paid';
      });
    }
    expect(result.status).toBe('paid');
    await s.events.drainOnce();
    const records = await s.http.get('/api/v1/records').set('Authorization', auth).expect(200);
    expect(records.body.records.map((r: { recordId: string }) => r.recordId)).toEqual(
      expect.arrayContaining([
        testRecordId(person.psnNo, settled.setlId),
        testRecordId(person.psnNo, paid.result!.setlId!),
      ]),
    );
  });

  it('who claimed in WeChat finishes in Alipay with 一键同步: both bindings show the code, and a bill reaches both', async () => {
    const person = PERSONAS.retiree;
    const phone = person.phone ?? '';
    // In WeChat first: the whole claim, with SMS and WeChat's face check.
    const wechatAuth = await s.signIn('retiree', 'h5');
    const inWechat = await s.startClaim(wechatAuth, person);
    await s.smsStep(wechatAuth, inWechat.base, phone);
    const face = await s.http.post(`${inWechat.base}/face`).set('Authorization', wechatAuth).expect(200);
    await s.http.post('/api/v1/dev/face').send({ verifyId: face.body.verifyId, result: 'pass' }).expect(200);
    await s.http.post(`${inWechat.base}/face/complete`).set('Authorization', wechatAuth).expect(200);
    const key = await s.http.get('/api/v1/claim/password-key').set('Authorization', wechatAuth).expect(200);
    await s.http
      .post(`${inWechat.base}/password`)
      .set('Authorization', wechatAuth)
      .send({ passwordCipher: await alipayCipher(key.body.publicKeyHex) })
      .expect(200);

    // Then in Alipay: identity, and straight to 一键同步 — no SMS, no second face check.
    const smsBefore = s.smsSink.latest(phone);
    const certifiesBefore = s.alipay.state.certifies.size;
    const alipayAuth = await s.signIn('retiree', 'alipay');
    const inAlipay = await s.startClaim(alipayAuth, person);
    expect(inAlipay.state).toMatchObject({ step: 'sync', syncAvailable: true });
    const synced = await s.http
      .post(`${inAlipay.base}/sync`)
      .set('Authorization', alipayAuth)
      .send({ passwordCipher: await alipayCipher(key.body.publicKeyHex) })
      .expect(200);
    expect(synced.body).toMatchObject({ step: 'done', voucher: { maskedName: '王*英' } });
    expect(s.smsSink.latest(phone)).toEqual(smsBefore);
    expect(s.alipay.state.certifies.size).toBe(certifiesBefore);
    expect(
      s.sandbox.context.db
        .prepare("SELECT app_id FROM vouchers WHERE psn_no = ? AND status = 'active' ORDER BY app_id")
        .pluck()
        .all(person.psnNo),
    ).toEqual([ALIPAY_CHANNEL_ID, 'YBMTEST000000001'].sort());

    // Both bindings show the code.
    for (const auth of [wechatAuth, alipayAuth]) {
      const code = await s.http.get('/api/v1/voucher/code').set('Authorization', auth).expect(200);
      expect(code.body).toMatchObject({ maskedName: '王*英', code: expect.stringMatching(/^YB1/) });
    }

    // A bill is pushed to both: a WeChat subscribe message and an Alipay template message.
    const openid = devOpenid('retiree');
    const openId = openIdOf(s.alipay.state, devAlipayUserId('retiree'));
    await request(s.wechatServer.url).post('/dev/subscription').send({ openid, count: 1 }).expect(200);
    await request(s.alipay.url).post('/dev/subscription').send({ open_id: openId, count: 1 }).expect(200);
    const billId = await s.hospitalBill(person.psnNo);
    const page = `pages/pay/index?billId=${billId}`;
    expect(s.wechat.state.messages.filter((m) => m.touser === openid && m.page === page)).toHaveLength(1);
    const log = await request(s.alipay.url).get('/dev/template-messages').query({ to: openId }).expect(200);
    expect(log.body.messages.filter((m: { page: string }) => m.page === page)).toHaveLength(1);
  });

  it('resets the password of a 外国人永久居留身份证 holder: the document the claim took, SMS and Alipay certify', async () => {
    const person = PERSONAS.foreignPermanentResidence;
    expect(person.docType).toBe('foreign_permanent_residence');
    const auth = await s.signIn('foreignPermanentResidence', 'alipay');
    const passFace = async (base: string) => {
      const face = await s.http.post(`${base}/face`).set('Authorization', auth).expect(200);
      await s.http
        .post('/api/v1/dev/face')
        .send({ verifyId: face.body.verifyId, result: 'pass' })
        .expect(200);
      return s.http.post(`${base}/face/complete`).set('Authorization', auth).expect(200);
    };
    const password = async () => {
      const key = await s.http.get('/api/v1/claim/password-key').set('Authorization', auth).expect(200);
      return alipayCipher(key.body.publicKeyHex);
    };
    const { base: claimBase } = await s.startClaim(auth, person);
    await s.smsStep(auth, claimBase, person.phone ?? '');
    await passFace(claimBase);
    await s.http
      .post(`${claimBase}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: await password() })
      .expect(200);

    const { body: started } = await s.http
      .post('/api/v1/settings/password/reset')
      .set('Authorization', auth)
      .send({ name: person.name, docType: person.docType, docNumber: person.docNumber })
      .expect(200);
    expect(started).toMatchObject({ step: 'sms', maskedName: expect.any(String) });
    // Only a 居民身份证 number gives a birth date to warn about.
    expect(started).not.toHaveProperty('birthDate');
    const base = `/api/v1/settings/password/reset/${started.recoveryId}`;
    await s.smsStep(auth, base, person.phone ?? '');
    expect((await passFace(base)).body.step).toBe('password');
    const reset = await s.http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: await password() })
      .expect(200);
    expect(reset.body.step).toBe('done');
    expect(
      s.sandbox.context.db.prepare('SELECT kind FROM person_changes WHERE psn_no = ?').all(person.psnNo),
    ).toEqual([{ kind: 'password_reset' }]);
  });

  it('has its dev login and dev face refuse what they do not know', async () => {
    const bad = await s.http
      .post('/api/v1/dev/login-code')
      .send({ persona: 'employee', platform: 'qq' })
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    const odd = await s.http
      .post('/api/v1/dev/login-code')
      .send({ persona: '张伟', platform: 'alipay' })
      .expect(400);
    expect(odd.body.error.code).toBe('VALIDATION_ERROR');
    const unknown = await s.http
      .post('/api/v1/dev/face')
      .send({ verifyId: 'no-such-certify', result: 'pass' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    // A used auth code is Alipay's isv.code-invalid: the phone must sign in again.
    const minted = await s.http
      .post('/api/v1/dev/login-code')
      .send({ persona: 'resident', platform: 'alipay' });
    await s.http.post('/api/v1/session').send({ platform: 'alipay', code: minted.body.code }).expect(200);
    const reused = await s.http.post('/api/v1/session').send({ platform: 'alipay', code: minted.body.code });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('PLATFORM_LOGIN_FAILED');
  });
});
