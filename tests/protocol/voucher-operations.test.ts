// Claiming the voucher and its password over the channel API, as the BFF does it: every
// refusal of activation.start, finish setting the password, 一键同步 on the second platform,
// wrong tries and the lock, change, unbinding. Passwords travel only as SM2 ciphertext.
import type { Json } from '@ybm/shared/gm';

import { InsuranceRefusal, type InsuranceTransport } from '../../bff/src/clients/insurance';
import { PERSONAS, residentId } from '../../bff/sandbox/insurance/seed';
import { testChannel } from '../support/keys';
import { channelClient, encryptPassword, registerChannel } from '../support/payments';
import { startInsuranceSandbox } from '../support/servers';

const GOOD = '135790';
const OTHER = '246813';
const ALIPAY = 'YBMTESTALIPAY001';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Sandbox = Awaited<ReturnType<typeof startInsuranceSandbox>>;

async function setup() {
  let clock = Date.parse('2025-03-10T02:00:00Z');
  const now = () => clock;
  const sandbox = await startInsuranceSandbox({ now, seed: true });
  const sent: string[] = [];
  const wechatView = testChannel().bffView;
  const alipayView = registerChannel(sandbox.context.channels, ALIPAY);
  const wechat = recording(channelClient(sandbox.url, wechatView, now), sent);
  const alipay = recording(channelClient(sandbox.url, alipayView, now), sent);
  return {
    sandbox,
    wechat,
    alipay,
    sent,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** Keeps every operation's plaintext input, to show what the BFF had to put on the wire. */
function recording(client: InsuranceTransport, sent: string[]): InsuranceTransport {
  return {
    call: (method, data) => {
      sent.push(JSON.stringify(data));
      return client.call(method, data);
    },
    request: (path, data) => client.request(path, data),
  };
}

async function refusalOf(promise: Promise<unknown>): Promise<InsuranceRefusal> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InsuranceRefusal);
  return error as InsuranceRefusal;
}

const claimOf = (key: keyof typeof PERSONAS, overrides: Record<string, string> = {}) => ({
  docType: PERSONAS[key].docType,
  docNumber: PERSONAS[key].docNumber,
  name: PERSONAS[key].name,
  platformUserId: `openid-${key}`,
  ...overrides,
});

async function activate(client: InsuranceTransport, key: keyof typeof PERSONAS, password = GOOD) {
  const started = (await client.call('activation.start', claimOf(key))) as Record<string, Json>;
  await client.call('activation.finish', {
    activationId: started.activationId as string,
    passwordCipher: encryptPassword(password),
  });
  return started;
}

