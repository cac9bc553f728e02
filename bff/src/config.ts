// The BFF's configuration, read once from the environment and validated. Nothing else
// reads process.env. Defaults run everything on loopback against the sandboxes.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { z } from 'zod';

import { DEFAULT_BREAKER_SETTINGS, type BreakerSettings } from './services/dependencies';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const base64Key = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be Base64');
const appId = z.string().min(16, 'appId needs 16 characters for the SM4 work key');
/** A secret key: Base64 of at least 32 random bytes (256 bits, the HMAC-SHA-256 block's worth). */
const secretKey = base64Key.refine(
  (value) => Buffer.from(value, 'base64').length >= 32,
  'must be Base64 of at least 32 random bytes',
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  BFF_HOST: z.string().default('127.0.0.1'),
  BFF_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /**
   * How long an idle keep-alive connection stays open. Longer than the idle timeout of the
   * gateway in front (60 s is usual for nginx, SLB and CLB), so the gateway never reuses a
   * connection at the moment the BFF closes it (a 502 for that user); Node's 5 s is too short.
   */
  BFF_KEEP_ALIVE_MS: z.coerce.number().int().min(1000).max(600_000).default(65_000),
  /**
   * On SIGTERM (shutdown.ts): how long requests in flight may still take before they are cut.
   * Long-polls end at once; this bounds the rest (a payment waits on the platform's timeout).
   */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
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

  /** The BFF's SQLite file (sessions, claims, bindings); ':memory:' for tests. */
  BFF_DB_FILE: z.string().min(1).default('.data/bff/bff.sqlite'),
  // The scaled mode (issue 25): several BFF instances share PostgreSQL (everything but sessions)
  // and Redis (sessions, rate limits, wake-ups). Both or neither; neither keeps the SQLite file.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /**
   * The key of the HMAC-SHA-256 that stands for a phone number in the SMS rate limit, so the
   * database holds no phone number. Required like every other secret: with no default, no
   * deployment runs on a key anyone could read here. npm start makes one in .data/bff/.
   */
  PHONE_HASH_KEY: secretKey,

  /**
   * The key that seals a record's id (AES-256-GCM over the platform's settlement id and the
   * person it belongs to, issue 22): the phone only ever sees ids this BFF can open, which say
   * nothing and work for no one else. Required; npm start makes one in .data/bff/. Changing it
   * makes the ids phones hold stale (a record opened from an old list is 404: reload the list).
   */
  RECORD_ID_KEY: secretKey,

  WECHAT_API_BASE: z.url().default('http://127.0.0.1:8789'),
  WECHAT_APP_ID: z.string().min(1),
  WECHAT_APP_SECRET: z.string().min(1),
  // Alipay is optional as a group: gateway URL, app id, the app's private key (PKCS8 PEM)
  // and Alipay's public key (SPKI PEM).
  ALIPAY_GATEWAY: z.url().optional(),
  ALIPAY_APP_ID: z.string().min(1).optional(),
  ALIPAY_PRIVATE_KEY: z.string().includes('PRIVATE KEY').optional(),
  ALIPAY_PUBLIC_KEY: z.string().includes('PUBLIC KEY').optional(),
  PLATFORM_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),

  /**
   * Where the payment platforms reach this BFF from outside: the notify URLs of WeChat Pay and
   * Alipay trades are this + /webhooks/wechatpay and /webhooks/alipay. HTTPS in production.
   * Without it no cash part can be paid online (the payment notifications would have nowhere to go).
   */
  PUBLIC_BASE_URL: z.url().optional(),
  // WeChat Pay (merchant API v3, public-key mode) is optional as a group: the merchant id, the
  // serial of the merchant API certificate, the merchant's private key (PKCS8 PEM), the APIv3
  // key (32 characters), and the platform's public key (SPKI PEM) with its id (PUB_KEY_ID_…).
  WECHATPAY_API_BASE: z.url().default('http://127.0.0.1:8789'),
  WECHATPAY_MCHID: z
    .string()
    .regex(/^\d{8,12}$/, 'must be the merchant id (digits)')
    .optional(),
  WECHATPAY_SERIAL: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,40}$/, 'must be the certificate serial number (hex)')
    .optional(),
  WECHATPAY_PRIVATE_KEY: z.string().includes('PRIVATE KEY').optional(),
  WECHATPAY_APIV3_KEY: z
    .string()
    .regex(/^[\x21-\x7e]{32}$/, 'must be the 32-character APIv3 key')
    .optional(),
  WECHATPAY_PUBLIC_KEY: z.string().includes('PUBLIC KEY').optional(),
  WECHATPAY_PUBLIC_KEY_ID: z
    .string()
    .regex(/^PUB_KEY_ID_\w{1,64}$/, 'must be the platform public key id (PUB_KEY_ID_…)')
    .optional(),
  /** The subscribe / template messages for a new bill, as registered with each platform. */
  WECHAT_BILL_TEMPLATE_ID: z.string().min(1).default('YBM_BILL_NOTICE'),
  ALIPAY_BILL_TEMPLATE_ID: z.string().min(1).default('YBM_BILL_NOTICE'),

  INSURANCE_BASE_URL: z.url().default('http://127.0.0.1:8788'),
  INSURANCE_SM2_USER_ID: z.string().min(1).default('1234567812345678'),
  /** The platform's public key, to verify its responses and events. */
  INSURANCE_PLATFORM_PUBLIC_KEY: base64Key,
  INSURANCE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  // One insurance channel per mini-program platform (the platform knows them apart by appId):
  // appId, appSecret and the BFF's SM2 key pair for it (Base64 d, Base64 04‖X‖Y).
  INSURANCE_WECHAT_APP_ID: appId,
  INSURANCE_WECHAT_APP_SECRET: z.string().min(1),
  INSURANCE_WECHAT_PRIVATE_KEY: base64Key,
  INSURANCE_WECHAT_PUBLIC_KEY: base64Key,
  // The Alipay channel is optional: without it Alipay users cannot sign in.
  INSURANCE_ALIPAY_APP_ID: appId.optional(),
  INSURANCE_ALIPAY_APP_SECRET: z.string().min(1).optional(),
  INSURANCE_ALIPAY_PRIVATE_KEY: base64Key.optional(),
  INSURANCE_ALIPAY_PUBLIC_KEY: base64Key.optional(),

  // Several instances on one database (issue 25).
  /**
   * This instance's name, the owner of the outbox rows it leases; unique among the instances on
   * one database. Default: host name, process id and 4 random hex digits.
   */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 of A–Z a–z 0–9 . _ -')
    .optional(),
  /**
   * How long a bill may be 'paying' before reconciliation asks the platform about it (6301): any
   * sooner, and it could ask while the instance paying it still waits for the answer.
   */
  PAYING_LEASE_MS: z.coerce.number().int().positive().max(3_600_000).default(60_000),

  // Every dependency's circuit breaker (issue 26) counts the same way: it opens when at least
  // BREAKER_MINIMUM_CALLS calls in the last BREAKER_WINDOW_MS ended and at least
  // BREAKER_FAILURE_RATE of them were outages, refuses for BREAKER_COOL_DOWN_MS, then lets one
  // probe through. The fault tests run processes with small ones.
  BREAKER_WINDOW_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_BREAKER_SETTINGS.windowMs),
  BREAKER_MINIMUM_CALLS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(DEFAULT_BREAKER_SETTINGS.minimumCalls),
  BREAKER_FAILURE_RATE: z.coerce.number().gt(0).max(1).default(DEFAULT_BREAKER_SETTINGS.failureRate),
  BREAKER_COOL_DOWN_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(DEFAULT_BREAKER_SETTINGS.coolDownMs),
});

