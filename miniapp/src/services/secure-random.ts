// A cryptographically secure random source for SM2, per platform. SM2 encryption draws a
// fresh ephemeral key each time; a guessable one would let anyone recover the password from
// the ciphertext, so there is never a Math.random fallback: no secure source, no encryption.
//
// - H5: the browser's crypto.getRandomValues.
// - WeChat: sm-crypto-v2 fills its own pool from wx.getRandomValues (sm2.initRNGPool()).
// - Alipay: no documented secure random API and no global crypto in the logic layer. If a
//   base library offers crypto.getRandomValues or my.getRandomValues, a pool filled from
//   my.getRandomValues is installed as globalThis.crypto.getRandomValues; otherwise refuse.
//
// Imported before sm-crypto-v2, so that on Alipay sm-crypto-v2 finds the shim when it loads.
import { localError, type ApiError } from './api-error';

export const SECURE_RANDOM_UNAVAILABLE = '当前客户端版本不支持安全加密，无法设置密码，请升级到最新版本后重试';

export function secureRandomUnavailable(): ApiError {
  return localError('SECURE_RANDOM_UNAVAILABLE', SECURE_RANDOM_UNAVAILABLE);
}

type RandomFill = <T extends ArrayBufferView | null>(array: T) => T;

interface CryptoLike {
  getRandomValues: RandomFill;
}

const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let filling: Promise<void> | undefined;

function globalCrypto(): CryptoLike | undefined {
  const candidate = (globalThis as { crypto?: Partial<CryptoLike> }).crypto;
  return typeof candidate?.getRandomValues === 'function' ? (candidate as CryptoLike) : undefined;
}

function alipayHasRandomValues(): boolean {
  return typeof my !== 'undefined' && typeof my.getRandomValues === 'function';
}

function fetchAlipayRandom(length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const getRandomValues = my.getRandomValues;
    if (!getRandomValues) {
      reject(secureRandomUnavailable());
      return;
    }
    getRandomValues.call(my, {
      length,
      success: (res) => {
        const bytes = res.randomValues instanceof ArrayBuffer ? new Uint8Array(res.randomValues) : undefined;
        if (bytes && bytes.length === length) resolve(bytes);
        else reject(secureRandomUnavailable());
      },
      fail: () => reject(secureRandomUnavailable()),
    });
  });
}

function refill(): Promise<void> {
  filling ??= fetchAlipayRandom(POOL_SIZE)
    .then((bytes) => {
      const merged = new Uint8Array(pool.length + bytes.length);
      merged.set(pool);
      merged.set(bytes, pool.length);
      pool = merged;
    })
    .finally(() => {
      filling = undefined;
    });
  return filling;
}

/** Synchronous crypto.getRandomValues over the pool; throws (never guesses) when it runs dry. */
const fillFromPool: RandomFill = (array) => {
  if (!array) return array;
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (pool.length < bytes.length) throw secureRandomUnavailable();
  bytes.set(pool.subarray(0, bytes.length));
  pool.fill(0, 0, bytes.length);
  pool = pool.slice(bytes.length);
  if (pool.length < POOL_SIZE / 2) void refill().catch(() => undefined);
  return array;
};

/** Stands in for a missing source so nothing ever guesses: every request is refused. */
const refuseRandom: RandomFill = () => {
  throw secureRandomUnavailable();
};

function installCrypto(getRandomValues: RandomFill): void {
  (globalThis as { crypto?: CryptoLike }).crypto = { getRandomValues };
}

// Before sm-crypto-v2 loads: it looks for a source once at load and, finding none, rejects
// unhandled. On WeChat it looks for `wx` on globalThis; on Alipay it finds the pool shim,
// which refuses until prepareSecureRandom has filled it; with no source at all, a refusing one.
if (process.env.TARO_ENV === 'weapp' && !globalCrypto()) {
  const global = globalThis as { wx?: WechatNativeApi };
  if (typeof wx !== 'undefined') global.wx ??= wx;
  if (typeof global.wx?.getRandomValues !== 'function') installCrypto(refuseRandom);
}
if (process.env.TARO_ENV === 'alipay' && !globalCrypto()) {
  installCrypto(alipayHasRandomValues() ? fillFromPool : refuseRandom);
}

/** Resolves once SM2 can draw secure random bytes here; rejects with a clear error if it never can. */
export async function prepareSecureRandom(initSm2Pool: () => Promise<void>): Promise<void> {
  const crypto = globalCrypto();
  if (crypto?.getRandomValues === refuseRandom) throw secureRandomUnavailable();
  if (process.env.TARO_ENV === 'weapp') {
    // sm-crypto-v2 fills its pool from wx.getRandomValues (or uses a global crypto if one exists).
    await withTimeout(initSm2Pool());
    return;
  }
  if (process.env.TARO_ENV === 'alipay') {
    if (!crypto) throw secureRandomUnavailable();
    if (crypto.getRandomValues === fillFromPool && pool.length < POOL_SIZE / 2) await withTimeout(refill());
    await initSm2Pool();
    return;
  }
  if (!crypto) throw secureRandomUnavailable();
  await initSm2Pool();
}

/** The platform APIs answer through callbacks that may never come: give up after a while. */
function withTimeout(work: Promise<void>, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(secureRandomUnavailable()), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        reject(secureRandomUnavailable());
      },
    );
  });
}
