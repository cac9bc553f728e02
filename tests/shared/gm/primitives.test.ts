import { jsPrimitives, type GmPrimitives } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { sm4 as counterpartySm4 } from 'sm-crypto';

import { seededBytes } from './seeded';
import { bytesHex, hexBytes, SM3_VECTORS, SM4_VECTOR, utf8 } from './vectors';

const IMPLEMENTATIONS: [string, GmPrimitives][] = [
  ['jsPrimitives (sm-crypto-v2)', jsPrimitives],
  ['nodePrimitives (OpenSSL)', nodePrimitives],
];

/** Encrypts one raw block with the ECB-PKCS7 primitive: the first output block is E(block). */
function encryptBlock(primitives: GmPrimitives, key: Uint8Array, block: Uint8Array): Uint8Array {
  return primitives.sm4EcbEncrypt(key, block).subarray(0, 16);
}

describe.each(IMPLEMENTATIONS)('%s', (_name, primitives) => {
  describe('sm3', () => {
    it.each(SM3_VECTORS.map((v) => [v.input.length, v.input, v.digest]))(
      'gives the GB/T 32905 digest of the %i-byte example',
      (_length, input, digest) => {
        expect(bytesHex(primitives.sm3(utf8(input)))).toBe(digest);
      },
    );
  });

  describe('sm4EcbEncrypt', () => {
    it('gives the GB/T 32907 ciphertext as the first block', () => {
      const key = hexBytes(SM4_VECTOR.key);
      const out = primitives.sm4EcbEncrypt(key, hexBytes(SM4_VECTOR.plain));
      expect(out).toHaveLength(32);
      expect(bytesHex(out.subarray(0, 16))).toBe(SM4_VECTOR.cipher);
    });

    it('pads a whole block with a full block of 0x10', () => {
      const key = hexBytes(SM4_VECTOR.key);
      const out = primitives.sm4EcbEncrypt(key, hexBytes(SM4_VECTOR.plain));
      expect(bytesHex(out.subarray(16))).toBe(
        bytesHex(encryptBlock(primitives, key, new Uint8Array(16).fill(16))),
      );
    });

    it('pads a partial block to the next multiple of 16', () => {
      const key = hexBytes(SM4_VECTOR.key);
      expect(primitives.sm4EcbEncrypt(key, new Uint8Array(0))).toHaveLength(16);
      expect(primitives.sm4EcbEncrypt(key, new Uint8Array(15))).toHaveLength(16);
      expect(primitives.sm4EcbEncrypt(key, new Uint8Array(17))).toHaveLength(32);
    });
  });

  describe('sm4EcbDecrypt', () => {
    const key = hexBytes(SM4_VECTOR.key);
    /** A one-block ciphertext whose plaintext block is exactly `lastBlock` (so its padding is whatever we say). */
    const cipherOf = (lastBlock: Uint8Array) => encryptBlock(primitives, key, lastBlock);

    it('recovers the GB/T 32907 plaintext', () => {
      const out = primitives.sm4EcbDecrypt(key, primitives.sm4EcbEncrypt(key, hexBytes(SM4_VECTOR.plain)));
      expect(bytesHex(out)).toBe(SM4_VECTOR.plain);
    });

    it('strips valid padding', () => {
      const block = Uint8Array.from([...utf8('hello, 医保'), 3, 3, 3]);
      expect(block).toHaveLength(16);
      expect(Buffer.from(primitives.sm4EcbDecrypt(key, cipherOf(block))).toString()).toBe('hello, 医保');
    });

    it('refuses an empty ciphertext or one that is not whole blocks', () => {
      expect(() => primitives.sm4EcbDecrypt(key, new Uint8Array(0))).toThrow();
      expect(() => primitives.sm4EcbDecrypt(key, new Uint8Array(15))).toThrow();
      expect(() => primitives.sm4EcbDecrypt(key, new Uint8Array(33))).toThrow();
    });

    it('refuses a zero padding byte', () => {
      expect(() => primitives.sm4EcbDecrypt(key, cipherOf(new Uint8Array(16)))).toThrow();
    });

    it('refuses a padding byte larger than a block, even when that many bytes agree', () => {
      const block = cipherOf(new Uint8Array(16).fill(17));
      expect(() => primitives.sm4EcbDecrypt(key, Uint8Array.from([...block, ...block]))).toThrow();
    });

    it('refuses padding bytes that disagree', () => {
      const block = new Uint8Array(16).fill(65);
      block.set([4, 4, 5, 4], 12);
      expect(() => primitives.sm4EcbDecrypt(key, cipherOf(block))).toThrow();
    });
  });
});

describe('jsPrimitives and nodePrimitives', () => {
  const random = seededBytes(20240305);

  it('hash random inputs identically, across the 55/56/64-byte padding boundaries', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const data = random(length);
      expect(bytesHex(jsPrimitives.sm3(data))).toBe(bytesHex(nodePrimitives.sm3(data)));
    }
  });

  it('encrypt random inputs byte-identically, and each decrypts the other', () => {
    for (let length = 0; length <= 48; length += 1) {
      const key = random(16);
      const plain = random(length);
      const fromJs = jsPrimitives.sm4EcbEncrypt(key, plain);
      expect(bytesHex(nodePrimitives.sm4EcbEncrypt(key, plain))).toBe(bytesHex(fromJs));
      expect(bytesHex(nodePrimitives.sm4EcbDecrypt(key, fromJs))).toBe(bytesHex(plain));
      expect(bytesHex(jsPrimitives.sm4EcbDecrypt(key, fromJs))).toBe(bytesHex(plain));
    }
  });

  it('encrypt exactly as sm-crypto, the counterparties’ library, does', () => {
    for (const length of [0, 5, 16, 31, 100]) {
      const key = random(16);
      const plain = random(length);
      const theirs = counterpartySm4.encrypt(Array.from(plain), bytesHex(key), {
        mode: 'ecb',
        padding: 'pkcs#7',
      });
      expect(bytesHex(jsPrimitives.sm4EcbEncrypt(key, plain))).toBe(theirs);
      expect(bytesHex(nodePrimitives.sm4EcbEncrypt(key, plain))).toBe(theirs);
    }
  });
});

describe('nodePrimitives, one cipher per key kept between calls', () => {
  const random = seededBytes(20261122);

  it('gives every call the same answer as a fresh cipher, with keys and calls interleaved', () => {
    const keys = [random(16), random(16)];
    for (let round = 0; round < 20; round += 1) {
      const key = keys[round % 2]!;
      const plain = random(round * 7);
      const sealed = nodePrimitives.sm4EcbEncrypt(key, plain);
      expect(bytesHex(sealed)).toBe(bytesHex(jsPrimitives.sm4EcbEncrypt(key, plain)));
      expect(bytesHex(nodePrimitives.sm4EcbDecrypt(key, sealed))).toBe(bytesHex(plain));
    }
  });

  it('is not thrown off by a refused ciphertext', () => {
    const key = random(16);
    const sealed = nodePrimitives.sm4EcbEncrypt(key, utf8('{"psnNo":"P1"}'));
    expect(() => nodePrimitives.sm4EcbDecrypt(key, sealed.subarray(0, 7))).toThrow();
    expect(() =>
      nodePrimitives.sm4EcbDecrypt(key, nodePrimitives.sm4EcbEncrypt(random(16), sealed)),
    ).toThrow();
    expect(Buffer.from(nodePrimitives.sm4EcbDecrypt(key, sealed)).toString()).toBe('{"psnNo":"P1"}');
  });
});
