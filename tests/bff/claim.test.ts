import { ClaimDoneSchema, ClaimStateSchema, CONSENT_VERSION, MeSchema } from '@ybm/shared';

import { CIPHER, PERSON, setupClaim } from './claim-support';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('claiming the voucher, step by step', () => {
  it('goes consent → identity → SMS → face → password and then shows the voucher, masked', async () => {
    const { http, calls, claimUntil, smsSink } = setupClaim();
    const { auth, base } = await claimUntil('identity');

    const identity = await http.post(`${base}/identity`).set('Authorization', auth).send(PERSON).expect(200);
    expect(ClaimStateSchema.parse(identity.body)).toMatchObject({
      step: 'sms',
      maskedName: '刘*',
      maskedPhone: '138****5678',
      birthDate: '1990-03-07',
      syncAvailable: false,
    });
    const sent = await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    expect(sent.body.resendAfterSec).toBe(60);
    expect(smsSink.latest('13812345678')?.text).toContain('246810');

    const verified = await http
      .post(`${base}/sms/verify`)
      .set('Authorization', auth)
      .send({ smsCode: '246810' });
    expect(verified.body.step).toBe('face');
    expect((await http.post(`${base}/face`).set('Authorization', auth).expect(200)).body).toEqual({
      verifyId: 'verify-1',
    });
    const faced = await http.post(`${base}/face/complete`).set('Authorization', auth).expect(200);
    expect(faced.body.step).toBe('password');

    const done = await http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(200);
    expect(ClaimDoneSchema.parse(done.body).voucher).toMatchObject({
      maskedName: '刘*',
      maskedIdNumber: '230***********1237',
      insuranceType: '职工基本医疗保险',
      regionName: '绥化市',
    });
    const me = MeSchema.parse((await http.get('/api/v1/me').set('Authorization', auth).expect(200)).body);
    expect(me.activated).toBe(true);
    expect(calls.find((c) => c.method === 'activation.finish')?.data).toEqual({
      activationId: 'ACT0001',
      passwordCipher: CIPHER,
    });
    // Claimed once: a new claim for the same user is refused.
    const again = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(409);
    expect(again.body.error.code).toBe('ALREADY_ACTIVATED');
  });

  it('requires both consents, the sensitive-data one separately', async () => {
    const { http, signIn } = setupClaim();
    const auth = `Bearer ${await signIn()}`;
    const res = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: false, version: CONSENT_VERSION })
      .expect(400);
    expect(res.body.error.details.fieldErrors['body.agreeSensitive']).toBeDefined();
  });

  it('checks the ID number checksum before calling the platform', async () => {
    const { http, calls, claimUntil } = setupClaim();
    const { auth, base } = await claimUntil('identity');
    const res = await http
      .post(`${base}/identity`)
      .set('Authorization', auth)
      .send({ ...PERSON, docNumber: '230102199003071234' })
      .expect(400);
    expect(res.body.error.code).toBe('DOCUMENT_INVALID');
    expect(calls).toEqual([]);
  });

  it.each([
    ['NOT_INSURED', 403],
    ['INSURED_TOO_RECENTLY', 403],
    ['INSURANCE_SUSPENDED', 403],
    ['MULTIPLE_PERSON_RECORDS', 409],
    ['NO_PHONE_ON_RECORD', 403],
    ['RESERVED_PHONE_OUT_OF_SERVICE', 403],
    ['NAME_MISMATCH', 400],
    ['PERSON_NOT_FOUND', 404],
  ])('passes on the platform refusal %s as %i with its own message', async (code, status) => {
    const { http, script, claimUntil } = setupClaim();
    script.startRefusal = { code, message: '参保未满两个月，暂不能申领医保码，请于2026-12-20起再来申领' };
    const { auth, base } = await claimUntil('identity');
    const res = await http.post(`${base}/identity`).set('Authorization', auth).send(PERSON).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]{6,}/);
    if (code === 'INSURED_TOO_RECENTLY')
      expect(res.body.error.details.platformMessage).toContain('2026-12-20');
  });

  it('tells no phone on record apart from a reserved phone that stopped working', async () => {
    const { http, script, claimUntil } = setupClaim();
    const answers: Record<string, { code: string; message: string; details?: Record<string, unknown> }> = {};
    for (const [code, message] of [
      [
        'NO_PHONE_ON_RECORD',
        '医保登记信息中没有预留手机号，请到医保经办机构登记手机号，或由亲属通过亲情账户代为使用',
      ],
      [
        'RESERVED_PHONE_OUT_OF_SERVICE',
        '预留手机号139****0011已停机或销号，无法接收验证码，请到医保经办机构变更预留手机号',
      ],
    ] as const) {
      script.startRefusal = { code, message };
      const { auth, base } = await claimUntil('identity');
      const res = await http.post(`${base}/identity`).set('Authorization', auth).send(PERSON).expect(403);
      answers[code] = res.body.error;
    }
    const none = answers.NO_PHONE_ON_RECORD!;
    const stopped = answers.RESERVED_PHONE_OUT_OF_SERVICE!;
    // What is true: none registered, or the registered one stopped — and the next step for each.
    expect(none.message).toContain('没有您的预留手机号');
    expect(none.message).toContain('亲情账户');
    expect(none.message).toContain('登记手机号');
    expect(none.message).not.toContain('停');
    expect(stopped.message).toContain('停机或销号');
    expect(stopped.message).toContain('更换预留手机号');
    expect(stopped.message).toContain('无需到经办机构');
    expect(stopped.details).toMatchObject({ maskedPhone: '139****0011' });
  });

  it('keeps each step in order and each claim to its own user', async () => {
    const { http, claimUntil, signIn } = setupClaim();
    const { auth, base } = await claimUntil('identity');
    const early = await http
      .post(`${base}/sms/verify`)
      .set('Authorization', auth)
      .send({ smsCode: '123456' });
    expect([early.status, early.body.error.code]).toEqual([409, 'CLAIM_STEP_OUT_OF_ORDER']);
    const stranger = `Bearer ${await signIn('user-b')}`;
    const theirs = await http.post(`${base}/identity`).set('Authorization', stranger).send(PERSON);
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'CLAIM_NOT_FOUND']);
    await http.post('/api/v1/claim/not-a-claim/identity').set('Authorization', auth).send(PERSON).expect(400);
  });
});

