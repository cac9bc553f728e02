// The fakes as npm start runs them: each main.ts announces its URL, answers, and keeps
// its credentials in the data folder, readable by the owner only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { ensureAlipayDemoKeys } from '../../bff/sandbox/alipay/keys';
import { ensureWechatDemoApp } from '../../bff/sandbox/wechat/demo-app';
import { ensureWechatPayDemoMerchant } from '../../bff/sandbox/wechatpay/keys';

const root = path.resolve(__dirname, '..', '..');

function start(
  entry: string,
  env: Record<string, string>,
  prefix: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(prefix)) resolve({ url: line.slice(prefix.length).trim(), child });
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('fake platforms as processes', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ybm-platforms-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['bff/sandbox/wechat/main.ts', 'WECHAT_PORT', 'YBM_WECHAT_LISTENING'],
    ['bff/sandbox/alipay/main.ts', 'ALIPAY_PORT', 'YBM_ALIPAY_LISTENING'],
  ])(
    '%s listens on loopback and answers',
    async (entry, portVariable, prefix) => {
      const { url, child } = await start(entry, { YBM_DATA_DIR: dataDir, [portVariable]: '0' }, prefix);
      try {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        if (portVariable === 'WECHAT_PORT') {
          // WeChat Pay shares the fake WeChat's port: an unsigned call is refused in its words.
          const pay = await fetch(`${url}/v3/pay/transactions/out-trade-no/X000000?mchid=1`);
          expect(pay.status).toBe(401);
          await expect(pay.json()).resolves.toMatchObject({ code: 'SIGN_ERROR' });
        }
      } finally {
        await stop(child);
      }
    },
    20_000,
  );

  it('keeps the credentials the processes made (mode 600), and hands the same ones back', () => {
    const wechat = ensureWechatDemoApp(dataDir);
    expect(wechat.appId).toMatch(/^wx[0-9a-f]{16}$/);
    expect(statSync(path.join(dataDir, 'wechat', 'app.json')).mode & 0o777).toBe(0o600);

    const alipay = ensureAlipayDemoKeys(dataDir);
    expect(statSync(path.join(dataDir, 'alipay', 'keys.json')).mode & 0o777).toBe(0o600);
    expect(alipay.appId).toMatch(/^2021\d{12}$/);
    expect(alipay.app.privateKey).toContain('BEGIN PRIVATE KEY');
    expect(alipay.alipay.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(ensureAlipayDemoKeys(dataDir)).toEqual(alipay);

    const merchant = ensureWechatPayDemoMerchant(dataDir);
    expect(statSync(path.join(dataDir, 'wechatpay', 'merchant.json')).mode & 0o777).toBe(0o600);
    expect(merchant.mchid).toMatch(/^\d{10}$/);
    expect(merchant.apiV3Key).toHaveLength(32);
    expect(ensureWechatPayDemoMerchant(dataDir)).toEqual(merchant);
  });
});
