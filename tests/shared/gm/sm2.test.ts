import {
  DEFAULT_SM2_USER_ID,
  generateSm2KeyPair,
  jsPrimitives,
  privateKeyHex,
  publicKeyFromPrivate,
  publicKeyHex,
  Sm2Signer,
  type GmPrimitives,
  type Sm2KeyPair,
} from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { sm2 as counterpartySm2 } from 'sm-crypto';
import { sm2 as miniProgramSm2 } from 'sm-crypto-v2';

import { base64ToHex, bytesHex, hexBytes, hexToBase64, SM2_VECTOR, utf8 } from './vectors';

const STANDARD_KEYS: Sm2KeyPair = {
  privateKey: hexToBase64(SM2_VECTOR.privateKey),
  publicKey: hexToBase64(SM2_VECTOR.publicKey),
};
const STANDARD_SIGNATURE = hexToBase64(SM2_VECTOR.r + SM2_VECTOR.s);

function setup(primitives: GmPrimitives = nodePrimitives) {
  return { signer: new Sm2Signer(primitives), keys: generateSm2KeyPair() };
}

describe('SM2 keys in the protocol form', () => {
  it('derives the GB/T 32918 public key from its private key', () => {
    expect(publicKeyFromPrivate(STANDARD_KEYS.privateKey)).toBe(STANDARD_KEYS.publicKey);
    expect(miniProgramSm2.getPublicKeyFromPrivateKey(SM2_VECTOR.privateKey)).toBe(SM2_VECTOR.publicKey);
  });

  it('reads a private key given as 33 bytes with a leading 0x00', () => {
    const padded = Buffer.concat([Buffer.from([0]), Buffer.from(SM2_VECTOR.privateKey, 'hex')]).toString(
      'base64',
    );
    expect(privateKeyHex(padded)).toBe(SM2_VECTOR.privateKey);
  });

  it('refuses a private key of 33 bytes that does not start with 0x00, of 31 bytes, or not Base64', () => {
    const d = Buffer.from(SM2_VECTOR.privateKey, 'hex');
    expect(() => privateKeyHex(Buffer.concat([Buffer.from([1]), d]).toString('base64'))).toThrow(RangeError);
    expect(() => privateKeyHex(d.subarray(1).toString('base64'))).toThrow(RangeError);
    expect(() => privateKeyHex('not base64!')).toThrow(RangeError);
  });

  it('refuses a public key that is not 04‖X‖Y', () => {
    const point = Buffer.from(SM2_VECTOR.publicKey, 'hex');
    expect(publicKeyHex(STANDARD_KEYS.publicKey)).toBe(SM2_VECTOR.publicKey);
    expect(() => publicKeyHex(point.subarray(1).toString('base64'))).toThrow(RangeError);
    const compressedPrefix = Buffer.from(point);
    compressedPrefix[0] = 2;
    expect(() => publicKeyHex(compressedPrefix.toString('base64'))).toThrow(RangeError);
  });

  it('generates a 32-byte private key whose public key it also returns', () => {
    for (let i = 0; i < 5; i += 1) {
      const keys = generateSm2KeyPair();
      expect(Buffer.from(keys.privateKey, 'base64')).toHaveLength(32);
      expect(Buffer.from(keys.publicKey, 'base64')).toHaveLength(65);
      expect(publicKeyFromPrivate(keys.privateKey)).toBe(keys.publicKey);
    }
  });
});

describe.each([
  ['jsPrimitives', jsPrimitives],
  ['nodePrimitives', nodePrimitives],
])('Sm2Signer with %s', (_name, primitives) => {
  const signer = new Sm2Signer(primitives);
  const message = utf8(SM2_VECTOR.message);

  it('computes the standard’s digest e = SM3(ZA ‖ M)', () => {
    const za = miniProgramSm2.getZ(SM2_VECTOR.publicKey, SM2_VECTOR.userId);
    expect(bytesHex(za)).toBe(SM2_VECTOR.za);
    expect(bytesHex(primitives.sm3(Uint8Array.from([...za, ...message])))).toBe(SM2_VECTOR.e);
  });

  it('verifies the GB/T 32918 example signature with the default user ID', () => {
    expect(DEFAULT_SM2_USER_ID).toBe(SM2_VECTOR.userId);
    expect(signer.verify(message, STANDARD_SIGNATURE, STANDARD_KEYS.publicKey)).toBe(true);
  });

  it('rejects the example signature under another user ID, message or s', () => {
    expect(signer.verify(message, STANDARD_SIGNATURE, STANDARD_KEYS.publicKey, 'ALICE123@YAHOO.COM')).toBe(
      false,
    );
    expect(signer.verify(utf8('message digesT'), STANDARD_SIGNATURE, STANDARD_KEYS.publicKey)).toBe(false);
    const flipped = hexBytes(SM2_VECTOR.r + SM2_VECTOR.s);
    flipped[63] = (flipped[63] ?? 0) ^ 1;
    expect(signer.verify(message, Buffer.from(flipped).toString('base64'), STANDARD_KEYS.publicKey)).toBe(
      false,
    );
  });

  it('makes 64-byte signatures that verify, but not under another user ID or key', () => {
    const { keys } = setup();
    const other = generateSm2KeyPair();
    const signature = signer.sign(message, keys, 'appSecret-as-id');
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(signer.verify(message, signature, keys.publicKey, 'appSecret-as-id')).toBe(true);
    expect(signer.verify(message, signature, keys.publicKey)).toBe(false);
    expect(signer.verify(message, signature, other.publicKey, 'appSecret-as-id')).toBe(false);
  });

  it('answers false, without throwing, for a signature or public key of the wrong shape', () => {
    const { keys } = setup();
    const signature = signer.sign(message, keys);
    expect(signer.verify(message, signature.slice(0, 40), keys.publicKey)).toBe(false);
    expect(signer.verify(message, '***', keys.publicKey)).toBe(false);
    expect(signer.verify(message, signature, hexToBase64('04' + '00'.repeat(32)))).toBe(false);
  });

  it('answers false, without throwing, for a 65-byte public key that is not on the curve', () => {
    const { keys } = setup();
    const signature = signer.sign(message, keys);
    expect(signer.verify(message, signature, hexToBase64('04' + '07'.repeat(64)))).toBe(false);
  });
});

