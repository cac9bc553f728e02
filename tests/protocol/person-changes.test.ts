// password.reset and person.replacePhone over the channel API, as the BFF calls them after its
// own SMS and face checks: the reset lifts today's lock and keeps the weak-password rules; the
// replacement works by voucher (settings) or by document (a claim refused for the stopped
// phone), lets activation.start go on, and both leave an audit row naming the channel and the
// face check, with phones only masked.
import type { Json } from '@ybm/shared/gm';

import { InsuranceRefusal, type InsuranceTransport } from '../../bff/src/clients/insurance';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { testChannel } from '../support/keys';
import { channelClient, encryptPassword, registerChannel } from '../support/payments';
import { startInsuranceSandbox } from '../support/servers';

const GOOD = '135790';
const WRONG = '246813';
const FACE = { provider: 'wechat', id: 'verify-person-changes-1' } as const;

async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const wechat = channelClient(sandbox.url, testChannel().bffView, Date.now);
  const alipay = channelClient(
    sandbox.url,
    registerChannel(sandbox.context.channels, 'YBMTESTALIPAY024'),
    Date.now,
  );
  const audit = (psnNo: string) =>
    sandbox.db
      .prepare(
        `SELECT app_id AS appId, kind, face_check_id AS face, old_phone_masked AS oldPhone,
           new_phone_masked AS newPhone FROM person_changes WHERE psn_no = ? ORDER BY id`,
      )
      .all(psnNo);
  return { sandbox, wechat, alipay, audit };
}

async function refusalOf(promise: Promise<unknown>): Promise<InsuranceRefusal> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InsuranceRefusal);
  return error as InsuranceRefusal;
}

const documentOf = (key: keyof typeof PERSONAS) => ({
  docType: PERSONAS[key].docType,
  docNumber: PERSONAS[key].docNumber,
  name: PERSONAS[key].name,
});

async function activate(client: InsuranceTransport, key: keyof typeof PERSONAS) {
  const started = (await client.call('activation.start', {
    ...documentOf(key),
    platformUserId: `openid-${key}`,
  })) as Record<string, Json>;
  await client.call('activation.finish', {
    activationId: started.activationId as string,
    passwordCipher: encryptPassword(GOOD),
  });
}

describe('password.reset', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await setup();
  });
  afterAll(() => t.sandbox.close());

  it('refuses a channel where the voucher is not active', async () => {
    const refusal = await refusalOf(
      t.wechat.call('password.reset', {
        psnNo: PERSONAS.retiree.psnNo,
        newCipher: encryptPassword('640273'),
        faceCheck: FACE,
      }),
    );
    expect(refusal.code).toBe('VOUCHER_NOT_ACTIVE');
  });

  it('sets a new password, lifts the day’s lock and leaves an audit row', async () => {
    await activate(t.wechat, 'employee');
    const psnNo = PERSONAS.employee.psnNo;
    for (let n = 0; n < 5; n += 1)
      await t.wechat.call('password.verify', { psnNo, cipher: encryptPassword(WRONG) });
    expect(await t.wechat.call('voucher.status', { psnNo })).toMatchObject({ passwordLocked: true });

    const weak = await refusalOf(
      t.wechat.call('password.reset', { psnNo, newCipher: encryptPassword('123456'), faceCheck: FACE }),
    );
    expect(weak.code).toBe('PASSWORD_WEAK');
    expect(
      await t.wechat.call('password.reset', { psnNo, newCipher: encryptPassword('640273'), faceCheck: FACE }),
    ).toMatchObject({ psnNo, resetAt: expect.any(String) });
    expect(await t.wechat.call('voucher.status', { psnNo })).toMatchObject({
      passwordLocked: false,
      passwordRemaining: 5,
    });
    expect(
      await t.wechat.call('password.verify', { psnNo, cipher: encryptPassword('640273') }),
    ).toMatchObject({
      ok: true,
    });
    expect(t.audit(psnNo)).toEqual([
      {
        appId: testChannel().appId,
        kind: 'password_reset',
        face: 'wechat:verify-person-changes-1',
        oldPhone: null,
        newPhone: null,
      },
    ]);
  });
});

describe('person.replacePhone', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await setup();
  });
  afterAll(() => t.sandbox.close());

  it('replaces a stopped phone by document, and the claim the stopped phone refused then starts', async () => {
    const person = PERSONAS.phoneChanged;
    const start = () =>
      t.alipay.call('activation.start', { ...documentOf('phoneChanged'), platformUserId: 'alipay-user-1' });
    expect((await refusalOf(start())).code).toBe('RESERVED_PHONE_OUT_OF_SERVICE');
    const answer = await t.alipay.call('person.replacePhone', {
      personRef: documentOf('phoneChanged'),
      newPhone: '13945500099',
      faceCheck: { provider: 'alipay', id: 'certify-1' },
    });
    expect(answer).toMatchObject({ psnNo: person.psnNo, maskedPhone: '139****0099' });
    expect(await start()).toMatchObject({ phone: '13945500099' });
    expect(t.audit(person.psnNo)).toEqual([
      {
        appId: 'YBMTESTALIPAY024',
        kind: 'phone_replace',
        face: 'alipay:certify-1',
        oldPhone: '139****0011',
        newPhone: '139****0099',
      },
    ]);
  });

  it('refuses a name that is not the document’s, an unknown person and a bad number', async () => {
    const call = (person: Record<string, string>, newPhone = '13945500098') =>
      t.wechat.call('person.replacePhone', { personRef: person, newPhone, faceCheck: FACE });
    expect((await refusalOf(call({ ...documentOf('phoneChanged'), name: '张三' }))).code).toBe(
      'NAME_MISMATCH',
    );
    expect((await refusalOf(call({ psnNo: PERSONAS.retiree.psnNo }))).code).toBe('VOUCHER_NOT_ACTIVE');
    expect((await refusalOf(call(documentOf('phoneChanged'), '12345'))).code).toBe('INPUT_INVALID');
  });

  it('by voucher: replaces the phone of the person active on this channel; the same working number is refused', async () => {
    await activate(t.wechat, 'employee');
    const psnNo = PERSONAS.employee.psnNo;
    const same = await refusalOf(
      t.wechat.call('person.replacePhone', {
        personRef: { psnNo },
        newPhone: PERSONAS.employee.phone ?? '',
        faceCheck: FACE,
      }),
    );
    expect(same.code).toBe('PHONE_UNCHANGED');
    expect(
      await t.wechat.call('person.replacePhone', {
        personRef: { psnNo },
        newPhone: '13800000024',
        faceCheck: FACE,
      }),
    ).toMatchObject({ psnNo, maskedPhone: '138****0024' });
    expect(t.sandbox.db.prepare('SELECT phone FROM persons WHERE psn_no = ?').pluck().get(psnNo)).toBe(
      '13800000024',
    );
  });
});
