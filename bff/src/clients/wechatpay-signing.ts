// WeChat Pay APIv3 signatures as the merchant makes and checks them (PROTOCOL.md §8), in
// public-key mode (no platform certificate):
// - each request carries `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
//   signature="…",timestamp="…",serial_no="…"`, RSA-SHA256 (merchant key) over
//   `METHOD\nURL\ntimestamp\nnonce\nbody\n`, URL being the path and query as sent;
// - each answer and notification is signed by the platform: `Wechatpay-Serial` names the
//   platform's public key (PUB_KEY_ID_…), `Wechatpay-Signature` is RSA-SHA256 over
//   `Wechatpay-Timestamp\nWechatpay-Nonce\nbody\n`; a timestamp more than 5 minutes away is stale;
// - the mini-program's paySign is RSA-SHA256 (merchant key) over `appId\ntimeStamp\nnonceStr\npackage\n`;
// - a notification's resource is AEAD_AES_256_GCM under the APIv3 key (ciphertext‖tag, Base64).
import { createDecipheriv, createSign, createVerify, type KeyObject } from 'node:crypto';

const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
/** How far the platform's timestamp may be from ours (answers and notifications). */
export const PLATFORM_SKEW_S = 300;

export interface MerchantKeys {
  mchid: string;
  serial: string;
  privateKey: KeyObject;
}

export function authorization(
  keys: MerchantKeys,
  request: { method: string; url: string; body: string; timestamp: string; nonce: string },
): string {
  const message = `${request.method}\n${request.url}\n${request.timestamp}\n${request.nonce}\n${request.body}\n`;
  const signature = createSign('RSA-SHA256').update(message, 'utf8').sign(keys.privateKey, 'base64');
  return (
    `${SCHEME} mchid="${keys.mchid}",nonce_str="${request.nonce}",signature="${signature}",` +
    `timestamp="${request.timestamp}",serial_no="${keys.serial}"`
  );
}

export function paySign(
  privateKey: KeyObject,
  fields: { appId: string; timeStamp: string; nonceStr: string; package: string },
): string {
  const message = `${fields.appId}\n${fields.timeStamp}\n${fields.nonceStr}\n${fields.package}\n`;
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export type PlatformSignatureProblem = 'missing' | 'unknown_key' | 'stale' | 'invalid';

/**
 * Checks the platform's signature headers over `body`; undefined when it holds, otherwise
 * what is wrong. `nowS` is our clock in seconds.
 */
export function platformSignatureProblem(
  platform: { publicKey: KeyObject; publicKeyId: string },
  headers: (name: string) => string | undefined,
  body: string,
  nowS: number,
): PlatformSignatureProblem | undefined {
  const serial = headers('wechatpay-serial');
  const timestamp = headers('wechatpay-timestamp');
  const nonce = headers('wechatpay-nonce');
  const signature = headers('wechatpay-signature');
  if (!serial || !timestamp || !nonce || !signature) return 'missing';
  if (serial !== platform.publicKeyId) return 'unknown_key';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowS - Number(timestamp)) > PLATFORM_SKEW_S) return 'stale';
  try {
    const ok = createVerify('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8')
      .verify(platform.publicKey, signature, 'base64');
    return ok ? undefined : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Opens an AEAD_AES_256_GCM resource; undefined when it does not open under this key. */
export function decryptResource(
  apiV3Key: Buffer,
  resource: { ciphertext: string; nonce: string; associated_data?: string },
): string | undefined {
  try {
    const sealed = Buffer.from(resource.ciphertext, 'base64');
    if (sealed.length < 17) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(resource.nonce, 'utf8'));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}