/** A payment in a live instance: the authorisation, the order, the question after a lost answer. */
const INSURANCE_CALLS_PER_PAYMENT = 3;

/** Host name, pid and 4 random hex digits, cut to what INSTANCE_ID allows. */
function defaultInstanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

type Env = z.infer<typeof EnvSchema>;

function channel(e: Env, appIdValue: string, appSecret: string, privateKey: string, publicKey: string) {
  return {
    appId: appIdValue,
    appSecret,
    sm2UserId: e.INSURANCE_SM2_USER_ID,
    ownKeys: { privateKey, publicKey },
    peerPublicKey: e.INSURANCE_PLATFORM_PUBLIC_KEY,
  };
}

function alipayPlatform(e: Env) {
  const { ALIPAY_GATEWAY: gateway, ALIPAY_APP_ID: appId, ALIPAY_PRIVATE_KEY: privateKey } = e;
  const alipayPublicKey = e.ALIPAY_PUBLIC_KEY;
  if (!gateway && !appId && !privateKey && !alipayPublicKey) return undefined;
  if (!gateway || !appId || !privateKey || !alipayPublicKey) {
    throw new Error('invalid BFF configuration: set all four ALIPAY_* settings or none');
  }
  return { gateway, appId, privateKey, alipayPublicKey };
}

function wechatPay(e: Env) {
  const parts = {
    mchid: e.WECHATPAY_MCHID,
    serial: e.WECHATPAY_SERIAL,
    privateKey: e.WECHATPAY_PRIVATE_KEY,
    apiV3Key: e.WECHATPAY_APIV3_KEY,
    platformPublicKey: e.WECHATPAY_PUBLIC_KEY,
    platformPublicKeyId: e.WECHATPAY_PUBLIC_KEY_ID,
  };
  const given = Object.values(parts).filter((part) => part !== undefined).length;
  if (given === 0) return undefined;
  const { mchid, serial, privateKey, apiV3Key, platformPublicKey, platformPublicKeyId } = parts;
  if (!mchid || !serial || !privateKey || !apiV3Key || !platformPublicKey || !platformPublicKeyId) {
    throw new Error('invalid BFF configuration: set all six WECHATPAY_* merchant settings or none');
  }
  if (!e.PUBLIC_BASE_URL) {
    throw new Error('invalid BFF configuration: WeChat Pay needs PUBLIC_BASE_URL for its notifications');
  }
  return {
    baseUrl: e.WECHATPAY_API_BASE.replace(/\/+$/, ''),
    mchid,
    serial,
    privateKey,
    apiV3Key,
    platformPublicKey,
    platformPublicKeyId,
  };
}

