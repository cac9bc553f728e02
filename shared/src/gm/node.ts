// Node's native SM3/SM4 (OpenSSL), for the BFF and the sandbox. Never imported by the
// mini-program: it pulls in node:crypto.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

import type { GmPrimitives } from './primitives';

export const nodePrimitives: GmPrimitives = {
  sm3: (data) => new Uint8Array(createHash('sm3').update(data).digest()),
  sm4EcbEncrypt: (key, plain) => {
    const cipher = createCipheriv('sm4-ecb', key, null);
    return new Uint8Array(Buffer.concat([cipher.update(plain), cipher.final()]));
  },
  sm4EcbDecrypt: (key, data) => {
    const decipher = createDecipheriv('sm4-ecb', key, null);
    return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
  },
};
