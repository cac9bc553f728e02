// The claim flow through the real pieces over HTTP: the BFF, the seeded insurance sandbox
// (activation, password hashing) and the fake WeChat (login codes, face check). The
// password leaves the "phone" (this test) only as SM2 ciphertext.
import { CONSENT_VERSION } from '@ybm/shared';
import { sm2 } from 'sm-crypto-v2';
import request from 'supertest';

import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createDevSmsSink } from '../../bff/src/services/sms';
import { buildTestApp } from '../support/bff';
import { testChannel } from '../support/keys';
import { listen, startInsuranceSandbox } from '../support/servers';

const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };

async function setup() {
  const insurance = await startInsuranceSandbox({ seed: true });
  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const smsSink = createDevSmsSink(Date.now, () => undefined);
  const bodies: string[] = [];
  const { app, deps } = buildTestApp(
    {
      DEV_LOGIN: 'true',
      INSURANCE_BASE_URL: insurance.url,
      WECHAT_API_BASE: wechatServer.url,
      WECHAT_APP_ID: WECHAT.appId,
      WECHAT_APP_SECRET: WECHAT.appSecret,
    },
    { smsSink },
  );
  // Everything the phone sends to the BFF, to prove no password travels in clear.
  app.middleware.unshift(async (ctx, next) => {
    await next();
    const body = (ctx.request as { body?: unknown }).body;
    if (body) bodies.push(JSON.stringify(body));
  });
  const http = request(app.callback());
  return {
    http,
    insurance,
    smsSink,
    bodies,
    deps,
    close: async () => {
      await wechatServer.close();
      await insurance.close();
    },
  };
}

type System = Awaited<ReturnType<typeof setup>>;

async function signInAs(system: System, persona: string): Promise<string> {
  const { body } = await system.http.post('/api/v1/dev/login-code').send({ persona }).expect(200);
  const session = await system.http
    .post('/api/v1/session')
    .send({ platform: 'h5', code: body.code })
    .expect(200);
  return `Bearer ${session.body.token}`;
}

describe('claiming the voucher against the sandboxes', () => {
  let system: System;
  beforeAll(async () => {
    system = await setup();
  });
  afterAll(() => system.close());

  it('takes the seeded employee from the dev login to an activated voucher', async () => {
    const { http, smsSink, bodies, insurance } = system;
    const person = PERSONAS.employee;
    const phone = person.phone ?? '';
    const auth = await signInAs(system, 'employee');
    const personas = await http.get('/api/v1/dev/personas').expect(200);
    expect(personas.body.personas.map((p: { key: string }) => p.key)).toContain('employee');

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
    expect(identity.body.maskedPhone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);

    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    const smsCode = /验证码为(\d{6})/.exec(smsSink.latest(phone)?.text ?? '')?.[1];
    expect(smsCode).toMatch(/^\d{6}$/);
    await http.post(`${base}/sms/verify`).set('Authorization', auth).send({ smsCode }).expect(200);

    const face = await http.post(`${base}/face`).set('Authorization', auth).expect(200);
    // A face check WeChat never started is the caller's mistake: 404, not WeChat failing (502).
    const unknown = await http.post('/api/v1/dev/face').send({ verifyId: 'no-such-check', result: 'pass' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    await http.post('/api/v1/dev/face').send({ verifyId: face.body.verifyId, result: 'pass' }).expect(200);
    expect((await http.post(`${base}/face/complete`).set('Authorization', auth).expect(200)).body.step).toBe(
      'password',
    );

    const key = await http.get('/api/v1/claim/password-key').set('Authorization', auth).expect(200);
    const password = '582914';
    const passwordCipher = sm2.doEncrypt(password, key.body.publicKeyHex, 1);
    const done = await http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher })
      .expect(200);
    expect(done.body.voucher).toMatchObject({
      maskedName: '张*',
      insuranceType: '职工基本医疗保险',
      regionName: '绥化市',
    });

    const me = await http.get('/api/v1/me').set('Authorization', auth).expect(200);
    expect(me.body.activated).toBe(true);
    const voucher = insurance.db
      .prepare('SELECT status FROM vouchers WHERE psn_no = ? AND app_id = ?')
      .get(person.psnNo, testChannel().appId);
    expect(voucher).toEqual({ status: 'active' });
    const stored = insurance.db
      .prepare('SELECT hash FROM voucher_passwords WHERE psn_no = ?')
      .pluck()
      .get(person.psnNo);
    expect(String(stored)).not.toContain(password);
    expect(bodies.join('\n')).not.toContain(password);

    // The audit trail has the face check and the activation, about the person by number only.
    const trail = await system.deps.audit.ofPerson(person.psnNo);
    expect(trail.map((row) => [row.action, row.outcome])).toEqual([
      ['voucher.activate', 'ok'],
      ['face.check', 'ok'],
    ]);
    expect(trail[0]).toMatchObject({
      channel: 'wechat',
      detail: { claimId: claim.claimId, mode: 'password' },
    });
    const text = JSON.stringify(trail);
    for (const secret of [person.name, person.docNumber, phone, password]) expect(text).not.toContain(secret);
  });

  it('refuses the newly insured persona with the platform’s date to come back', async () => {
    const { http } = system;
    const person = PERSONAS.newlyInsured;
    const auth = await signInAs(system, 'newlyInsured');
    const { body: claim } = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(200);
    const res = await http
      .post(`/api/v1/claim/${claim.claimId}/identity`)
      .set('Authorization', auth)
      .send({ name: person.name, docType: person.docType, docNumber: person.docNumber })
      .expect(403);
    expect(res.body.error.code).toBe('INSURED_TOO_RECENTLY');
    expect(res.body.error.details.platformMessage).toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it.each([
    ['suspended', 'INSURANCE_SUSPENDED'],
    ['duplicateRecords', 'MULTIPLE_PERSON_RECORDS'],
  ] as const)('refuses the %s persona with %s', async (key, code) => {
    const { http } = system;
    const person = PERSONAS[key];
    const auth = await signInAs(system, key);
    const { body: claim } = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(200);
    const res = await http
      .post(`/api/v1/claim/${claim.claimId}/identity`)
      .set('Authorization', auth)
      .send({ name: person.name, docType: person.docType, docNumber: person.docNumber });
    expect(res.body.error.code).toBe(code);
  });
});