describe('the SMS step', () => {
  it('resends only after 60 s and at most 10 times a day per phone', async () => {
    const { http, claimUntil, advance } = setupClaim();
    const { auth, base } = await claimUntil('sms');
    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    advance(30 * SECOND);
    const soon = await http.post(`${base}/sms`).set('Authorization', auth).expect(429);
    expect(soon.body.error.code).toBe('SMS_RESEND_TOO_SOON');
    for (let sent = 1; sent < 10; sent += 1) {
      advance(61 * SECOND);
      await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    }
    advance(61 * SECOND);
    expect((await http.post(`${base}/sms`).set('Authorization', auth).expect(429)).body.error.code).toBe(
      'SMS_DAILY_LIMIT',
    );
  });

  it('counts wrong codes, voids the code at the fifth, and expires it after 5 minutes', async () => {
    const { http, claimUntil, advance } = setupClaim();
    const { auth, base } = await claimUntil('sms');
    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    const verify = (smsCode: string) =>
      http.post(`${base}/sms/verify`).set('Authorization', auth).send({ smsCode });
    const first = await verify('000000');
    expect([first.body.error.code, first.body.error.details.remaining]).toEqual(['SMS_CODE_WRONG', 4]);
    for (let i = 0; i < 3; i += 1) await verify('000000');
    expect((await verify('000000')).body.error.code).toBe('SMS_CODE_VOIDED');
    expect((await verify('246810')).body.error.code).toBe('SMS_CODE_VOIDED');

    advance(61 * SECOND);
    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    advance(5 * MINUTE + SECOND);
    expect((await verify('246810')).body.error.code).toBe('SMS_CODE_EXPIRED');
  });
});

