// The fake Alipay platform on a real port, the BFF's client (alipay-sdk inside) pointed
// at it, and the RSA keys both sides hold — made once per test file.
import { createAlipaySandbox, type AlipaySandboxOptions } from '../../bff/sandbox/alipay/app';
import { generateRsaKeyPair } from '../../bff/sandbox/alipay/keys';
import { createAlipayClient, type AlipayClientOptions } from '../../bff/src/clients/alipay';
import { listen } from '../support/servers';
import { manualClock } from './helpers';

export const ALIPAY_APP_ID = '2021000000000001';

let keys:
  { app: ReturnType<typeof generateRsaKeyPair>; alipay: ReturnType<typeof generateRsaKeyPair> } | undefined;

export function alipayKeys() {
  keys ??= { app: generateRsaKeyPair(), alipay: generateRsaKeyPair() };
  return keys;
}

/** The fake Alipay for the test app's keys, in process (no port), on a manual clock. */
export function inProcessAlipay() {
  const { app, alipay } = alipayKeys();
  return createAlipaySandbox({
    appId: ALIPAY_APP_ID,
    appPublicKey: app.publicKey,
    alipayKeyPair: alipay,
    now: manualClock().now,
  });
}

export async function startAlipay(options: Partial<AlipaySandboxOptions> = {}) {
  const clock = manualClock();
  const { app: appKeys, alipay } = alipayKeys();
  const sandbox = createAlipaySandbox({
    appId: ALIPAY_APP_ID,
    appPublicKey: appKeys.publicKey,
    alipayKeyPair: alipay,
    now: clock.now,
    ...options,
  });
  const running = await listen(sandbox.app);
  const close = async () => {
    sandbox.close();
    await running.close();
  };
  const client = (overrides: Partial<AlipayClientOptions> = {}) =>
    createAlipayClient({
      gateway: `${running.url}/gateway.do`,
      endpoint: running.url,
      appId: ALIPAY_APP_ID,
      privateKey: appKeys.privateKey,
      alipayPublicKey: alipay.publicKey,
      timeoutMs: 2000,
      ...overrides,
    });
  return { ...sandbox, ...running, close, clock, client };
}

export type AlipayRig = Awaited<ReturnType<typeof startAlipay>>;

export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
