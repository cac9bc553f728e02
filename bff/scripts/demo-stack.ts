// What `npm start` and `npm run start:scaled` share: the demo credentials (made once under the
// data folder, before any process reads them), the sandboxes (insurance platform, WeChat with
// WeChat Pay, Alipay), and the BFF's environment pointing at them.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ensureAlipayDemoKeys } from '../sandbox/alipay/keys';
import { DEMO_CHANNEL_IDS, demoChannel, ensureDemoKeys } from '../sandbox/insurance/keys';
import { ensureWechatDemoApp } from '../sandbox/wechat/demo-app';
import { ensureWechatPayDemoMerchant } from '../sandbox/wechatpay/keys';

import { ensureBffDemoSecrets } from './demo-secrets';
import { DEFAULT_H5_DIR, ensureH5Build } from './h5-build';
import { log, root, type Supervisor } from './processes';

export const host = '127.0.0.1';
export const dataDir = path.resolve(process.env.YBM_DATA_DIR ?? path.join(root, '.data'));
// The browser tests and the bench pass a build of their own (H5_DIR) made for the run
// (YBM_H5_PREBUILT=1: serve it as it is, never rebuild it under them).
export const h5Dir = path.resolve(process.env.H5_DIR ?? DEFAULT_H5_DIR);

export function prepareH5Build(): void {
  if (process.env.YBM_H5_PREBUILT !== '1') ensureH5Build(h5Dir, log);
  else if (!existsSync(path.join(h5Dir, 'index.html'))) throw new Error(`no H5 build in ${h5Dir}`);
}

/** The ports from the environment (tests run several side by side). */
export const ports = {
  bff: process.env.BFF_PORT ?? '8787',
  insurance: process.env.INSURANCE_PORT ?? '8788',
  wechat: process.env.WECHAT_PORT ?? '8789',
  alipay: process.env.ALIPAY_PORT ?? '8790',
};

export function ensureDemoCredentials(dataDir: string) {
  const keys = ensureDemoKeys(dataDir);
  return {
    keys,
    wechatApp: ensureWechatDemoApp(dataDir),
    alipayKeys: ensureAlipayDemoKeys(dataDir),
    wechatPay: ensureWechatPayDemoMerchant(dataDir),
    bffSecrets: ensureBffDemoSecrets(dataDir),
    wechat: demoChannel(keys, DEMO_CHANNEL_IDS.wechat),
    alipay: demoChannel(keys, DEMO_CHANNEL_IDS.alipay),
  };
}

export type DemoCredentials = ReturnType<typeof ensureDemoCredentials>;

export interface SandboxUrls {
  insuranceUrl: string;
  wechatUrl: string;
  alipayUrl: string;
}

/** The three sandboxes; the insurance platform sends its events to `bffUrl`'s webhook. */
export async function startSandboxes(
  supervisor: Supervisor,
  options: { dataDir: string; bffUrl: string },
): Promise<SandboxUrls> {
  const { dataDir } = options;
  const insuranceUrl = await supervisor.startServer(
    'insurance',
    'bff/sandbox/insurance/main.ts',
    {
      YBM_DATA_DIR: dataDir,
      INSURANCE_HOST: host,
      INSURANCE_PORT: ports.insurance,
      // Settlement, scan and bill events go to the BFF, which starts next on a known port.
      INSURANCE_WEBHOOK_URL: `${options.bffUrl}/webhooks/insurance`,
    },
    'YBM_INSURANCE_LISTENING',
  );
  // The fake WeChat also serves the fake WeChat Pay (the demo merchant) on its port.
  const [wechatUrl, alipayUrl] = await Promise.all([
    supervisor.startServer(
      'wechat',
      'bff/sandbox/wechat/main.ts',
      { YBM_DATA_DIR: dataDir, WECHAT_HOST: host, WECHAT_PORT: ports.wechat },
      'YBM_WECHAT_LISTENING',
    ),
    supervisor.startServer(
      'alipay',
      'bff/sandbox/alipay/main.ts',
      { YBM_DATA_DIR: dataDir, ALIPAY_HOST: host, ALIPAY_PORT: ports.alipay },
      'YBM_ALIPAY_LISTENING',
    ),
  ]);
  return { insuranceUrl, wechatUrl, alipayUrl };
}

/**
 * The demo BFF's environment: `port` it listens on, `publicUrl` where the payment platforms
 * reach it (itself, or the load balancer in front), the sandboxes, and the storage (`storage`:
 * the SQLite file's env, or DATABASE_URL and REDIS_URL).
 */
export function bffEnvironment(options: {
  dataDir: string;
  h5Dir: string;
  port: string;
  publicUrl: string;
  sandboxes: SandboxUrls;
  credentials: DemoCredentials;
  storage: NodeJS.ProcessEnv;
}): NodeJS.ProcessEnv {
  const { keys, wechatApp, alipayKeys, wechatPay, bffSecrets, wechat, alipay } = options.credentials;
  const { insuranceUrl, wechatUrl, alipayUrl } = options.sandboxes;
  return {
    NODE_ENV: 'development',
    BFF_HOST: host,
    BFF_PORT: options.port,
    H5_DIR: options.h5Dir,
    DEV_LOGIN: 'true',
    ...options.storage,
    PHONE_HASH_KEY: bffSecrets.phoneHashKey,
    RECORD_ID_KEY: bffSecrets.recordIdKey,
    WECHAT_API_BASE: wechatUrl,
    WECHAT_APP_ID: wechatApp.appId,
    WECHAT_APP_SECRET: wechatApp.appSecret,
    ALIPAY_GATEWAY: `${alipayUrl}/gateway.do`,
    ALIPAY_APP_ID: alipayKeys.appId,
    ALIPAY_PRIVATE_KEY: alipayKeys.app.privateKey,
    ALIPAY_PUBLIC_KEY: alipayKeys.alipay.publicKey,
    // Where the fake WeChat Pay and the fake Alipay send payment notifications.
    PUBLIC_BASE_URL: options.publicUrl,
    WECHATPAY_API_BASE: wechatUrl,
    WECHATPAY_MCHID: wechatPay.mchid,
    WECHATPAY_SERIAL: wechatPay.serial,
    WECHATPAY_PRIVATE_KEY: wechatPay.merchant.privateKey,
    WECHATPAY_APIV3_KEY: wechatPay.apiV3Key,
    WECHATPAY_PUBLIC_KEY: wechatPay.platform.publicKey,
    WECHATPAY_PUBLIC_KEY_ID: wechatPay.publicKeyId,
    INSURANCE_BASE_URL: insuranceUrl,
    INSURANCE_SM2_USER_ID: wechat.sm2UserId,
    INSURANCE_PLATFORM_PUBLIC_KEY: keys.platform.publicKey,
    INSURANCE_WECHAT_APP_ID: wechat.appId,
    INSURANCE_WECHAT_APP_SECRET: wechat.appSecret,
    INSURANCE_WECHAT_PRIVATE_KEY: wechat.keys.privateKey,
    INSURANCE_WECHAT_PUBLIC_KEY: wechat.keys.publicKey,
    INSURANCE_ALIPAY_APP_ID: alipay.appId,
    INSURANCE_ALIPAY_APP_SECRET: alipay.appSecret,
    INSURANCE_ALIPAY_PRIVATE_KEY: alipay.keys.privateKey,
    INSURANCE_ALIPAY_PUBLIC_KEY: alipay.keys.publicKey,
  };
}

/** The SQLite file's environment for `npm start`. */
export const sqliteStorage = (dataDir: string) => ({ BFF_DB_FILE: path.join(dataDir, 'bff', 'bff.sqlite') });
