// PROTOCOL.md §3 done by hand with sm-crypto 0.5.8, the counterparties' library, and Node's
// Buffer: nothing here comes from shared/src, so tests can hold the envelope code against it.
import { sm2, sm4 } from 'sm-crypto';

import { base64ToHex, hexToBase64, utf8Hex } from './vectors';

export interface HandWorkKey {
  k0: string;
  tmpHex: string;
  /** The 16 characters whose UTF-8 bytes are the key. */
  workKey: string;
}

/** Step 4: k0 = UTF-8(appId[0:16]); tmp = SM4-ECB-PKCS7(k0, UTF-8(appSecret)); workKey = upperHex(tmp)[0:16]. */
export function workKeyByHand(appId: string, appSecret: string): HandWorkKey {
  const k0 = appId.slice(0, 16);
  const tmpHex = sm4.encrypt(appSecret, utf8Hex(k0), { mode: 'ecb', padding: 'pkcs#7' });
  return { k0, tmpHex, workKey: tmpHex.toUpperCase().slice(0, 16) };
}

/** Step 5: encData = upperHex(SM4-ECB-PKCS7(workKey, UTF-8(json))). */
export function encryptByHand(json: string, workKey: string): string {
  return sm4.encrypt(json, utf8Hex(workKey), { mode: 'ecb', padding: 'pkcs#7' }).toUpperCase();
}

export function decryptByHand(encData: string, workKey: string): string {
  return sm4.decrypt(encData, utf8Hex(workKey), { mode: 'ecb', padding: 'pkcs#7' });
}

/** Step 2: SM3withSM2 over the UTF-8 sign string, raw r‖s in Base64; keys in the protocol's Base64. */
export function signByHand(
  signString: string,
  keys: { privateKey: string; publicKey: string },
  userId: string,
): string {
  const signature = sm2.doSignature(signString, base64ToHex(keys.privateKey), {
    hash: true,
    der: false,
    publicKey: base64ToHex(keys.publicKey),
    userId,
  });
  return hexToBase64(signature);
}

export function verifyByHand(
  signString: string,
  signData: string,
  publicKey: string,
  userId: string,
): boolean {
  return sm2.doVerifySignature(signString, base64ToHex(signData), base64ToHex(publicKey), {
    hash: true,
    der: false,
    userId,
  });
}