describe('Sm2Signer interop with sm-crypto 0.5.8 (the counterparties’ library)', () => {
  const message = '{"payOrdId":"ORD20240305001","psnName":"刘畅"}&key=s3cr3t';

  it.each([
    ['the default user ID', undefined],
    ['the appSecret as user ID', 'HPJ7U3YN1Q5L0O8Z'],
  ])('makes signatures sm-crypto verifies, with %s', (_label, userId) => {
    const { signer, keys } = setup();
    const signature = signer.sign(utf8(message), keys, userId);
    const options = { hash: true, der: false, userId: userId ?? DEFAULT_SM2_USER_ID };
    expect(
      counterpartySm2.doVerifySignature(
        message,
        base64ToHex(signature),
        base64ToHex(keys.publicKey),
        options,
      ),
    ).toBe(true);
  });

  it.each([
    ['the default user ID', undefined],
    ['the appSecret as user ID', 'HPJ7U3YN1Q5L0O8Z'],
  ])('verifies signatures sm-crypto makes, with %s', (_label, userId) => {
    const { signer, keys } = setup(jsPrimitives);
    const publicKey = base64ToHex(keys.publicKey);
    const signature = counterpartySm2.doSignature(message, privateKeyHex(keys.privateKey), {
      hash: true,
      der: false,
      publicKey,
      userId: userId ?? DEFAULT_SM2_USER_ID,
    });
    expect(signer.verify(utf8(message), hexToBase64(signature), keys.publicKey, userId)).toBe(true);
  });

  it('disagrees with sm-crypto when the user IDs differ', () => {
    const { signer, keys } = setup();
    const signature = signer.sign(utf8(message), keys, 'HPJ7U3YN1Q5L0O8Z');
    const options = { hash: true, der: false, userId: DEFAULT_SM2_USER_ID };
    expect(
      counterpartySm2.doVerifySignature(
        message,
        base64ToHex(signature),
        base64ToHex(keys.publicKey),
        options,
      ),
    ).toBe(false);
  });

  it('agrees with sm-crypto on the GB/T 32918 example signature', () => {
    const options = { hash: true, der: false, userId: SM2_VECTOR.userId };
    expect(
      counterpartySm2.doVerifySignature(
        SM2_VECTOR.message,
        SM2_VECTOR.r + SM2_VECTOR.s,
        SM2_VECTOR.publicKey,
        options,
      ),
    ).toBe(true);
  });
});

describe('SM2 encryption (the mini-program encrypts passwords with sm-crypto-v2, C1C3C2)', () => {
  const { encryption } = SM2_VECTOR;
  // Both libraries write C1 without its 04 prefix.
  const standardCipher = encryption.c1.slice(2) + encryption.c3 + encryption.c2;

  it('decrypts the GB/T 32918 example ciphertext with sm-crypto-v2 and with sm-crypto', () => {
    expect(miniProgramSm2.doDecrypt(standardCipher, SM2_VECTOR.privateKey, 1)).toBe(encryption.plain);
    expect(counterpartySm2.doDecrypt(standardCipher, SM2_VECTOR.privateKey, 1)).toBe(encryption.plain);
  });

  it('refuses the example ciphertext read as C1C2C3', () => {
    expect(miniProgramSm2.doDecrypt(standardCipher, SM2_VECTOR.privateKey, 0)).toBe('');
  });

  it('opens in sm-crypto what sm-crypto-v2 encrypts, and the other way', () => {
    const { privateKey, publicKey } = counterpartySm2.generateKeyPairHex();
    for (const secret of ['135790', '支付密码 135790']) {
      const fromMiniProgram = miniProgramSm2.doEncrypt(secret, publicKey, 1);
      expect(counterpartySm2.doDecrypt(fromMiniProgram, privateKey, 1)).toBe(secret);
      const fromCounterparty = counterpartySm2.doEncrypt(secret, publicKey, 1);
      expect(miniProgramSm2.doDecrypt(fromCounterparty, privateKey, 1)).toBe(secret);
    }
  });
});
