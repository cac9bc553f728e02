// The voucher password leaves the phone only as SM2 ciphertext (C1C3C2, hex) made with the
// platform's public key from GET /claim/password-key: the BFF relays it and never sees the
// digits. Imported only by the password page, so sm-crypto-v2 stays out of every other page.

// First: on Alipay it installs the random shim sm-crypto-v2 looks for when it loads.
import { prepareSecureRandom } from './secure-random';
import { sm2 } from 'sm-crypto-v2';

const C1C3C2 = 1;

let ready: Promise<void> | undefined;

/** Makes sure SM2 has a secure random source (once); rejects with a clear error when there is none. */
export function ensureSecureRandom(): Promise<void> {
  ready ??= prepareSecureRandom(() => sm2.initRNGPool()).catch((error: unknown) => {
    ready = undefined; // a later attempt may succeed (e.g. a slow platform callback)
    throw error;
  });
  return ready;
}

/** SM2-encrypts a 6-digit password for the platform. */
export async function encryptPassword(password: string, publicKeyHex: string): Promise<string> {
  if (!/^\d{6}$/.test(password)) throw new RangeError('the voucher password is six digits');
  if (!/^04[0-9a-fA-F]{128}$/.test(publicKeyHex)) throw new RangeError('not an uncompressed SM2 public key');
  await ensureSecureRandom();
  return sm2.doEncrypt(password, publicKeyHex, C1C3C2);
}
