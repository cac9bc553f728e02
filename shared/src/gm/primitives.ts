// The SM3/SM4 primitives the envelope needs, behind one interface: the BFF and the
// sandbox pass Node's native ones (@ybm/shared/node, 2–3× faster), the mini-program the
// pure-JS ones below. SM2 is always sm-crypto-v2 (Node's SM2 cannot set the user ID).
import { sm3, sm4 } from 'sm-crypto-v2';

import { fromHex } from './codec';

export interface GmPrimitives {
  sm3(data: Uint8Array): Uint8Array;
  /** SM4-ECB with PKCS#7 padding. */
  sm4EcbEncrypt(key: Uint8Array, plain: Uint8Array): Uint8Array;
  /** SM4-ECB with PKCS#7 padding; throws on a wrong length or bad padding. */
  sm4EcbDecrypt(key: Uint8Array, cipher: Uint8Array): Uint8Array;
}

export const jsPrimitives: GmPrimitives = {
  sm3: (data) => fromHex(sm3(data)) ?? new Uint8Array(),
  sm4EcbEncrypt: (key, plain) => sm4.encrypt(plain, key, { mode: 'ecb', padding: 'pkcs#7', output: 'array' }),
  sm4EcbDecrypt: (key, cipher) => {
    if (cipher.length === 0 || cipher.length % 16 !== 0) throw new RangeError('bad SM4 length');
    // Padding checked here: sm-crypto-v2 accepts a pad byte of 0 or > 16, which OpenSSL (nodePrimitives) refuses.
    const plain = sm4.decrypt(cipher, key, { mode: 'ecb', padding: 'none', output: 'array' });
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > 16 || plain.subarray(plain.length - pad).some((b) => b !== pad)) {
      throw new RangeError('bad SM4 padding');
    }
    return plain.slice(0, plain.length - pad);
  },
};
