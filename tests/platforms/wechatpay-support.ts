// The fake WeChat Pay on a real port, the BFF's WeChat Pay client pointed at it, the keys both
// sides hold (made once per test file), and a notify_url that records what reaches it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createWechatPaySandbox, type WechatPaySandboxOptions } from '../../bff/sandbox/wechatpay/app';
import { generateWechatPayDemoMerchant, type WechatPayDemoMerchant } from '../../bff/sandbox/wechatpay/keys';
import { createWechatPayClient, type WechatPayClientOptions } from '../../bff/src/clients/wechatpay';
import { listen } from '../support/servers';
import { manualClock } from './helpers';

export const WXPAY_APP_ID = 'wxpaytest0000001';

let merchant: WechatPayDemoMerchant | undefined;
export function wechatPayMerchant(): WechatPayDemoMerchant {
  merchant ??= generateWechatPayDemoMerchant();
  return merchant;
}

export function sandboxOptionsFor(m: WechatPayDemoMerchant, appId = WXPAY_APP_ID) {
  return {
    mchid: m.mchid,
    serial: m.serial,
    merchantPublicKey: m.merchant.publicKey,
    apiV3Key: m.apiV3Key,
    platformPrivateKey: m.platform.privateKey,
    publicKeyId: m.publicKeyId,
    appIds: [appId],
  };
}

export function clientOptionsFor(m: WechatPayDemoMerchant, baseUrl: string, now: () => number) {
  return {
    baseUrl,
    mchid: m.mchid,
    appId: WXPAY_APP_ID,
    serial: m.serial,
    privateKey: m.merchant.privateKey,
    apiV3Key: m.apiV3Key,
    platformPublicKey: m.platform.publicKey,
    platformPublicKeyId: m.publicKeyId,
    timeoutMs: 2000,
    now,
  };
}

export async function startWechatPay(options: Partial<WechatPaySandboxOptions> = {}) {
  const clock = manualClock();
  const m = wechatPayMerchant();
  const sandbox = createWechatPaySandbox({
    ...sandboxOptionsFor(m),
    now: clock.now,
    retryDelaysMs: [10, 10],
    ...options,
  });
  const running = await listen(sandbox.app);
  const client = (overrides: Partial<WechatPayClientOptions> = {}) =>
    createWechatPayClient({ ...clientOptionsFor(m, running.url, clock.now), ...overrides });
  return {
    ...sandbox,
    ...running,
    clock,
    client,
    close: async () => {
      sandbox.close();
      await running.close();
    },
  };
}

export type WechatPayRig = Awaited<ReturnType<typeof startWechatPay>>;

export interface ReceivedNotification {
  headers: Record<string, string>;
  body: string;
}

/**
 * A merchant's notify_url: records every POST and answers `status()` (200 by default) with
 * `text()` (empty by default; WeChat Pay's FAIL body when the status is not 200).
 */
export async function notifyReceiver(status: () => number = () => 200, text?: () => string) {
  const received: ReceivedNotification[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers[name] = value;
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = status();
      res.end(text ? text() : res.statusCode === 200 ? '' : '{"code":"FAIL","message":"失败"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function postDev(url: string, body: unknown = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Waits for `check` to hold, polling briefly (never a fixed sleep). */
export async function eventually(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