describe('activation.start', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  const notInsured = residentId('231202', '1991-04-05', '017');
  beforeAll(async () => {
    t = await setup();
    // A person on record with no insurance record at all (no persona is like that).
    t.sandbox.db
      .prepare(
        `INSERT INTO persons (psn_no, name, gender, birth_date, phone, region_code, created_at)
         VALUES ('23129999999999', '钱多多', '1', '1991-04-05', '13900000000', '231200', 'x')`,
      )
      .run();
    t.sandbox.db
      .prepare(
        "INSERT INTO person_documents (psn_no, doc_type, doc_number) VALUES ('23129999999999', 'resident_id', ?)",
      )
      .run(notInsured);
  });
  afterAll(() => t.sandbox.close());

  it('answers the claim: masked name, the whole reserved phone, where it is active, whether a password exists', async () => {
    const started = await t.wechat.call('activation.start', claimOf('employee'));
    expect(started).toMatchObject({
      psnNo: PERSONAS.employee.psnNo,
      maskedName: '张*',
      phone: PERSONAS.employee.phone,
      passwordSet: false,
    });
    expect((started as Record<string, Json>).activationId).toMatch(/^ACT[0-9A-F]{24}$/);
    expect((started as Record<string, Json>).activatedOn).toBeUndefined(); // [] is dropped by the envelope
  });

  it('finds foreign documents and tolerates spacing and case in names', async () => {
    const started = await t.wechat.call(
      'activation.start',
      claimOf('foreignPassport', { name: ' john  smith ' }),
    );
    expect(started).toMatchObject({ psnNo: PERSONAS.foreignPassport.psnNo });
  });

  const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  it.each([
    ['DOCUMENT_INVALID', { ...claimOf('employee'), docNumber: badCheck(PERSONAS.employee.docNumber) }],
    ['PERSON_NOT_FOUND', { ...claimOf('employee'), docNumber: residentId('231202', '1990-01-01', '999') }],
    ['MULTIPLE_PERSON_RECORDS', claimOf('duplicateRecords')],
    ['NAME_MISMATCH', claimOf('employee', { name: '张三' })],
    ['NOT_INSURED', { docType: 'resident_id', docNumber: notInsured, name: '钱多多', platformUserId: 'u' }],
    ['INSURANCE_SUSPENDED', claimOf('suspended')],
    ['INSURED_TOO_RECENTLY', claimOf('newlyInsured')],
    ['NO_PHONE_ON_RECORD', claimOf('elder')],
    ['RESERVED_PHONE_OUT_OF_SERVICE', claimOf('phoneChanged')],
    ['INPUT_INVALID', { ...claimOf('employee'), docType: 'library_card' }],
  ])('refuses with %s', async (code, claim) => {
    const refusal = await refusalOf(t.wechat.call('activation.start', claim));
    expect(refusal.code).toBe(code);
    expect(refusal.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('names the reserved phone that stopped working, masked, and only that one', async () => {
    const stopped = await refusalOf(t.wechat.call('activation.start', claimOf('phoneChanged')));
    expect(stopped.message).toContain('139****0011');
    expect(stopped.message).not.toContain(PERSONAS.phoneChanged.phone ?? '-');
    const none = await refusalOf(t.wechat.call('activation.start', claimOf('elder')));
    expect(none.message).toContain('没有预留手机号');
  });

  it('says from which day the newly insured can claim (insured date + 2 months)', async () => {
    const insured = t.sandbox.db
      .prepare('SELECT insured_date FROM insurance_records WHERE psn_no = ?')
      .pluck()
      .get(PERSONAS.newlyInsured.psnNo) as string;
    const from = new Date(`${insured}T00:00:00Z`);
    from.setUTCMonth(from.getUTCMonth() + 2);
    const refusal = await refusalOf(t.wechat.call('activation.start', claimOf('newlyInsured')));
    expect(refusal.message).toContain(from.toISOString().slice(0, 10));
  });

  it('writes nothing for a refused claim', () => {
    const psnNos = [
      PERSONAS.suspended.psnNo,
      PERSONAS.newlyInsured.psnNo,
      PERSONAS.elder.psnNo,
      PERSONAS.phoneChanged.psnNo,
    ];
    const rows = t.sandbox.db
      .prepare(`SELECT count(*) FROM activations WHERE psn_no IN (?, ?, ?, ?)`)
      .pluck()
      .get(...psnNos);
    expect(rows).toBe(0);
  });
});

describe('activation.finish and the password', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(() => t.sandbox.close());

  const voucherStatus = (sandbox: Sandbox, appId: string) =>
    sandbox.db
      .prepare('SELECT status FROM vouchers WHERE psn_no = ? AND app_id = ?')
      .pluck()
      .get(PERSONAS.employee.psnNo, appId);

  it('sets the password and makes the voucher active on this channel', async () => {
    const started = (await t.wechat.call('activation.start', claimOf('employee'))) as Record<string, Json>;
    expect(voucherStatus(t.sandbox, testChannel().appId)).toBe('pending');
    const finished = await t.wechat.call('activation.finish', {
      activationId: started.activationId as string,
      passwordCipher: encryptPassword(GOOD),
    });
    expect(finished).toEqual({
      psnNo: PERSONAS.employee.psnNo,
      activatedAt: '2025-03-10T02:00:00.000Z',
      synced: false,
    });
    expect(voucherStatus(t.sandbox, testChannel().appId)).toBe('active');
    const status = await t.wechat.call('voucher.status', { psnNo: PERSONAS.employee.psnNo });
    expect(status).toMatchObject({
      activatedOn: [testChannel().appId],
      passwordSet: true,
      passwordRemaining: 5,
    });
  });

  it('refuses a weak password and lets the same claim finish with a better one', async () => {
    const started = (await t.wechat.call('activation.start', claimOf('employee'))) as Record<string, Json>;
    const activationId = started.activationId as string;
    for (const weak of ['123456', '888888', '850312']) {
      const refusal = await refusalOf(
        t.wechat.call('activation.finish', { activationId, passwordCipher: encryptPassword(weak) }),
      );
      expect(refusal.code).toBe('PASSWORD_WEAK');
    }
    expect(voucherStatus(t.sandbox, testChannel().appId)).toBe('pending');
    await t.wechat.call('activation.finish', { activationId, passwordCipher: encryptPassword(GOOD) });
    expect(voucherStatus(t.sandbox, testChannel().appId)).toBe('active');
  });

  it('on the second platform verifies the existing password instead of setting one (一键同步)', async () => {
    await activate(t.wechat, 'employee');
    const started = (await t.alipay.call('activation.start', claimOf('employee'))) as Record<string, Json>;
    expect(started).toMatchObject({ activatedOn: [testChannel().appId], passwordSet: true });
    const wrong = await refusalOf(
      t.alipay.call('activation.finish', {
        activationId: started.activationId as string,
        passwordCipher: encryptPassword(OTHER),
      }),
    );
    expect(wrong.code).toBe('PASSWORD_WRONG');
    expect(wrong.message).toContain('4');
    expect(voucherStatus(t.sandbox, ALIPAY)).toBe('pending');
    const synced = await t.alipay.call('activation.finish', {
      activationId: started.activationId as string,
      passwordCipher: encryptPassword(GOOD),
    });
    expect(synced).toMatchObject({ synced: true });
    expect(voucherStatus(t.sandbox, ALIPAY)).toBe('active');
    // The password was not replaced by the second platform's entry.
    expect(
      await t.wechat.call('password.verify', {
        psnNo: PERSONAS.employee.psnNo,
        cipher: encryptPassword(GOOD),
      }),
    ).toMatchObject({ ok: true });
  });

  it('refuses unknown, foreign and expired claims', async () => {
    const started = (await t.wechat.call('activation.start', claimOf('employee'))) as Record<string, Json>;
    const finish = (client: InsuranceTransport, activationId: string) =>
      client.call('activation.finish', { activationId, passwordCipher: encryptPassword(GOOD) });
    expect((await refusalOf(finish(t.wechat, 'ACT000000000000000000000000'))).code).toBe(
      'ACTIVATION_NOT_FOUND',
    );
    expect((await refusalOf(finish(t.alipay, started.activationId as string))).code).toBe(
      'ACTIVATION_NOT_FOUND',
    );
    t.advance(31 * MINUTE);
    expect((await refusalOf(finish(t.wechat, started.activationId as string))).code).toBe(
      'ACTIVATION_EXPIRED',
    );
  });

  it('refuses a second account of the same platform while the voucher is bound', async () => {
    await activate(t.wechat, 'employee');
    const refusal = await refusalOf(
      t.wechat.call('activation.start', claimOf('employee', { platformUserId: 'openid-someone-else' })),
    );
    expect(refusal.code).toBe('VOUCHER_BOUND_TO_ANOTHER_ACCOUNT');
  });

  it('counts wrong passwords, locks after five for the day, and opens again the next day', async () => {
    await activate(t.wechat, 'employee');
    const verify = (password: string) =>
      t.wechat.call('password.verify', { psnNo: PERSONAS.employee.psnNo, cipher: encryptPassword(password) });
    expect(await verify(OTHER)).toEqual({ ok: false, remaining: 4, locked: false });
    for (const remaining of [3, 2, 1]) expect(await verify(OTHER)).toMatchObject({ remaining });
    expect(await verify(OTHER)).toEqual({ ok: false, remaining: 0, locked: true });
    expect((await refusalOf(verify(GOOD))).code).toBe('PASSWORD_LOCKED');
    expect(await t.wechat.call('voucher.status', { psnNo: PERSONAS.employee.psnNo })).toMatchObject({
      passwordLocked: true,
    });
    t.advance(DAY);
    expect(await verify(GOOD)).toEqual({ ok: true, remaining: 5, locked: false });
  });

  it('changes the password: the old one must be right, the new one strong', async () => {
    await activate(t.wechat, 'employee');
    const psnNo = PERSONAS.employee.psnNo;
    const change = (oldPw: string, newPw: string) =>
      t.wechat.call('password.change', {
        psnNo,
        oldCipher: encryptPassword(oldPw),
        newCipher: encryptPassword(newPw),
      });
    expect((await refusalOf(change(OTHER, '582931'))).code).toBe('PASSWORD_WRONG');
    expect(await t.wechat.call('voucher.status', { psnNo })).toMatchObject({ passwordRemaining: 4 });
    // A weak new password is refused before the old one is checked: it costs no try.
    expect((await refusalOf(change(OTHER, '111111'))).code).toBe('PASSWORD_WEAK');
    expect(await t.wechat.call('voucher.status', { psnNo })).toMatchObject({ passwordRemaining: 4 });
    expect((await refusalOf(change(GOOD, GOOD))).code).toBe('PASSWORD_UNCHANGED');
    expect(await change(GOOD, '582931')).toMatchObject({ psnNo });
    expect(await t.wechat.call('password.verify', { psnNo, cipher: encryptPassword(GOOD) })).toMatchObject({
      ok: false,
    });
    expect(
      await t.wechat.call('password.verify', { psnNo, cipher: encryptPassword('582931') }),
    ).toMatchObject({ ok: true });
  });

  it('unbinds from one channel only; the other channel and the password stay', async () => {
    await activate(t.wechat, 'employee');
    await activate(t.alipay, 'employee');
    const psnNo = PERSONAS.employee.psnNo;
    expect(await t.wechat.call('voucher.revoke', { psnNo })).toMatchObject({ psnNo });
    expect(voucherStatus(t.sandbox, testChannel().appId)).toBe('revoked');
    expect(voucherStatus(t.sandbox, ALIPAY)).toBe('active');
    expect((await refusalOf(t.wechat.call('voucher.revoke', { psnNo }))).code).toBe('VOUCHER_NOT_ACTIVE');
    expect(
      (await refusalOf(t.wechat.call('password.verify', { psnNo, cipher: encryptPassword(GOOD) }))).code,
    ).toBe('VOUCHER_NOT_ACTIVE');
    expect(await t.alipay.call('voucher.status', { psnNo })).toMatchObject({
      activatedOn: [ALIPAY],
      passwordSet: true,
      thisChannel: { status: 'active' },
    });
    // Claiming again on the unbound channel is 一键同步 with the same password.
    const again = (await t.wechat.call('activation.start', claimOf('employee'))) as Record<string, Json>;
    expect(again).toMatchObject({ passwordSet: true });
  });

  it('only ever puts the password on the wire as SM2 ciphertext', async () => {
    await activate(t.wechat, 'employee');
    await activate(t.alipay, 'employee');
    const psnNo = PERSONAS.employee.psnNo;
    await t.wechat.call('password.verify', { psnNo, cipher: encryptPassword(OTHER) });
    await t.wechat.call('password.change', {
      psnNo,
      oldCipher: encryptPassword(GOOD),
      newCipher: encryptPassword('582931'),
    });
    for (const body of t.sent) {
      for (const password of [GOOD, OTHER, '582931']) expect(body).not.toContain(password);
    }
    const stored = JSON.stringify(t.sandbox.db.prepare('SELECT * FROM voucher_passwords').all());
    for (const password of [GOOD, OTHER, '582931']) expect(stored).not.toContain(password);
    // And a password sent in the clear is not accepted as a cipher.
    const started = (await t.wechat.call('activation.start', claimOf('retiree'))) as Record<string, Json>;
    const refusal = await refusalOf(
      t.wechat.call('activation.finish', {
        activationId: started.activationId as string,
        passwordCipher: GOOD,
      }),
    );
    expect(refusal.code).toBe('PASSWORD_CIPHER_INVALID');
  });
});
