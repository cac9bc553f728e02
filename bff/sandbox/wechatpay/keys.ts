// The demo WeChat Pay merchant, made on first run and kept in <dataDir>/wechatpay/merchant.json
// (mode 600, never committed): the merchant id, the serial of its API certificate and its RSA
// key pair (the BFF signs requests and paySign with the private half, the fake verifies with
// the public half), the APIv3 key (AES-256-GCM of notifications), and the platform's own key
// pair in public-key mode (the fake signs answers and notifications; the BFF holds the public
// half and its id, WECHATPAY_PUBLIC_KEY / WECHATPAY_PUBLIC_KEY_ID). PKCS8 / SPKI PEM.
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

const KeyPairSchema = z.object({
  privateKey: z.string().includes('BEGIN PRIVATE KEY'),
  publicKey: z.string().includes('BEGIN PUBLIC KEY'),
});
const MerchantSchema = z.object({
  mchid: z.string().regex(/^\d{10}$/),
  /** The merchant API certificate's serial number (40 hex digits), sent as serial_no. */
  serial: z.string().regex(/^[0-9A-F]{40}$/),
  merchant: KeyPairSchema,
  /** 32 ASCII characters: the AES-256 key of notification resources. */
  apiV3Key: z.string().regex(/^[A-Za-z0-9]{32}$/),
  platform: KeyPairSchema,
  publicKeyId: z.string().regex(/^PUB_KEY_ID_\d{10,40}$/),
});
export type WechatPayDemoMerchant = z.infer<typeof MerchantSchema>;

function rsaKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateWechatPayDemoMerchant(): WechatPayDemoMerchant {
  // Shaped like the real ones: a 10-digit merchant id starting 19, a 40-hex serial,
  // "PUB_KEY_ID_01" + the merchant id + digits.
  const mchid = `19${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const apiV3Key = Array.from(randomBytes(32), (byte) => ALNUM[byte % ALNUM.length]).join('');
  return {
    mchid,
    serial: randomBytes(20).toString('hex').toUpperCase(),
    merchant: rsaKeyPair(),
    apiV3Key,
    platform: rsaKeyPair(),
    publicKeyId: `PUB_KEY_ID_01${mchid}${String(randomInt(0, 1e12)).padStart(12, '0')}`,
  };
}

/** Reads `<dataDir>/wechatpay/merchant.json`, creating it (mode 600) on first run. */
export function ensureWechatPayDemoMerchant(dataDir: string): WechatPayDemoMerchant {
  const file = path.join(dataDir, 'wechatpay', 'merchant.json');
  if (existsSync(file)) return MerchantSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const merchant = generateWechatPayDemoMerchant();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(merchant, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return merchant;
}