describe('the face step', () => {
  it.each([
    ['fail', 403, 'FACE_FAILED'],
    ['cancel', 400, 'FACE_CANCELLED'],
    ['pending', 400, 'FACE_CANCELLED'],
  ] as const)(
    'answers a %s face check with %i %s and lets the user try again',
    async (face, status, code) => {
      const { http, script, claimUntil, audit } = setupClaim();
      const { auth, base, claimId } = await claimUntil('face');
      await http.post(`${base}/face`).set('Authorization', auth).expect(200);
      script.face = face;
      expect(
        (await http.post(`${base}/face/complete`).set('Authorization', auth).expect(status)).body.error.code,
      ).toBe(code);
      script.face = 'pass';
      await http.post(`${base}/face`).set('Authorization', auth).expect(200);
      expect(
        (await http.post(`${base}/face/complete`).set('Authorization', auth).expect(200)).body.step,
      ).toBe('password');
      // Each check is in the audit trail with how it ended.
      expect(await audit.ofPerson('P231200000001')).toMatchObject([
        { action: 'face.check', outcome: 'ok', detail: { claimId } },
        { action: 'face.check', outcome: code, detail: { claimId } },
      ]);
    },
  );

  it('stops after five face checks', async () => {
    const { http, script, claimUntil } = setupClaim();
    const { auth, base } = await claimUntil('face');
    script.face = 'fail';
    for (let i = 0; i < 5; i += 1) await http.post(`${base}/face`).set('Authorization', auth).expect(200);
    expect((await http.post(`${base}/face`).set('Authorization', auth).expect(429)).body.error.code).toBe(
      'FACE_TOO_MANY_TRIES',
    );
  });
});

describe('the password step', () => {
  it('accepts only SM2 ciphertext: a password in clear is refused before anything is called', async () => {
    const { http, calls, claimUntil } = setupClaim();
    const { auth, base } = await claimUntil('password');
    const res = await http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: '135790' })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(calls.some((c) => c.method === 'activation.finish')).toBe(false);
  });

  it('offers 一键同步 to a person who claimed on the other platform, and passes on wrong tries left', async () => {
    const { http, script, smsSink, claimUntil } = setupClaim();
    script.passwordSet = true;
    const { auth, base } = await claimUntil('sms');
    // Straight from the identity to the password set on the other platform: no SMS, no face.
    expect((await http.get(base).set('Authorization', auth).expect(200)).body).toMatchObject({
      step: 'sync',
      syncAvailable: true,
    });
    for (const step of ['sms', 'face'])
      expect(
        (await http.post(`${base}/${step}`).set('Authorization', auth).expect(409)).body.error.code,
      ).toBe('CLAIM_STEP_OUT_OF_ORDER');
    expect(smsSink.latest('13812345678')).toBeUndefined();
    await http
      .post(`${base}/password`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(409);

    script.finishRefusal = { code: 'PASSWORD_WRONG', message: '支付密码错误，今日还可尝试4次' };
    const wrong = await http
      .post(`${base}/sync`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(400);
    expect(wrong.body.error).toMatchObject({ code: 'PASSWORD_WRONG', details: { remaining: 4 } });
    script.finishRefusal = {
      code: 'PASSWORD_LOCKED',
      message: '支付密码错误次数过多，今日已锁定，请明日再试',
    };
    expect(
      (await http.post(`${base}/sync`).set('Authorization', auth).send({ passwordCipher: CIPHER })).body.error
        .code,
    ).toBe('PASSWORD_LOCKED');
    script.finishRefusal = undefined;
    const done = await http
      .post(`${base}/sync`)
      .set('Authorization', auth)
      .send({ passwordCipher: CIPHER })
      .expect(200);
    expect(done.body.step).toBe('done');
  });
});
