import { randomFillSync } from 'node:crypto';

import { sm2 } from 'sm-crypto-v2';

import type * as CryptoModuleExports from '../../miniapp/src/services/crypto';
import { newRequestId } from '../../miniapp/src/services/bills';
import type * as PlatformSeed from '../../miniapp/src/services/random/platform-seed';
import {
  RSA_SEED_CALLS,
  RSA_SEED_TEXT,
  THROWAWAY_RSA_PUBLIC_KEY,
} from '../../miniapp/src/services/random/platform-seed';
import { SECURE_RANDOM_UNAVAILABLE } from '../../miniapp/src/services/random/unavailable';
import { alipayMy, loadAsAlipay } from '../support/alipay-phone';

type CryptoModule = typeof CryptoModuleExports;

const PASSWORD = '824617';
const keys = sm2.generateKeyPairHex();
const global = globalThis as Record<string, unknown>;
const nativeCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');

/** Loads the crypto module afresh as the given platform would, with the given globals. */
function loadAs(
  platform: 'weapp' | 'alipay' | undefined,
  globals: { crypto?: boolean; my?: unknown; wx?: unknown },
) {
  if (platform) process.env.TARO_ENV = platform;
  else delete process.env.TARO_ENV;
  if (!globals.crypto) delete global.crypto;
  if (globals.my) global.my = globals.my;
  if (globals.wx) global.wx = globals.wx;
  let loaded: CryptoModule | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<CryptoModule>('../../miniapp/src/services/crypto');
  });
  return loaded!;
}

/** A platform random API in the wx/my callback style, backed by Node's CSPRNG. */
function platformRandom() {
  return jest.fn(
    ({ length, success }: { length: number; success: (res: { randomValues: ArrayBuffer }) => void }) => {
      const bytes = new Uint8Array(length);
      randomFillSync(bytes);
      success({ randomValues: bytes.buffer });
    },
  );
}

afterEach(() => {
  delete process.env.TARO_ENV;
  delete global.my;
  delete global.wx;
  if (nativeCrypto) Object.defineProperty(globalThis, 'crypto', nativeCrypto);
  jest.restoreAllMocks();
});

describe('encryptPassword (H5: the browser’s crypto.getRandomValues)', () => {
  it('makes an SM2 C1C3C2 cipher that the platform’s private key opens', async () => {
    const { encryptPassword } = loadAs(undefined, { crypto: true });
    const cipher = await encryptPassword(PASSWORD, keys.publicKey);

    expect(cipher).toMatch(/^[0-9a-f]+$/);
    // C1 (64 bytes) + C3 (32) + C2 (6): 204 hex characters.
    expect(cipher).toHaveLength(204);
    expect(sm2.doDecrypt(cipher, keys.privateKey, 1)).toBe(PASSWORD);
  });

  it('never carries the digits in clear, and differs every time', async () => {
    const { encryptPassword } = loadAs(undefined, { crypto: true });
    const ciphers = await Promise.all([1, 2, 3].map(() => encryptPassword(PASSWORD, keys.publicKey)));

    for (const cipher of ciphers) expect(cipher).not.toContain(PASSWORD);
    expect(new Set(ciphers).size).toBe(3);
  });

  it('never draws on Math.random', async () => {
    const random = jest.spyOn(Math, 'random');
    const { encryptPassword } = loadAs(undefined, { crypto: true });
    await encryptPassword(PASSWORD, keys.publicKey);
    expect(random).not.toHaveBeenCalled();
  });

  it('refuses anything but six digits, and a key that is not an SM2 public key', async () => {
    const { encryptPassword } = loadAs(undefined, { crypto: true });
    await expect(encryptPassword('12345', keys.publicKey)).rejects.toThrow(RangeError);
    await expect(encryptPassword('12345a', keys.publicKey)).rejects.toThrow(RangeError);
    await expect(encryptPassword(PASSWORD, keys.privateKey)).rejects.toThrow(RangeError);
  });
});

describe('secure random on WeChat', () => {
  it('seeds the DRBG from wx.getRandomValues, and SM2 draws from it', async () => {
    const getRandomValues = platformRandom();
    const { encryptPassword } = loadAs('weapp', { wx: { getRandomValues, canIUse: () => true } });

    const cipher = await encryptPassword(PASSWORD, keys.publicKey);
    expect(getRandomValues).toHaveBeenCalledWith(expect.objectContaining({ length: 48 }));
    expect(sm2.doDecrypt(cipher, keys.privateKey, 1)).toBe(PASSWORD);
    // Reseeded on every use.
    await encryptPassword(PASSWORD, keys.publicKey);
    expect(getRandomValues).toHaveBeenCalledTimes(2);
  });

  it('refuses to encrypt without wx.getRandomValues', async () => {
    const { encryptPassword } = loadAs('weapp', { wx: { canIUse: () => false } });
    await expect(encryptPassword(PASSWORD, keys.publicKey)).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
      message: expect.stringContaining('升级'),
    });
  });
});

