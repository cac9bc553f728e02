// The demo Alipay app's identity and RSA key material, made on first run and kept in
// <dataDir>/alipay/keys.json (mode 600, never committed): the app's key pair (the BFF
// signs with the private half, the fake verifies with the public half) and the fake
// Alipay's key pair (the fake signs answers, the BFF verifies). PKCS8 / SPKI PEM.
import { generateKeyPairSync, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

const KeyPairSchema = z.object({
  privateKey: z.string().includes('BEGIN PRIVATE KEY'),
  publicKey: z.string().includes('BEGIN PUBLIC KEY'),
});
const AlipayDemoKeysSchema = z.object({
  appId: z.string().regex(/^\d{16}$/),
  app: KeyPairSchema,
  alipay: KeyPairSchema,
});
export type AlipayDemoKeys = z.infer<typeof AlipayDemoKeysSchema>;

export function generateRsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export function generateAlipayDemoKeys(): AlipayDemoKeys {
  // Shaped like a real app id: 2021 + 12 digits.
  const appId = `2021${String(randomInt(0, 1e12)).padStart(12, '0')}`;
  return { appId, app: generateRsaKeyPair(), alipay: generateRsaKeyPair() };
}

/** Reads `<dataDir>/alipay/keys.json`, creating it (mode 600) on first run. */
export function ensureAlipayDemoKeys(dataDir: string): AlipayDemoKeys {
  const file = path.join(dataDir, 'alipay', 'keys.json');
  if (existsSync(file)) return AlipayDemoKeysSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const keys = generateAlipayDemoKeys();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return keys;
}
