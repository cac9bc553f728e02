// The voucher password: SM2 cipher in, weak ones refused, salted scrypt hash stored,
// constant-time comparison, five wrong tries a day (Beijing day) and then a lock.
import crypto, { createHash } from 'node:crypto';

import { sm2 } from 'sm-crypto-v2';
import { generateSm2KeyPair, publicKeyHex } from '@ybm/shared/gm';

import { PlatformRefusal } from '../../bff/sandbox/insurance/channel/operation';
import {
  decryptPasswordCipher,
  parseHash,
  passwordState,
  setPassword,
  verifyPassword,
  weakPasswordReason,
} from '../../bff/sandbox/insurance/domain/password';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { PERSONAS, seedDemoData } from '../../bff/sandbox/insurance/seed';
import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { testChannel } from '../support/keys';

const EMPLOYEE = PERSONAS.employee.psnNo; // born 1985-03-12
const GOOD = '135790';
const OTHER = '246813';

function seededRandom() {
  let counter = 0;
  return (size: number) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i += 32) {
      out.set(
        createHash('sha256')
          .update(`seed-${counter++}`)
          .digest()
          .subarray(0, size - i),
        i,
      );
    }
    return out;
  };
}

function setup(start = Date.parse('2025-03-10T02:00:00Z')) {
  let clock = start;
  const db = openDatabase(':memory:', MIGRATIONS);
  const ctx = { db, now: () => clock, random: seededRandom(), platformKeys: testChannel().platformKeys };
  seedDemoData(ctx);
  return {
    ctx,
    db,
    setClock: (ms: number) => {
      clock = ms;
    },
  };
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<PlatformRefusal> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof PlatformRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('weak passwords', () => {
  const birth = '1985-03-12';
  it.each([
    ['000000', '相同'],
    ['777777', '相同'],
    ['123456', '连续'],
    ['012345', '连续'],
    ['654321', '连续'],
    ['543210', '连续'],
    ['789012', '连续'], // a run that wraps past 9
    ['210987', '连续'],
    ['850312', '出生日期'], // YYMMDD
    ['120385', '出生日期'], // DDMMYY
    ['031299', '出生日期'], // MMDD first
    ['903124', '出生日期'], // MMDD inside
    ['990312', '出生日期'], // MMDD last
  ])('refuses %s (%s)', (password, why) => {
    expect(weakPasswordReason(password, birth)).toContain(why);
  });

  it.each(['135790', '246813', '582931', '112233', '850313'])('accepts %s', (password) => {
    expect(weakPasswordReason(password, birth)).toBeUndefined();
  });

  it('checks birth digits only when the birth date is known', () => {
    expect(weakPasswordReason('850312', undefined)).toBeUndefined();
  });
});

describe('decryptPasswordCipher', () => {
  const { platformKeys } = testChannel();
  const encrypt = (plain: string, publicKey = platformKeys.publicKey) =>
    sm2.doEncrypt(plain, publicKeyHex(publicKey), 1);

  it('reads a C1C3C2 cipher made with the platform public key, with or without the 04 prefix', () => {
    const cipher = encrypt(GOOD);
    expect(decryptPasswordCipher({ platformKeys }, cipher)).toBe(GOOD);
    expect(decryptPasswordCipher({ platformKeys }, `04${cipher}`)).toBe(GOOD);
    expect(decryptPasswordCipher({ platformKeys }, cipher.toUpperCase())).toBe(GOOD);
  });

  it.each([
    ['the password itself', GOOD],
    ['not hex', 'zz'.repeat(110)],
    ['cut short', encrypt(GOOD).slice(0, 150)],
    ['another key', encrypt(GOOD, generateSm2KeyPair().publicKey)],
    [
      'a flipped bit in C3',
      ((c: string) => c.slice(0, 130) + (c[130] === '0' ? '1' : '0') + c.slice(131))(encrypt(GOOD)),
    ],
  ])('refuses %s as PASSWORD_CIPHER_INVALID', async (_what, cipher) => {
    expect((await refusal(() => decryptPasswordCipher({ platformKeys }, cipher))).code).toBe(
      'PASSWORD_CIPHER_INVALID',
    );
  });
});

describe('setPassword', () => {
  it('stores a salted scrypt hash with its parameters, never the password', async () => {
    const { ctx, db } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    const row = db.prepare('SELECT hash, salt FROM voucher_passwords WHERE psn_no = ?').get(EMPLOYEE) as {
      hash: string;
      salt: string;
    };
    expect(row.hash).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const parsed = parseHash(row.hash);
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.key).toHaveLength(32);
    expect(row.salt).toBe(parsed.salt.toString('base64'));
    expect(JSON.stringify(db.prepare('SELECT * FROM voucher_passwords').all())).not.toContain(GOOD);
  });

  it('salts every password afresh', async () => {
    const { ctx, db } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    const first = db.prepare('SELECT hash FROM voucher_passwords').pluck().get() as string;
    await setPassword(ctx, EMPLOYEE, GOOD);
    const second = db.prepare('SELECT hash FROM voucher_passwords').pluck().get() as string;
    expect(parseHash(first).salt.equals(parseHash(second).salt)).toBe(false);
    expect(first).not.toBe(second);
  });

  it.each([
    ['12345', 'PASSWORD_FORMAT'],
    ['1234567', 'PASSWORD_FORMAT'],
    ['12a456', 'PASSWORD_FORMAT'],
    ['١٣٥٧٩٠', 'PASSWORD_FORMAT'], // digits, but not ASCII ones
    ['111111', 'PASSWORD_WEAK'],
    ['850312', 'PASSWORD_WEAK'],
  ])('refuses %s with %s and writes nothing', async (password, code) => {
    const { ctx, db } = setup();
    expect((await refusal(setPassword(ctx, EMPLOYEE, password))).code).toBe(code);
    expect(db.prepare('SELECT count(*) FROM voucher_passwords').pluck().get()).toBe(0);
  });

  it('does not replace a password when asked only to create one', async () => {
    const { ctx } = setup();
    expect(await setPassword(ctx, EMPLOYEE, GOOD, { onlyIfAbsent: true })).toBe(true);
    expect(await setPassword(ctx, EMPLOYEE, OTHER, { onlyIfAbsent: true })).toBe(false);
    expect(await verifyPassword(ctx, EMPLOYEE, GOOD)).toEqual({ ok: true });
  });
});

