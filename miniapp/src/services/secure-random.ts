// The cryptographically secure random source for SM2 and payment request ids, per platform.
// SM2 encryption draws a fresh ephemeral key each time; a guessable one would let anyone
// recover the password from the ciphertext, so there is never a Math.random fallback: no
// secure source, no encryption.
//
// - H5 (or any runtime with its own crypto.getRandomValues): that, directly.
// - WeChat and Alipay: no synchronous CSPRNG in the logic layer, only asynchronous calls
//   (wx.getRandomValues; on Alipay my.getRandomValues where present, else my.rsa — see
//   random/platform-seed.ts). Their seed feeds an SM3 HMAC_DRBG (NIST SP 800-90A), reseeded
//   from the platform before every use, and installed as globalThis.crypto.getRandomValues
//   before sm-crypto-v2 loads, so that this DRBG is the one source of SM2's randomness.
//   Until a seed has arrived it refuses every request.
//
// Imported before sm-crypto-v2 (which picks its source when it loads) and never importing it.
import { HmacDrbg, type HashFunction } from './random/hmac-drbg';
import { drawPlatformSeed, type SeedSource } from './random/platform-seed';
import { secureRandomUnavailable } from './random/unavailable';

export { SECURE_RANDOM_UNAVAILABLE, secureRandomUnavailable } from './random/unavailable';

type RandomFill = <T extends ArrayBufferView | null>(array: T) => T;

interface CryptoLike {
  getRandomValues: RandomFill;
}

/** The DRBG's nonce is the seed's last 16 bytes (SP 800-90A §8.6.7: from the entropy source). */
const NONCE_BYTES = 16;

let drbg: HmacDrbg | undefined;
let lastSource: SeedSource | undefined;

/** crypto.getRandomValues over the DRBG; refuses (never guesses) before the first seed. */
const fillFromDrbg: RandomFill = (array) => {
  if (!array) return array;
  if (!drbg) throw secureRandomUnavailable();
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  bytes.set(drbg.generate(bytes.length));
  return array;
};

function globalCrypto(): CryptoLike | undefined {
  const candidate = (globalThis as { crypto?: Partial<CryptoLike> }).crypto;
  return typeof candidate?.getRandomValues === 'function' ? (candidate as CryptoLike) : undefined;
}

const miniProgram = process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay';

// Before sm-crypto-v2 loads: it takes globalThis.crypto once it finds one (and otherwise
// reaches for wx or Node's crypto), so from here on it draws from the DRBG alone.
const drbgCrypto: CryptoLike = { getRandomValues: fillFromDrbg };
if (miniProgram && !globalCrypto()) {
  (globalThis as { crypto?: CryptoLike }).crypto = drbgCrypto;
}

/** True when the runtime's own crypto.getRandomValues serves (H5, or a base library with it). */
function runtimeCrypto(): boolean {
  const crypto = globalCrypto();
  return crypto !== undefined && crypto !== drbgCrypto;
}

function personalization(): Uint8Array {
  // Not secret (SP 800-90A §8.7.1): it only sets this phone's instance apart.
  const text = `ybm-miniapp|${process.env.TARO_ENV}|${Date.now()}`;
  return Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);
}

/**
 * Seeds (first time) or reseeds the DRBG from the platform; on H5 checks the browser's crypto.
 * Called before every use; rejects with SECURE_RANDOM_UNAVAILABLE when no source exists.
 */
export async function prepareSecureRandom(sm3: HashFunction): Promise<void> {
  if (runtimeCrypto()) return;
  if (!miniProgram) throw secureRandomUnavailable();
  const seed = await withTimeout(drawPlatformSeed(sm3));
  if (drbg) drbg.reseed(seed.entropy);
  else {
    const split = seed.entropy.length - NONCE_BYTES;
    drbg = new HmacDrbg(
      sm3,
      seed.entropy.subarray(0, split),
      seed.entropy.subarray(split),
      personalization(),
    );
  }
  lastSource = seed.source;
}

/** Which source the last seed came from ('crypto' when the runtime's own serves). */
export function secureRandomSource(): SeedSource | 'crypto' | undefined {
  return runtimeCrypto() ? 'crypto' : lastSource;
}

/** Bytes from the same source as SM2's (after prepareSecureRandom on the mini-programs). */
export function secureRandomBytes(length: number): Uint8Array {
  const crypto = globalCrypto();
  if (!crypto) throw secureRandomUnavailable();
  return crypto.getRandomValues(new Uint8Array(length));
}

/** The platform APIs answer through callbacks that may never come: give up after a while. */
function withTimeout<T>(work: Promise<T>, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(secureRandomUnavailable()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        reject(secureRandomUnavailable());
      },
    );
  });
}
