// Steps the browser tests share: claiming the voucher in the H5 app as a seeded persona,
// reading the SMS code from npm start's console.
import path from 'node:path';

import jsQR from 'jsqr';
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';

import { ensureBffDemoSecrets } from '../../bff/scripts/demo-secrets';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createRecordIds } from '../../bff/src/services/record-ids';
import { ARTIFACTS } from '../support/browser';
import type { RunningSystem } from '../support/system';

export const PASSWORD = '582914';

/**
 * A screenshot of what the user sees once the page has come to rest. A page pushed with
 * navigateTo slides in (a CSS animation in Taro's H5 router), and its content is in the DOM,
 * and found by locators, from the first frame: without the wait the picture caught the new
 * page half in, or the page it covers.
 */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity,
      ),
  );
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The SMS code the dev sink printed for this phone after `since` lines of output. */
export async function smsCodeFor(system: RunningSystem, phone: string, since: number): Promise<string> {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  for (let waited = 0; waited < 10_000; waited += 100) {
    const line = system.output.slice(since).find((l) => l.includes('[dev SMS]') && l.includes(masked));
    const code = line && /验证码为(\d{6})/.exec(line)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SMS for ${masked} in the npm start output`);
}

/** The platform the dev login signs in on: 'h5' is the fake WeChat, 'alipay' the fake Alipay. */
export type DevPlatform = 'h5' | 'alipay';

export async function signInAndFillIdentity(
  system: RunningSystem,
  page: Page,
  key: keyof typeof PERSONAS,
  platform: DevPlatform = 'h5',
) {
  const person = PERSONAS[key];
  const tag = platform === 'alipay' ? `${key}-alipay` : key;
  await page.goto(system.url);
  await page.getByTestId('claim-start').click();
  if (platform === 'alipay') {
    await page.getByTestId('dev-platform-alipay').click();
    await page.locator('[data-testid="dev-platform-alipay"][data-selected="true"]').waitFor();
    await shot(page, `claim-${tag}-0-dev-login`);
  }
  await page.getByTestId(`persona-${key}`).click();

  await page.getByTestId('consent-next').waitFor();
  await shot(page, `claim-${tag}-1-consent`);
  await page.getByTestId('consent-terms').click();
  await page.getByTestId('consent-sensitive').click();
  await page.getByTestId('consent-next').click();

  await page.getByTestId('identity-name').locator('input').fill(person.name);
  await page.getByTestId('identity-number').locator('input').fill(person.docNumber);
  await shot(page, `claim-${tag}-2-identity`);
  await page.getByTestId('identity-submit').click();
  return person;
}

/** The whole claim, from the home page to the code tab saying 已领取. */
export async function claimAs(
  system: RunningSystem,
  page: Page,
  key: keyof typeof PERSONAS,
  platform: DevPlatform = 'h5',
) {
  const person = await signInAndFillIdentity(system, page, key, platform);
  const tag = platform === 'alipay' ? `${key}-alipay` : key;
  await page.getByTestId('sms-send').waitFor();
  const before = system.output.length;
  await page.getByTestId('sms-send').click();
  const code = await smsCodeFor(system, person.phone ?? '', before);
  await page.getByTestId('sms-code').locator('input').fill(code);
  await shot(page, `claim-${tag}-3-sms`);
  await page.getByTestId('sms-submit').click();

  await page.getByTestId('face-start').click();
  await page.getByTestId('face-dev-pass').waitFor();
  await shot(page, `claim-${tag}-4-face`);
  await page.getByTestId('face-dev-pass').click();

  await page.getByTestId('password-keypad').waitFor();
  for (const round of ['first', 'confirm']) {
    await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).click();
    if (round === 'first') await shot(page, `claim-${tag}-5-password`);
  }
  await page.getByTestId('code-claimed').waitFor({ timeout: 20_000 });
  return person;
}

/** Reads the QR the page shows, from a screenshot, as a counter's scanner would. */
export async function readQr(qr: Locator): Promise<string> {
  const png = PNG.sync.read(await qr.screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error('the QR on screen does not decode');
  return decoded.data;
}

/** The next code the page shows after `previous` (the page replaces a scanned code by itself). */
export async function nextQr(qr: Locator, previous: string): Promise<string> {
  for (let waited = 0; waited < 15_000; waited += 200) {
    const code = await readQr(qr).catch(() => previous);
    if (code !== previous) return code;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the page did not show a fresh code');
}

/**
 * The cash part through the H5 demo's cashier sheet (开发环境 · 模拟支付): 去支付, then 支付 in the
 * sheet, then wait for 支付完成 — which the page shows only when the BFF has the platform's word.
 */
export async function payCashInSheet(page: Page): Promise<void> {
  await page.getByTestId('cash-pay').last().click();
  await page.getByTestId('dev-cashier').last().waitFor();
  await page.getByTestId('dev-cashier-pay').last().click();
  await page.getByTestId('pay-done').last().waitFor({ timeout: 30_000 });
}

/**
 * The records list's item for one settlement of a person: the list knows it by its opaque id,
 * sealed under this run's demo key (the phone never sees the settlement number).
 */
export function recordItem(page: Page, system: RunningSystem, psnNo: string, setlId: string): Locator {
  const key = Buffer.from(ensureBffDemoSecrets(system.dataDir).recordIdKey, 'base64');
  const recordId = createRecordIds(key).seal({ psnNo, setlId });
  return page.locator(`[data-testid="record-item"][data-record-id="${recordId}"]`);
}