describe('verifyPassword', () => {
  it('accepts the password and refuses another, counting down the day’s tries', async () => {
    const { ctx } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    expect(await verifyPassword(ctx, EMPLOYEE, GOOD)).toEqual({ ok: true });
    expect(await verifyPassword(ctx, EMPLOYEE, OTHER)).toEqual({ ok: false, remaining: 4, locked: false });
    expect(await verifyPassword(ctx, EMPLOYEE, OTHER)).toEqual({ ok: false, remaining: 3, locked: false });
  });

  it('gives the tries back after a right password', async () => {
    const { ctx } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    await verifyPassword(ctx, EMPLOYEE, OTHER);
    await verifyPassword(ctx, EMPLOYEE, OTHER);
    await verifyPassword(ctx, EMPLOYEE, GOOD);
    expect(passwordState(ctx, EMPLOYEE)).toEqual({ set: true, remaining: 5, locked: false });
  });

  it('locks after five wrong tries, even against the right password, until the Beijing day ends', async () => {
    // 23:00 in Beijing on 10 March is 15:00 UTC.
    const { ctx, setClock } = setup(Date.parse('2025-03-10T15:00:00Z'));
    await setPassword(ctx, EMPLOYEE, GOOD);
    const remaining = [];
    for (let i = 0; i < 5; i += 1) remaining.push(await verifyPassword(ctx, EMPLOYEE, OTHER));
    expect(remaining.map((r) => !r.ok && r.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(remaining[4]).toEqual({ ok: false, remaining: 0, locked: true });
    expect(await verifyPassword(ctx, EMPLOYEE, GOOD)).toEqual({ ok: false, remaining: 0, locked: true });

    setClock(Date.parse('2025-03-10T15:59:59Z')); // 23:59:59 Beijing: still the same day
    expect(await verifyPassword(ctx, EMPLOYEE, GOOD)).toMatchObject({ ok: false, locked: true });
    setClock(Date.parse('2025-03-10T16:00:00Z')); // midnight Beijing, though still the 10th in UTC
    expect(passwordState(ctx, EMPLOYEE)).toEqual({ set: true, remaining: 5, locked: false });
    expect(await verifyPassword(ctx, EMPLOYEE, GOOD)).toEqual({ ok: true });
  });

  it('lets a burst of concurrent guesses try no more than five', async () => {
    const { ctx } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    const results = await Promise.all(Array.from({ length: 8 }, () => verifyPassword(ctx, EMPLOYEE, OTHER)));
    const counted = results.filter((r) => !r.ok && r.remaining < 5);
    expect(counted.map((r) => !r.ok && r.remaining).sort()).toEqual([0, 0, 0, 0, 1, 2, 3, 4]);
    expect(passwordState(ctx, EMPLOYEE).locked).toBe(true);
  });

  it('accepts the right password checked many times at once, and counts none of them', async () => {
    const { ctx } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    const results = await Promise.all(Array.from({ length: 8 }, () => verifyPassword(ctx, EMPLOYEE, GOOD)));
    expect(results).toEqual(Array.from({ length: 8 }, () => ({ ok: true })));
    expect(passwordState(ctx, EMPLOYEE)).toEqual({ set: true, remaining: 5, locked: false });
  });

  it('counts every wrong try sent with a right one: the right one gives back only what came before it', async () => {
    const { ctx } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    const results = await Promise.all([
      verifyPassword(ctx, EMPLOYEE, GOOD),
      ...Array.from({ length: 4 }, () => verifyPassword(ctx, EMPLOYEE, OTHER)),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.remaining))).toEqual(['ok', 4, 3, 2, 1]);
    expect(passwordState(ctx, EMPLOYEE)).toEqual({ set: true, remaining: 1, locked: false });
  });

  it('holds the lock against a right password sent while the fifth wrong one is being checked', async () => {
    const { ctx } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => verifyPassword(ctx, EMPLOYEE, OTHER)),
      verifyPassword(ctx, EMPLOYEE, GOOD),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.remaining))).toEqual([4, 3, 2, 1, 0, 0]);
    expect(results[5]).toEqual({ ok: false, remaining: 0, locked: true });
    expect(passwordState(ctx, EMPLOYEE)).toEqual({ set: true, remaining: 0, locked: true });
  });

  it('compares the derived keys with timingSafeEqual, right or wrong', async () => {
    const { ctx } = setup();
    await setPassword(ctx, EMPLOYEE, GOOD);
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      await verifyPassword(ctx, EMPLOYEE, GOOD);
      await verifyPassword(ctx, EMPLOYEE, '135791'); // one digit off
      await verifyPassword(ctx, EMPLOYEE, '999999'); // nothing alike
      expect(spy).toHaveBeenCalledTimes(3);
      for (const [a, b] of spy.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a person without a password as PASSWORD_NOT_SET', async () => {
    const { ctx } = setup();
    expect((await refusal(verifyPassword(ctx, EMPLOYEE, GOOD))).code).toBe('PASSWORD_NOT_SET');
  });
});