/** PostgreSQL + Redis when both are set; one alone would split the state the instances share. */
function scaledStorage(e: Env) {
  const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = e;
  if (!databaseUrl && !redisUrl) return undefined;
  if (!databaseUrl || !redisUrl) {
    throw new Error(
      `invalid BFF configuration: set both DATABASE_URL and REDIS_URL (scaled mode) or neither (SQLite); ${
        databaseUrl ? 'REDIS_URL' : 'DATABASE_URL'
      } is missing`,
    );
  }
  return { databaseUrl, redisUrl };
}

function alipayChannel(e: Env) {
  const parts = [
    e.INSURANCE_ALIPAY_APP_ID,
    e.INSURANCE_ALIPAY_APP_SECRET,
    e.INSURANCE_ALIPAY_PRIVATE_KEY,
    e.INSURANCE_ALIPAY_PUBLIC_KEY,
  ] as const;
  if (parts.every((part) => part === undefined)) return undefined;
  const [id, secret, privateKey, publicKey] = parts;
  if (!id || !secret || !privateKey || !publicKey) {
    throw new Error('invalid BFF configuration: set all four INSURANCE_ALIPAY_* settings or none');
  }
  return channel(e, id, secret, privateKey, publicKey);
}

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
  // The payment platforms post money notifications there: never in clear over the internet.
  if (e.NODE_ENV === 'production' && e.PUBLIC_BASE_URL && !e.PUBLIC_BASE_URL.startsWith('https://')) {
    throw new Error('invalid BFF configuration: PUBLIC_BASE_URL must be https in production');
  }
  if (e.PAYING_LEASE_MS <= INSURANCE_CALLS_PER_PAYMENT * e.INSURANCE_TIMEOUT_MS) {
    throw new Error(
      `invalid BFF configuration: PAYING_LEASE_MS must be longer than a payment can take (${INSURANCE_CALLS_PER_PAYMENT} × INSURANCE_TIMEOUT_MS = ${INSURANCE_CALLS_PER_PAYMENT * e.INSURANCE_TIMEOUT_MS} ms)`,
    );
  }
  return {
    instanceId: e.INSTANCE_ID ?? defaultInstanceId(),
    payingLeaseMs: e.PAYING_LEASE_MS,
    /** How every dependency's circuit breaker counts (upstreams and engines alike). */
    breakers: {
      windowMs: e.BREAKER_WINDOW_MS,
      minimumCalls: e.BREAKER_MINIMUM_CALLS,
      failureRate: e.BREAKER_FAILURE_RATE,
      coolDownMs: e.BREAKER_COOL_DOWN_MS,
    } satisfies BreakerSettings,
    env: e.NODE_ENV,
    host: e.BFF_HOST,
    port: e.BFF_PORT,
    keepAliveMs: e.BFF_KEEP_ALIVE_MS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    logLevel: e.LOG_LEVEL,
    h5Dir: e.H5_DIR,
    devLogin: e.DEV_LOGIN,
    version: e.APP_VERSION,
    region: { code: e.REGION_CODE, name: e.REGION_NAME },
    dbFile: e.BFF_DB_FILE,
    /** PostgreSQL + Redis (several instances); undefined: the SQLite file `dbFile`. */
    scaled: scaledStorage(e),
    phoneHashKey: Buffer.from(e.PHONE_HASH_KEY, 'base64'),
    recordIdKey: Buffer.from(e.RECORD_ID_KEY, 'base64'),
    wechat: {
      baseUrl: e.WECHAT_API_BASE.replace(/\/+$/, ''),
      appId: e.WECHAT_APP_ID,
      appSecret: e.WECHAT_APP_SECRET,
    },
    alipay: alipayPlatform(e),
    platformTimeoutMs: e.PLATFORM_TIMEOUT_MS,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    wechatPay: wechatPay(e),
    templates: {
      wechatBillTemplateId: e.WECHAT_BILL_TEMPLATE_ID,
      alipayBillTemplateId: e.ALIPAY_BILL_TEMPLATE_ID,
    },
    insurance: {
      baseUrl: e.INSURANCE_BASE_URL.replace(/\/+$/, ''),
      timeoutMs: e.INSURANCE_TIMEOUT_MS,
      channels: {
        wechat: channel(
          e,
          e.INSURANCE_WECHAT_APP_ID,
          e.INSURANCE_WECHAT_APP_SECRET,
          e.INSURANCE_WECHAT_PRIVATE_KEY,
          e.INSURANCE_WECHAT_PUBLIC_KEY,
        ),
        alipay: alipayChannel(e),
      },
    },
  };
}