describe('secure random on Alipay', () => {
  let phone: ReturnType<typeof loadAsAlipay> | undefined;
  afterEach(() => {
    phone?.restore();
    phone = undefined;
  });

  it('refuses to encrypt, with a clear message, when the platform has no secure random source', async () => {
    const random = jest.spyOn(Math, 'random');
    phone = loadAsAlipay({ canIUse: () => false });

    await expect(phone.crypto.ensureSecureRandom()).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
      message: SECURE_RANDOM_UNAVAILABLE,
    });
    await expect(phone.crypto.encryptPassword(PASSWORD, keys.publicKey)).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
    });
    expect(random).not.toHaveBeenCalled();
  });

  it('seeds from my.rsa: SM3 over four ciphertexts of a fixed text under a throwaway RSA-2048 key', async () => {
    const { my, rsaCalls } = alipayMy();
    phone = loadAsAlipay(my);
    const cipher = await phone.crypto.encryptPassword(PASSWORD, keys.publicKey);

    expect(rsaCalls).toHaveLength(RSA_SEED_CALLS);
    for (const call of rsaCalls) {
      expect(call).toEqual({ action: 'encrypt', text: RSA_SEED_TEXT, key: THROWAWAY_RSA_PUBLIC_KEY });
    }
    expect(phone.secureRandom.secureRandomSource()).toBe('my.rsa');
    // C1C3C2, opened by the platform's private key.
    expect(cipher).toHaveLength(204);
    expect(sm2.doDecrypt(cipher, keys.privateKey, 1)).toBe(PASSWORD);
    // Reseeded (four more calls) on the next use, and a different cipher again.
    const again = await phone.crypto.encryptPassword(PASSWORD, keys.publicKey);
    expect(rsaCalls).toHaveLength(2 * RSA_SEED_CALLS);
    expect(again).not.toBe(cipher);
  });

  it('draws a different seed every time', async () => {
    const { my } = alipayMy();
    phone = loadAsAlipay(my);
    const { drawPlatformSeed } = jest.requireActual<typeof PlatformSeed>(
      '../../miniapp/src/services/random/platform-seed',
    );
    const [first, second] = [
      await drawPlatformSeed(phone.crypto.SM3_HASH),
      await drawPlatformSeed(phone.crypto.SM3_HASH),
    ];
    expect(first.source).toBe('my.rsa');
    expect(first.entropy).toHaveLength(RSA_SEED_CALLS * 32);
    expect(Buffer.from(first.entropy).equals(Buffer.from(second.entropy))).toBe(false);
  });

  it('fills the SM2 library’s random pool from this source alone', async () => {
    const { my } = alipayMy();
    phone = loadAsAlipay(my);
    // There was no globalThis.crypto when sm-crypto-v2 loaded: it took the DRBG the module
    // installed, so before a seed arrives it cannot encrypt — it did not find another source
    // (such as Node's crypto, which it would otherwise import).
    const installed = phone.installed!;
    expect(installed).toBeDefined();
    expect(() => phone!.sm2.doEncrypt(PASSWORD, keys.publicKey, 1)).toThrow(SECURE_RANDOM_UNAVAILABLE);

    // (Spied only now: jest's own stack formatting for the expected throw above uses it.)
    const random = jest.spyOn(Math, 'random');
    const draws = jest.spyOn(installed, 'getRandomValues');
    await phone.crypto.ensureSecureRandom();
    const cipher = phone.sm2.doEncrypt(PASSWORD, keys.publicKey, 1);
    expect(draws).toHaveBeenCalled();
    expect(sm2.doDecrypt(cipher, keys.privateKey, 1)).toBe(PASSWORD);
    expect(random).not.toHaveBeenCalled();
  });

  it('makes payment request ids from the same source', async () => {
    const { my } = alipayMy();
    phone = loadAsAlipay(my);
    expect(() => newRequestId(phone!.crypto.secureRandomBytes)).toThrow(SECURE_RANDOM_UNAVAILABLE);

    await phone.crypto.ensureSecureRandom();
    const draws = jest.spyOn(phone.installed!, 'getRandomValues');
    const ids = [newRequestId(phone.crypto.secureRandomBytes), newRequestId(phone.crypto.secureRandomBytes)];
    expect(draws).toHaveBeenCalledTimes(2);
    for (const id of ids) expect(id).toMatch(/^pay-[0-9a-z]+-[a-z2-7]{16}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('uses my.getRandomValues instead where a base library has it', async () => {
    const getRandomValues = platformRandom();
    const { my, rsaCalls } = alipayMy({ extra: { getRandomValues } });
    phone = loadAsAlipay(my);
    const cipher = await phone.crypto.encryptPassword(PASSWORD, keys.publicKey);
    expect(getRandomValues).toHaveBeenCalledWith(expect.objectContaining({ length: 48 }));
    expect(rsaCalls).toHaveLength(0);
    expect(phone.secureRandom.secureRandomSource()).toBe('my.getRandomValues');
    expect(sm2.doDecrypt(cipher, keys.privateKey, 1)).toBe(PASSWORD);
  });

  it('refuses a my.rsa that pads the same way every time', async () => {
    const fixed = Buffer.alloc(256, 7).toString('base64');
    phone = loadAsAlipay({
      canIUse: () => true,
      rsa: ({ success }: { success: (res: { text: string }) => void }) => success({ text: fixed }),
    });
    await expect(phone.crypto.ensureSecureRandom()).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
    });
  });

  it('refuses when my.rsa fails or answers something that is not a 2048-bit ciphertext', async () => {
    phone = loadAsAlipay({
      canIUse: () => true,
      rsa: ({ fail }: { fail: (failure: object) => void }) => fail({ error: 10, errorMessage: '参数错误' }),
    });
    await expect(phone.crypto.ensureSecureRandom()).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
    });
    phone.restore();
    phone = loadAsAlipay({
      canIUse: () => true,
      rsa: ({ success }: { success: (res: { text: string }) => void }) => success({ text: 'c2hvcnQ=' }),
    });
    await expect(phone.crypto.ensureSecureRandom()).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
    });
  });

  it('refuses when my.getRandomValues answers with the wrong number of bytes', async () => {
    const getRandomValues = jest.fn(
      ({ success }: { success: (res: { randomValues: ArrayBuffer }) => void }) =>
        success({ randomValues: new ArrayBuffer(8) }),
    );
    phone = loadAsAlipay({ getRandomValues, canIUse: () => true });
    await expect(phone.crypto.ensureSecureRandom()).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
    });
  });
});
