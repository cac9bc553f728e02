// 设置 through the real pieces over HTTP — the BFF, the seeded insurance sandbox, the fake
// WeChat (login, face check) and a hospital pushing a bill: change the password (a wrong old
// one counts), lockout → 忘记密码 (SMS + face) → pay with the new password, the stopped
// reserved phone replaced by a face check and an SMS to the new number so `phoneChanged`
// finishes claiming, unbinding, withdrawing consent, and 大字模式 kept per user.
import { CONSENT_VERSION } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { passwordState } from '../../bff/sandbox/insurance/domain/password';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { createDevSmsSink } from '../../bff/src/services/sms';
import { buildTestApp } from '../support/bff';
import { testChannel } from '../support/keys';
import {
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
  webhookEvents,
} from '../support/payments';
import { listen, startInsuranceSandbox } from '../support/servers';

jest.setTimeout(60_000);

const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
type Persona = (typeof PERSONAS)[keyof typeof PERSONAS];

async function setup() {
  const insurance = await startInsuranceSandbox({ seed: true });
  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const smsSink = createDevSmsSink(Date.now, () => undefined);
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
  const bff = await listen(app);
  const http = request(bff.url);
  const his = hisClient(
    insurance.url,
    registerChannel(insurance.context.channels, 'YBMHIS0000000024'),
    Date.now,
  );
  const events = webhookEvents(insurance.context, bff.url);

  async function signIn(persona: string): Promise<string> {
    const { body } = await http.post('/api/v1/dev/login-code').send({ persona }).expect(200);
    const session = await http.post('/api/v1/session').send({ platform: 'h5', code: body.code }).expect(200);
    return `Bearer ${session.body.token}`;
  }
  const smsCodeTo = (phone: string) => /验证码为(\d{6})/.exec(smsSink.latest(phone)?.text ?? '')?.[1];
  async function passFace(auth: string, base: string, result: 'pass' | 'fail' = 'pass') {
    const face = await http.post(`${base}/face`).set('Authorization', auth).expect(200);
    await http.post('/api/v1/dev/face').send({ verifyId: face.body.verifyId, result }).expect(200);
    return http.post(`${base}/face/complete`).set('Authorization', auth);
  }
  async function smsStep(auth: string, base: string, phone: string) {
    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    const smsCode = smsCodeTo(phone);
    return http.post(`${base}/sms/verify`).set('Authorization', auth).send({ smsCode }).expect(200);
  }
  const identityOf = (person: Persona) => ({
    name: person.name,
    docType: person.docType,
    docNumber: person.docNumber,
  });

  /** The whole claim, from consent to the password. */
  async function claim(auth: string, person: Persona, password: string, phone = person.phone ?? '') {
    const { body } = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(200);
    const base = `/api/v1/claim/${body.claimId}`;
    await http.post(`${base}/identity`).set('Authorization', auth).send(identityOf(person)).expect(200);
    await smsStep(auth, base, phone);
    expect((await passFace(auth, base)).status).toBe(200);
    await http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: encryptPassword(password) })
      .expect(200);
  }

  let serial = 0;
  async function hospitalBill(psnNo: string): Promise<string> {
    serial += 1;
    const answer = await his.call(PATHS.uploadFees, consultationBill(psnNo, `HIS-SET-${serial}`));
    expect(answer.code).toBe('0');
    for (let round = 0; round < 20; round += 1) if ((await events.drainOnce()).delivered === 0) break;
    return answer.data?.payOrdId as string;
  }

  return {
    http,
    deps,
    insurance,
    smsSink,
    signIn,
    smsCodeTo,
    passFace,
    smsStep,
    claim,
    identityOf,
    hospitalBill,
    close: async () => {
      await bff.close();
      await wechatServer.close();
      await insurance.close();
    },
  };
}

