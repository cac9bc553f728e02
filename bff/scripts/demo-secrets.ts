// The BFF's own demo secrets, made on first run and kept in <dataDir>/bff/secrets.json
// (mode 600, never committed), beside the database they protect: the key of the keyed hash
// that stands for a phone number in the SMS log (PHONE_HASH_KEY), and the key that seals record
// ids (RECORD_ID_KEY, added to a file made before it). Production takes its
// secrets from its secret store instead.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

const BffDemoSecretsSchema = z.object({
  /** Base64 of 32 random bytes. */
  phoneHashKey: z.base64().refine((value) => Buffer.from(value, 'base64').length === 32),
  recordIdKey: z.base64().refine((value) => Buffer.from(value, 'base64').length === 32),
});
export type BffDemoSecrets = z.infer<typeof BffDemoSecretsSchema>;

/** Reads `<dataDir>/bff/secrets.json`, creating it (mode 600) on first run. */
export function ensureBffDemoSecrets(dataDir: string): BffDemoSecrets {
  const file = path.join(dataDir, 'bff', 'secrets.json');
  const key = () => randomBytes(32).toString('base64');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  // A secret missing from an older file is made now; the ones there are kept.
  const secrets = BffDemoSecretsSchema.parse({ phoneHashKey: key(), recordIdKey: key(), ...kept });
  if (Object.keys(secrets).every((name) => name in kept)) return secrets;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
