// The voucher password leaves the phone only as SM2 ciphertext (C1C3C2, hex) made with the
// platform's public key from GET /claim/password-key: the BFF relays it and never sees the
// digits. Imported only by the password and pay pages, so sm-crypto-v2 stays out of the others.

// First: on WeChat and Alipay it installs the DRBG that sm-crypto-v2 takes when it loads.
import { prepareSecureRandom, secureRandomBytes } from './secure-random';
import { sm2, sm3 } from 'sm-crypto-v2';

import type { HashFunction } from './random/hmac-drbg';

export { secureRandomBytes };

const C1C3C2 = 1;

/** SM3 (GB/T 32905) as the DRBG's hash: sm-crypto-v2 answers hex. */
export const SM3_HASH: HashFunction = Object.assign((data: Uint8Array) => sm2.hexToArray(sm3(data)), {
  blockLength: 64,
  outputLength: 32,
});

let preparing: Promise<void> | undefined;

/**
 * Reseeds the random source from the platform — on every call, so each use gets a fresh seed
 * (calls at the same moment share one) — and rejects with a clear error when there is none.
 */
export function ensureSecureRandom(): Promise<void> {
  preparing ??= prepareSecureRandom(SM3_HASH)
    // sm-crypto-v2 re-reads globalThis.crypto: the runtime's own on H5, the DRBG elsewhere.
    .then(() => sm2.initRNGPool())
    .finally(() => {
      preparing = undefined;
    });
  return preparing;
}

/** SM2-encrypts a 6-digit password for the platform. */
export async function encryptPassword(password: string, publicKeyHex: string): Promise<string> {
  if (!/^\d{6}$/.test(password)) throw new RangeError('the voucher password is six digits');
  if (!/^04[0-9a-fA-F]{128}$/.test(publicKeyHex)) throw new RangeError('not an uncompressed SM2 public key');
  await ensureSecureRandom();
  return sm2.doEncrypt(password, publicKeyHex, C1C3C2);
}
