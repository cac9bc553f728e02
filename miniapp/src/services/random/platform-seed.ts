// Where the DRBG's seed comes from inside the mini-programs, strongest source first:
//
// - WeChat: wx.getRandomValues (base library ≥ 2.15.0), the platform's CSPRNG.
// - Alipay: my.getRandomValues where a base library has it (undocumented); otherwise
//   my.rsa, which Alipay does document: native RSA encryption whose PKCS#1 v1.5 padding
//   (RSA-2048: 245 random non-zero bytes for our 8-byte text) is drawn from the client's own
//   CSPRNG (SecureRandom on Android, SecRandomCopyBytes on iOS). Encrypting a fixed text
//   under a throwaway public key four times and hashing each ciphertext with SM3 gives
//   128 bytes that only the padding makes unpredictable.
//
// Limits of the my.rsa seed: it is exactly as good as Alipay's padding randomness, which we
// cannot inspect; a client that padded deterministically would give equal ciphertexts, so
// equal ones are refused rather than used. Nobody holds the throwaway key's private half
// (it was never kept), and the ciphertexts never leave the phone. A worker's
// crypto.getRandomValues (my.createWorker; reported, unverified) is not tried: it needs a
// worker bundle of its own, and my.rsa is documented.
import type { HashFunction } from './hmac-drbg';
import { secureRandomUnavailable } from './unavailable';

export type SeedSource = 'wx.getRandomValues' | 'my.getRandomValues' | 'my.rsa';

export interface Seed {
  source: SeedSource;
  /** SP 800-90A entropy input: at least 32 bytes. */
  entropy: Uint8Array;
}

/** 256 bits of entropy input plus a 128-bit nonce's worth, from the platform's own CSPRNG. */
export const SEED_BYTES = 48;
export const RSA_SEED_CALLS = 4;
export const RSA_SEED_TEXT = 'ybm-seed';

/** RSA-2048 SPKI (Base64) made for this purpose only; its private key was discarded at once. */
export const THROWAWAY_RSA_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApHspG8HbckwI/UUBcqv2ZKvPCBdkcDp1r/l0684SqX09QGwujPAV' +
  'tAlivnntvglBwLdWrdnfeMdw/7jX17paMipQG5AcwfNQY6ebdOC8Ltsr4UbcghzMxTIMwTmGvkAE6E0/dRv3wbhx8fg0UdoL' +
  'FUH8iL1z5mGvI3HrMQHYVmmQiVWwG0If7Iui5B/TgHt9mQ/VzO3M7ecLendRvDqOcAdBBqdYUQ3hS+T1x6dK7eX7F6saH9Da' +
  'LaX4jNKC1E8c8Zc3s18pRdLYNRpP8Nditcgcd8JIF4w19Ut1oWTpNU815JXYCZBwmyDaQ8lHSN+w3vKnYe1egFe4VHsxBh/Z' +
  'QwIDAQAB';
const RSA_CIPHER_BYTES = 256;

type RandomValuesApi = (options: RandomValuesOptions) => void;

function randomValuesFrom(api: RandomValuesApi, self: object, length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    api.call(self, {
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

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 → bytes without atob or Buffer, neither of which Alipay's logic layer promises. */
export function base64Bytes(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '');
  if (/[^A-Za-z0-9+/]/.test(clean)) throw secureRandomUnavailable();
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let at = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | BASE64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

function rsaEncrypt(rsa: NonNullable<AlipayNativeApi['rsa']>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    rsa.call(my, {
      action: 'encrypt',
      text: RSA_SEED_TEXT,
      key: THROWAWAY_RSA_PUBLIC_KEY,
      success: (res) => {
        try {
          const bytes = base64Bytes(typeof res.text === 'string' ? res.text : '');
          if (bytes.length === RSA_CIPHER_BYTES) resolve(bytes);
          else reject(secureRandomUnavailable());
        } catch (error) {
          reject(error);
        }
      },
      fail: () => reject(secureRandomUnavailable()),
    });
  });
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** SM3 of each of several my.rsa ciphertexts of the same text, which must all differ. */
async function rsaSeed(rsa: NonNullable<AlipayNativeApi['rsa']>, sm3: HashFunction): Promise<Uint8Array> {
  const ciphers = await Promise.all(Array.from({ length: RSA_SEED_CALLS }, () => rsaEncrypt(rsa)));
  if (new Set(ciphers.map(hex)).size !== ciphers.length) throw secureRandomUnavailable();
  const entropy = new Uint8Array(RSA_SEED_CALLS * sm3.outputLength);
  ciphers.forEach((cipher, i) => entropy.set(sm3(cipher), i * sm3.outputLength));
  return entropy;
}

/** A fresh seed from the strongest source this platform has; refuses when it has none. */
export async function drawPlatformSeed(sm3: HashFunction): Promise<Seed> {
  if (process.env.TARO_ENV === 'weapp' && typeof wx !== 'undefined') {
    const api = wx.getRandomValues;
    if (typeof api === 'function')
      return { source: 'wx.getRandomValues', entropy: await randomValuesFrom(api, wx, SEED_BYTES) };
  }
  if (process.env.TARO_ENV === 'alipay' && typeof my !== 'undefined') {
    const api = my.getRandomValues;
    if (typeof api === 'function')
      return { source: 'my.getRandomValues', entropy: await randomValuesFrom(api, my, SEED_BYTES) };
    const rsa = my.rsa;
    if (typeof rsa === 'function') return { source: 'my.rsa', entropy: await rsaSeed(rsa, sm3) };
  }
  throw secureRandomUnavailable();
}
