// npm start: builds the H5 app when it is missing or older than its sources (h5-build.ts),
// starts the insurance sandbox, the fake WeChat (with the fake WeChat Pay), the fake Alipay and
// the BFF on loopback (the BFF serving the H5 app from its own origin), prints the one URL to
// open, and stops everything on Ctrl-C. Ports and the data folder come from the
// environment (BFF_PORT, INSURANCE_PORT, YBM_DATA_DIR) so tests can run it side by side.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { ensureAlipayDemoKeys } from '../sandbox/alipay/keys';
import { DEMO_CHANNEL_IDS, demoChannel, ensureDemoKeys } from '../sandbox/insurance/keys';
import { ensureWechatDemoApp } from '../sandbox/wechat/demo-app';
import { ensureWechatPayDemoMerchant } from '../sandbox/wechatpay/keys';

import { ensureBffDemoSecrets } from './demo-secrets';
import { DEFAULT_H5_DIR, ensureH5Build } from './h5-build';
import { SERVER_NODE_FLAGS } from './node-flags';

const root = path.resolve(__dirname, '..', '..');
const dataDir = path.resolve(process.env.YBM_DATA_DIR ?? path.join(root, '.data'));
// The browser tests and the bench pass a build of their own (H5_DIR) made for the run
// (YBM_H5_PREBUILT=1: serve it as it is, never rebuild it under them).
const h5Dir = path.resolve(process.env.H5_DIR ?? DEFAULT_H5_DIR);
const h5Prebuilt = process.env.YBM_H5_PREBUILT === '1';
const host = '127.0.0.1';
const bffPort = process.env.BFF_PORT ?? '8787';
const insurancePort = process.env.INSURANCE_PORT ?? '8788';
const wechatPort = process.env.WECHAT_PORT ?? '8789';
const alipayPort = process.env.ALIPAY_PORT ?? '8790';

const children: ChildProcess[] = [];
let stopping = false;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  // Give children a moment to close their servers and databases.
  setTimeout(() => process.exit(code), 1500).unref();
  Promise.all(
    children.map(
      (child) => new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done))),
    ),
  ).then(() => process.exit(code));
}

/** Starts a TypeScript entry point under tsx and resolves with the URL it announces. */
function startProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  readyPrefix: string,
): Promise<string> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', path.join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(readyPrefix)) resolve(line.slice(readyPrefix.length).trim());
      else if (process.env.YBM_QUIET !== '1') log(`[${name}] ${line}`);
    });
    createInterface({ input: child.stderr! }).on('line', (line) =>
      process.stderr.write(`[${name}] ${line}\n`),
    );
    child.once('exit', (code, signal) => {
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
      if (!stopping) {
        process.stderr.write(`${name} stopped unexpectedly (${signal ?? code}); stopping everything\n`);
        stopAll(1);
      }
    });
  });
}

function prepareH5Build(): void {
  if (!h5Prebuilt) ensureH5Build(h5Dir, log);
  else if (!existsSync(path.join(h5Dir, 'index.html'))) throw new Error(`no H5 build in ${h5Dir}`);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  prepareH5Build();
  // Every credential is made here, once, before any process reads it.
  const keys = ensureDemoKeys(dataDir);
  const wechatApp = ensureWechatDemoApp(dataDir);
  const alipayKeys = ensureAlipayDemoKeys(dataDir);
  const wechatPay = ensureWechatPayDemoMerchant(dataDir);
  const bffSecrets = ensureBffDemoSecrets(dataDir);
  const wechat = demoChannel(keys, DEMO_CHANNEL_IDS.wechat);
  const alipay = demoChannel(keys, DEMO_CHANNEL_IDS.alipay);

  const insuranceUrl = await startProcess(
    'insurance',
    'bff/sandbox/insurance/main.ts',
    {
      YBM_DATA_DIR: dataDir,
      INSURANCE_HOST: host,
      INSURANCE_PORT: insurancePort,
      // Settlement, scan and bill events go to the BFF, which starts next on a known port.
      INSURANCE_WEBHOOK_URL: `http://${host}:${bffPort}/webhooks/insurance`,
    },
    'YBM_INSURANCE_LISTENING',
  );
  // The fake WeChat also serves the fake WeChat Pay (the demo merchant) on its port.
  const [wechatUrl, alipayUrl] = await Promise.all([
    startProcess(
      'wechat',
      'bff/sandbox/wechat/main.ts',
      { YBM_DATA_DIR: dataDir, WECHAT_HOST: host, WECHAT_PORT: wechatPort },
      'YBM_WECHAT_LISTENING',
    ),
    startProcess(
      'alipay',
      'bff/sandbox/alipay/main.ts',
      { YBM_DATA_DIR: dataDir, ALIPAY_HOST: host, ALIPAY_PORT: alipayPort },
      'YBM_ALIPAY_LISTENING',
    ),
  ]);
  const bffUrl = await startProcess(
    'bff',
    'bff/src/main.ts',
    {
      NODE_ENV: 'development',
      BFF_HOST: host,
      BFF_PORT: bffPort,
      H5_DIR: h5Dir,
      DEV_LOGIN: 'true',
      BFF_DB_FILE: path.join(dataDir, 'bff', 'bff.sqlite'),
      PHONE_HASH_KEY: bffSecrets.phoneHashKey,
      RECORD_ID_KEY: bffSecrets.recordIdKey,
      WECHAT_API_BASE: wechatUrl,
      WECHAT_APP_ID: wechatApp.appId,
      WECHAT_APP_SECRET: wechatApp.appSecret,
      ALIPAY_GATEWAY: `${alipayUrl}/gateway.do`,
      ALIPAY_APP_ID: alipayKeys.appId,
      ALIPAY_PRIVATE_KEY: alipayKeys.app.privateKey,
      ALIPAY_PUBLIC_KEY: alipayKeys.alipay.publicKey,
      // Where the fake WeChat Pay and the fake Alipay send payment notifications: this BFF.
      PUBLIC_BASE_URL: `http://${host}:${bffPort}`,
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
    },
    'YBM_BFF_LISTENING',
  );

  log('');
  log(`医保码 is running. Open ${bffUrl}/ in a browser (Ctrl-C stops everything).`);
  log(`  sandboxes: insurance ${insuranceUrl}  WeChat ${wechatUrl}  Alipay ${alipayUrl}`);
  log(`  data: ${dataDir}   (dev SMS codes are printed here as [dev SMS] lines)`);
  log(`YBM_READY ${bffUrl}/`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  stopAll(1);
});
