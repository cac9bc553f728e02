// SM2 keys in the protocol's form (private: Base64 of d; public: Base64 of 04‖X‖Y) and
// SM3withSM2 signatures as Base64 of raw r‖s (PROTOCOL.md §3, step 2).
import { sm2 } from 'sm-crypto-v2';

import { fromBase64, fromHex, toBase64, toHex } from './codec';
import type { GmPrimitives } from './primitives';

export const DEFAULT_SM2_USER_ID = '1234567812345678';

export interface Sm2KeyPair {
  /** Base64 of the 32-byte scalar d. */
  privateKey: string;
  /** Base64 of the 65-byte uncompressed point 04‖X‖Y. */
  publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const pair = sm2.generateKeyPairHex();
  return {
    privateKey: toBase64(fromHex(pair.privateKey.padStart(64, '0')) ?? new Uint8Array()),
    publicKey: toBase64(fromHex(pair.publicKey) ?? new Uint8Array()),
  };
}

/** Hex of d from the Base64 form; accepts 33 bytes with a leading 0x00 (a DER habit). */
export function privateKeyHex(privateKey: string): string {
  let bytes = fromBase64(privateKey);
  if (bytes?.length === 33 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (!bytes || bytes.length !== 32) throw new RangeError('SM2 private key must be 32 bytes of Base64');
  return toHex(bytes, true);
}

export function publicKeyHex(publicKey: string): string {
  const bytes = fromBase64(publicKey);
  if (!bytes || bytes.length !== 65 || bytes[0] !== 4)
    throw new RangeError('SM2 public key must be Base64 of 04‖X‖Y (65 bytes)');
  return toHex(bytes, true);
}

export function publicKeyFromPrivate(privateKey: string): string {
  return toBase64(fromHex(sm2.getPublicKeyFromPrivateKey(privateKeyHex(privateKey))) ?? new Uint8Array());
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Signs and verifies with keys prepared once: Z (the SM2 user-ID hash) and the
 * verifier's precomputed point are cached per key, so each call costs one SM3 and
 * one scalar multiplication.
 */
export class Sm2Signer {
  private readonly zCache = new Map<string, Uint8Array>();
  private readonly pointCache = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();
  /** Base64 key → hex, as sm-crypto-v2 takes keys (converted once per key, not per call). */
  private readonly hexCache = new Map<string, string>();

  private hex(key: string, convert: (key: string) => string): string {
    let hex = this.hexCache.get(key);
    if (hex === undefined) {
      hex = convert(key);
      this.hexCache.set(key, hex);
    }
    return hex;
  }

  constructor(private readonly primitives: GmPrimitives) {}

  private digest(message: Uint8Array, publicKeyHexValue: string, userId: string): Uint8Array {
    const cacheKey = `${publicKeyHexValue}|${userId}`;
    let z = this.zCache.get(cacheKey);
    if (!z) {
      z = sm2.getZ(publicKeyHexValue, userId);
      this.zCache.set(cacheKey, z);
    }
    return this.primitives.sm3(concat(z, message));
  }

  sign(message: Uint8Array, keys: Sm2KeyPair, userId = DEFAULT_SM2_USER_ID): string {
    const e = this.digest(message, this.hex(keys.publicKey, publicKeyHex), userId);
    const rs = sm2.doSignature(e, this.hex(keys.privateKey, privateKeyHex), { hash: false, der: false });
    return toBase64(fromHex(rs.padStart(128, '0')) ?? new Uint8Array());
  }

  verify(message: Uint8Array, signature: string, publicKey: string, userId = DEFAULT_SM2_USER_ID): boolean {
    const rs = fromBase64(signature);
    if (!rs || rs.length !== 64) return false;
    let hexKey: string;
    try {
      hexKey = this.hex(publicKey, publicKeyHex);
    } catch {
      return false;
    }
    try {
      // Inside the try: a 65-byte key that is not on the curve throws here, and means "does not verify".
      let point = this.pointCache.get(hexKey);
      if (!point) {
        point = sm2.precomputePublicKey(hexKey);
        this.pointCache.set(hexKey, point);
      }
      const e = this.digest(message, hexKey, userId);
      return sm2.doVerifySignature(e, toHex(rs, true), point, { hash: false, der: false });
    } catch {
      return false;
    }
  }
}
