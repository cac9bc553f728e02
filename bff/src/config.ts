// The BFF's configuration, read once from the environment and validated. Nothing else
// reads process.env. Defaults run everything on loopback against the sandboxes.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const base64Key = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be Base64');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  BFF_HOST: z.string().default('127.0.0.1'),
  BFF_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Directory of the built H5 app to serve from the BFF's origin; unset in production. */
  H5_DIR: z.string().optional(),
  /** Enables the H5 demo login with seeded personas; never in production. */
  DEV_LOGIN: bool.default(false),
  APP_VERSION: z.string().default('0.1.0'),
  REGION_CODE: z
    .string()
    .regex(/^\d{6}$/)
    .default('231200'),
  REGION_NAME: z.string().default('绥化市'),

  INSURANCE_BASE_URL: z.url().default('http://127.0.0.1:8788'),
  INSURANCE_APP_ID: z.string().min(16, 'appId needs 16 characters for the SM4 work key'),
  INSURANCE_APP_SECRET: z.string().min(1),
  INSURANCE_SM2_USER_ID: z.string().min(1).default('1234567812345678'),
  /** The BFF's own SM2 key pair for this channel (Base64 d, Base64 04‖X‖Y). */
  INSURANCE_CHANNEL_PRIVATE_KEY: base64Key,
  INSURANCE_CHANNEL_PUBLIC_KEY: base64Key,
  /** The platform's public key, to verify its responses and events. */
  INSURANCE_PLATFORM_PUBLIC_KEY: base64Key,
  INSURANCE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid BFF configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.DEV_LOGIN) {
    throw new Error('invalid BFF configuration: DEV_LOGIN must be off in production');
  }
  return {
    env: e.NODE_ENV,
    host: e.BFF_HOST,
    port: e.BFF_PORT,
    logLevel: e.LOG_LEVEL,
    h5Dir: e.H5_DIR,
    devLogin: e.DEV_LOGIN,
    version: e.APP_VERSION,
    region: { code: e.REGION_CODE, name: e.REGION_NAME },
    insurance: {
      baseUrl: e.INSURANCE_BASE_URL.replace(/\/+$/, ''),
      timeoutMs: e.INSURANCE_TIMEOUT_MS,
      channel: {
        appId: e.INSURANCE_APP_ID,
        appSecret: e.INSURANCE_APP_SECRET,
        sm2UserId: e.INSURANCE_SM2_USER_ID,
        ownKeys: {
          privateKey: e.INSURANCE_CHANNEL_PRIVATE_KEY,
          publicKey: e.INSURANCE_CHANNEL_PUBLIC_KEY,
        },
        peerPublicKey: e.INSURANCE_PLATFORM_PUBLIC_KEY,
      },
    },
  };
}
