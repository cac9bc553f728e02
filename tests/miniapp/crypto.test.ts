import { randomFillSync } from 'node:crypto';

import { sm2 } from 'sm-crypto-v2';

import type * as CryptoModuleExports from '../../miniapp/src/services/crypto';

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
  it('fills sm-crypto-v2’s pool from wx.getRandomValues', async () => {
    const getRandomValues = platformRandom();
    const { encryptPassword } = loadAs('weapp', { wx: { getRandomValues, canIUse: () => true } });

    const cipher = await encryptPassword(PASSWORD, keys.publicKey);
    expect(getRandomValues).toHaveBeenCalled();
    expect(sm2.doDecrypt(cipher, keys.privateKey, 1)).toBe(PASSWORD);
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
  it('refuses to encrypt, with a clear message, when the platform has no secure random source', async () => {
    const random = jest.spyOn(Math, 'random');
    const { encryptPassword, ensureSecureRandom } = loadAs('alipay', { my: { canIUse: () => false } });

    await expect(ensureSecureRandom()).rejects.toMatchObject({ code: 'SECURE_RANDOM_UNAVAILABLE' });
    await expect(encryptPassword(PASSWORD, keys.publicKey)).rejects.toMatchObject({
      code: 'SECURE_RANDOM_UNAVAILABLE',
    });
    expect(random).not.toHaveBeenCalled();
  });

  it('installs a crypto.getRandomValues pool from my.getRandomValues when a base library has it', async () => {
    const getRandomValues = platformRandom();
    const { encryptPassword } = loadAs('alipay', { my: { getRandomValues, canIUse: () => true } });

    const cipher = await encryptPassword(PASSWORD, keys.publicKey);
    expect(getRandomValues).toHaveBeenCalledWith(expect.objectContaining({ length: 4096 }));
    expect(sm2.doDecrypt(cipher, keys.privateKey, 1)).toBe(PASSWORD);

    // The shim hands out pool bytes only: asking for more than it holds is refused, not faked.
    const shim = (globalThis as { crypto?: Crypto }).crypto!;
    expect(() => shim.getRandomValues(new Uint8Array(1 << 20))).toThrow(/安全加密/);
  });

  it('refuses when my.getRandomValues answers with the wrong number of bytes', async () => {
    const getRandomValues = jest.fn(
      ({ success }: { success: (res: { randomValues: ArrayBuffer }) => void }) =>
        success({ randomValues: new ArrayBuffer(8) }),
    );
    const { ensureSecureRandom } = loadAs('alipay', { my: { getRandomValues, canIUse: () => true } });
    await expect(ensureSecureRandom()).rejects.toMatchObject({ code: 'SECURE_RANDOM_UNAVAILABLE' });
  });
});
