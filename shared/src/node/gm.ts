// Node's native SM3/SM4 (OpenSSL), for the BFF and the sandbox. Never imported by the
// mini-program: it pulls in node:crypto.
import { createCipheriv, createDecipheriv, createHash, type Cipher, type Decipher } from 'node:crypto';

import type { GmPrimitives } from '../gm/primitives';

const BLOCK = 16;

interface EcbPair {
  encrypt: Cipher;
  decrypt: Decipher;
}

// ECB keeps no state between blocks, so with OpenSSL's padding off one cipher object per
// key serves every call: update() returns each whole block at once and final() is never
// needed. Setting a cipher up costs more than encrypting an envelope's few blocks, and every
// request to or from the platform opens one envelope and seals another. The few keys in use
// (one work key per channel) stay; the map is only emptied should it ever grow past a bound.
const ecbByKey = new Map<string, EcbPair>();
const MAX_KEYS = 64;

function ecb(key: Uint8Array): EcbPair {
  const id = Buffer.from(key.buffer, key.byteOffset, key.length).toString('latin1');
  let pair = ecbByKey.get(id);
  if (!pair) {
    if (ecbByKey.size >= MAX_KEYS) ecbByKey.clear();
    pair = {
      encrypt: createCipheriv('sm4-ecb', key, null).setAutoPadding(false),
      decrypt: createDecipheriv('sm4-ecb', key, null).setAutoPadding(false),
    };
    ecbByKey.set(id, pair);
  }
  return pair;
}

export const nodePrimitives: GmPrimitives = {
  sm3: (data) => new Uint8Array(createHash('sm3').update(data).digest()),
  sm4EcbEncrypt: (key, plain) => {
    const pad = BLOCK - (plain.length % BLOCK);
    const padded = Buffer.allocUnsafe(plain.length + pad);
    padded.set(plain);
    padded.fill(pad, plain.length);
    return ecb(key).encrypt.update(padded);
  },
  sm4EcbDecrypt: (key, data) => {
    // Checked before update(): a partial block would stay buffered in the shared decipher.
    if (data.length === 0 || data.length % BLOCK !== 0) throw new RangeError('bad SM4 length');
    const plain = ecb(key).decrypt.update(data);
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK) throw new RangeError('bad SM4 padding');
    for (let i = plain.length - pad; i < plain.length; i += 1) {
      if (plain[i] !== pad) throw new RangeError('bad SM4 padding');
    }
    return plain.subarray(0, plain.length - pad);
  },
};