describe('settings against the sandboxes', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('changes the password: a wrong old one costs a try and says how many are left', async () => {
    const person = PERSONAS.retiree;
    const auth = await s.signIn('retiree');
    await s.claim(auth, person, '582914');
    const change = (oldPassword: string, newPassword: string) =>
      s.http
        .post('/api/v1/settings/password')
        .set('Authorization', auth)
        .send({
          oldPasswordCipher: encryptPassword(oldPassword),
          newPasswordCipher: encryptPassword(newPassword),
        });

    const wrong = await change('111333', '640273');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'PASSWORD_WRONG', details: { remaining: 4 } });
    const weak = await change('582914', '123456');
    expect([weak.status, weak.body.error.code]).toEqual([400, 'PASSWORD_WEAK']);
    const same = await change('582914', '582914');
    expect([same.status, same.body.error.code]).toEqual([400, 'PASSWORD_UNCHANGED']);
    const done = await change('582914', '640273');
    expect(done.status).toBe(200);
    expect(done.body.changedAt).toEqual(expect.any(String));
    expect(passwordState(s.insurance.context, person.psnNo)).toEqual({
      set: true,
      remaining: 5,
      locked: false,
    });
    // Only ciphertext reached the BFF, and the change is in its audit trail.
    expect(
      (await s.deps.audit.ofPerson(person.psnNo)).map((row) => [row.action, row.outcome]),
    ).toContainEqual(['password.change', 'ok']);
  });

  it('locked out after five wrong tries, resets the password by SMS and face, and pays with the new one', async () => {
    const person = PERSONAS.employee;
    const auth = await s.signIn('employee');
    await s.claim(auth, person, '358024');
    const billId = await s.hospitalBill(person.psnNo);
    const pay = (password: string, n: number) =>
      s.http
        .post(`/api/v1/bills/${billId}/pay`)
        .set('Authorization', auth)
        .send({
          useAccount: true,
          passwordCipher: encryptPassword(password),
          requestId: `set-pay-${n}-abcdef`,
        });
    for (let n = 1; n <= 5; n += 1) await pay('111333', n);
    const locked = await pay('358024', 6);
    expect([locked.status, locked.body.error.code]).toEqual([423, 'PASSWORD_LOCKED']);
    expect(locked.body.error.message).toContain('忘记密码');

    // Another person's document is refused: the reset is for the bound voucher's person.
    const other = await s.http
      .post('/api/v1/settings/password/reset')
      .set('Authorization', auth)
      .send(s.identityOf(PERSONAS.retiree));
    expect([other.status, other.body.error.code]).toEqual([403, 'RECOVERY_NOT_THIS_VOUCHER']);

    const { body: started } = await s.http
      .post('/api/v1/settings/password/reset')
      .set('Authorization', auth)
      .send(s.identityOf(person))
      .expect(200);
    expect(started).toMatchObject({ step: 'sms', maskedPhone: expect.stringMatching(/^1\d\d\*{4}\d{4}$/) });
    const base = `/api/v1/settings/password/reset/${started.recoveryId}`;
    // Steps in order only: no password before the SMS and the face check.
    const early = await s.http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: encryptPassword('640273') });
    expect([early.status, early.body.error.code]).toEqual([409, 'RECOVERY_STEP_OUT_OF_ORDER']);
    expect((await s.smsStep(auth, base, person.phone ?? '')).body.step).toBe('face');
    expect(s.smsSink.latest(person.phone ?? '')?.text).toContain('重置医保支付密码');
    expect((await s.passFace(auth, base)).body.step).toBe('password');
    const weak = await s.http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: encryptPassword('123456') });
    expect([weak.status, weak.body.error.code]).toEqual([400, 'PASSWORD_WEAK']);
    const reset = await s.http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: encryptPassword('640273') })
      .expect(200);
    expect(reset.body.step).toBe('done');
    expect(passwordState(s.insurance.context, person.psnNo)).toEqual({
      set: true,
      remaining: 5,
      locked: false,
    });
    const audited = s.insurance.db
      .prepare('SELECT kind, face_check_id AS face FROM person_changes WHERE psn_no = ?')
      .all(person.psnNo);
    expect(audited).toEqual([{ kind: 'password_reset', face: expect.stringMatching(/^wechat:/) }]);

    const paid = await pay('640273', 7);
    expect(paid.status).toBe(200);
    expect(paid.body.status).toMatch(/^(paid|awaiting_cash)$/);
  });

  it('lets phoneChanged replace the stopped phone by a face check and finish claiming, no counter visit', async () => {
    const person = PERSONAS.phoneChanged;
    const newPhone = '13945500099';
    const auth = await s.signIn('phoneChanged');
    const { body: claim } = await s.http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(200);
    const claimBase = `/api/v1/claim/${claim.claimId}`;
    const refused = await s.http
      .post(`${claimBase}/identity`)
      .set('Authorization', auth)
      .send(s.identityOf(person));
    expect(refused.body.error.code).toBe('RESERVED_PHONE_OUT_OF_SERVICE');
    expect(refused.body.error.message).toContain('更换预留手机号');

    const { body: started } = await s.http
      .post('/api/v1/settings/phone')
      .set('Authorization', auth)
      .send({ ...s.identityOf(person), claimId: claim.claimId })
      .expect(200);
    expect(started.step).toBe('face');
    const base = `/api/v1/settings/phone/${started.recoveryId}`;
    // Nobody else's face replaces the phone: a failed check is a clear refusal.
    const failed = await s.passFace(auth, base, 'fail');
    expect([failed.status, failed.body.error.code]).toEqual([403, 'FACE_FAILED']);
    expect(failed.body.error.message).toContain('人脸核验未通过');
    expect((await s.passFace(auth, base)).body.step).toBe('phone');
    const bad = await s.http.post(`${base}/phone`).set('Authorization', auth).send({ phone: '12345' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    await s.http.post(`${base}/phone`).set('Authorization', auth).send({ phone: newPhone }).expect(200);
    expect(s.smsSink.latest(newPhone)?.text).toContain('预留手机号');
    const done = await s.http
      .post(`${base}/sms/verify`)
      .set('Authorization', auth)
      .send({ smsCode: s.smsCodeTo(newPhone) })
      .expect(200);
    expect(done.body).toMatchObject({ step: 'done', maskedPhone: '139****0099', claimId: claim.claimId });
    const row = s.insurance.db
      .prepare('SELECT phone, phone_status AS status FROM persons WHERE psn_no = ?')
      .get(person.psnNo);
    expect(row).toEqual({ phone: newPhone, status: 'in_service' });

    // The same claim goes on: identity again, the SMS now reaches the new number.
    const identity = await s.http
      .post(`${claimBase}/identity`)
      .set('Authorization', auth)
      .send(s.identityOf(person))
      .expect(200);
    expect(identity.body.maskedPhone).toBe('139****0099');
    await s.smsStep(auth, claimBase, newPhone);
    expect((await s.passFace(auth, claimBase)).status).toBe(200);
    await s.http
      .post(`${claimBase}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: encryptPassword('730195') })
      .expect(200);
    expect((await s.http.get('/api/v1/me').set('Authorization', auth).expect(200)).body.activated).toBe(true);

    // Each start looks a person up and allows five face checks: ten a day per account.
    const answers: number[] = [];
    for (let n = 0; n < 12; n += 1) {
      const res = await s.http
        .post('/api/v1/settings/password/reset')
        .set('Authorization', auth)
        .send(s.identityOf(person));
      answers.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe('RECOVERY_TOO_MANY');
        break;
      }
    }
    // The phone replacement above was the first of the ten.
    expect(answers).toEqual([...Array.from({ length: 9 }, () => 200), 429]);
  });

  it('unbinds this platform: its sessions end, the voucher is revoked here only, and a new sign-in finds none', async () => {
    const auth = await s.signIn('retiree');
    const second = await s.signIn('retiree');
    const unbound = await s.http.delete('/api/v1/settings/binding').set('Authorization', auth).expect(200);
    expect(unbound.body.ok).toBe(true);
    for (const token of [auth, second]) {
      const after = await s.http.get('/api/v1/me').set('Authorization', token);
      expect(after.status).toBe(401);
    }
    const status = s.insurance.db
      .prepare('SELECT status FROM vouchers WHERE psn_no = ? AND app_id = ?')
      .pluck()
      .get(PERSONAS.retiree.psnNo, testChannel().appId);
    expect(status).toBe('revoked');
    const again = await s.signIn('retiree');
    expect((await s.http.get('/api/v1/me').set('Authorization', again).expect(200)).body.activated).toBe(
      false,
    );
    const twice = await s.http.delete('/api/v1/settings/binding').set('Authorization', again);
    expect([twice.status, twice.body.error.code]).toEqual([403, 'VOUCHER_NOT_ACTIVATED']);
  });

  it('keeps 大字模式 per user and returns it with /me; refuses a bad body in Chinese', async () => {
    const auth = await s.signIn('employee');
    const before = await s.http.get('/api/v1/me').set('Authorization', auth).expect(200);
    expect(before.body.preferences).toEqual({ largeText: false });
    await s.http
      .put('/api/v1/settings/preferences')
      .set('Authorization', auth)
      .send({ largeText: true })
      .expect(200);
    const other = await s.signIn('employee');
    expect((await s.http.get('/api/v1/me').set('Authorization', other).expect(200)).body.preferences).toEqual(
      {
        largeText: true,
      },
    );
    const bad = await s.http
      .put('/api/v1/settings/preferences')
      .set('Authorization', auth)
      .send({ largeText: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('withdraws consent: unbinds and deletes claims, consents, preferences and the inbox; the audit keeps identifiers', async () => {
    const person = PERSONAS.employee;
    const auth = await s.signIn('employee');
    const { deps } = s;
    const openid = (await s.http.get('/api/v1/me/consents').set('Authorization', auth).expect(200)).body;
    expect(openid.consents.length).toBeGreaterThan(0);
    const withdrawn = await s.http
      .post('/api/v1/settings/consent/withdraw')
      .set('Authorization', auth)
      .expect(200);
    expect(withdrawn.body.deleted).toMatchObject({ binding: 1, preferences: 1 });
    expect(withdrawn.body.deleted.consents).toBeGreaterThan(0);
    expect(withdrawn.body.deleted.claims).toBeGreaterThan(0);
    const count = (sql: string) => deps.db!.prepare(sql).pluck().get(person.psnNo) as number;
    expect(count('SELECT count(*) FROM bindings WHERE psn_no = ?')).toBe(0);
    expect(count('SELECT count(*) FROM consents WHERE psn_no = ?')).toBe(0);
    expect(count('SELECT count(*) FROM inbox WHERE psn_no = ?')).toBe(0);
    expect(count('SELECT count(*) FROM claims WHERE psn_no = ?')).toBe(0);
    expect((await s.http.get('/api/v1/me').set('Authorization', auth)).status).toBe(401);
    deps.commits!.flush();
    const rows = await deps.audit.ofPerson(person.psnNo);
    expect(rows.map((row) => row.action)).toContain('consent.withdraw');
    expect(JSON.stringify(rows)).not.toContain(person.name);
  });
});
