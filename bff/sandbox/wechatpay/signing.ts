// WeChat Pay APIv3 signatures as the platform sees them (PROTOCOL.md §8):
// - a merchant's request: `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
//   signature="…",timestamp="…",serial_no="…"`, RSA-SHA256 with the merchant key over
//   `METHOD\nURL\ntimestamp\nnonce\nbody\n` (URL = path and query as sent);
// - the platform's answers and notifications: `Wechatpay-Timestamp/-Nonce/-Signature/-Serial`,
//   RSA-SHA256 with the platform key over `timestamp\nnonce\nbody\n` (public-key mode: Serial is
//   the key's id, PUB_KEY_ID_…);
// - a notification's resource: AEAD_AES_256_GCM under the APIv3 key, ciphertext‖tag in Base64.
import { createCipheriv, createSign, createVerify } from 'node:crypto';

import { signError } from './errors';
import { randomText, type WechatPayState } from './state';

const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
/** How far a request's timestamp may be from the platform's clock. */
export const REQUEST_SKEW_S = 300;

export interface AuthorizationFields {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

export function parseAuthorization(header: string | undefined): AuthorizationFields | undefined {
  if (!header?.startsWith(`${SCHEME} `)) return undefined;
  const fields: Record<string, string> = {};
  for (const part of header.slice(SCHEME.length + 1).split(',')) {
    const match = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part);
    if (!match) return undefined;
    fields[match[1]!] = match[2]!;
  }
  const { mchid, nonce_str, signature, timestamp, serial_no } = fields;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return undefined;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

/** Checks a merchant request's Authorization; throws 401 SIGN_ERROR saying what is wrong. */
export function verifyMerchantRequest(
  state: WechatPayState,
  request: { method: string; url: string; body: string; authorization: string | undefined },
): AuthorizationFields {
  const auth = parseAuthorization(request.authorization);
  if (!auth) throw signError('Authorization 缺失或格式不正确');
  if (auth.mchid !== state.options.mchid) throw signError('商户号不存在');
  if (auth.serial_no !== state.options.serial) throw signError('商户证书序列号不正确');
  const timestamp = Number(auth.timestamp);
  if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(state.now() / 1000 - timestamp) > REQUEST_SKEW_S) {
    throw signError('timestamp 超出有效期');
  }
  const message = `${request.method}\n${request.url}\n${auth.timestamp}\n${auth.nonce_str}\n${request.body}\n`;
  let valid = false;
  try {
    valid = createVerify('RSA-SHA256')
      .update(message, 'utf8')
      .verify(state.options.merchantPublicKey, auth.signature, 'base64');
  } catch {
    valid = false;
  }
  if (!valid) throw signError('签名不正确');
  return auth;
}

/** The platform's signature headers over a body (answers and notifications alike). */
export function platformHeaders(
  state: WechatPayState,
  body: string,
  options: { timestampS?: number; privateKey?: string } = {},
): Record<string, string> {
  const timestamp = String(options.timestampS ?? Math.floor(state.now() / 1000));
  const nonce = randomText(state, 32);
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8')
    .sign(options.privateKey ?? state.options.platformPrivateKey, 'base64');
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': state.options.publicKeyId,
  };
}

/** AEAD_AES_256_GCM of a notification's resource under the APIv3 key. */
export function encryptResource(
  state: WechatPayState,
  plaintext: string,
  associatedData: string,
  apiV3Key = state.options.apiV3Key,
): { algorithm: 'AEAD_AES_256_GCM'; ciphertext: string; associated_data: string; nonce: string } {
  const nonce = randomText(state, 12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: sealed.toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}

/** RFC 3339 in Beijing time, WeChat Pay's format for instants: 2018-06-08T10:34:56+08:00. */
export function rfc3339(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Parses an RFC 3339 instant with an explicit offset; undefined when it is not one. */
export function parseRfc3339(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?([+-]\d{2}:\d{2}|Z)$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
