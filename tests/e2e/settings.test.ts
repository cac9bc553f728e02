// Issue 24 in the H5 build against `npm start`: `phoneChanged`, refused for a stopped reserved
// phone, replaces it by a face check (a failed one refused in words) and an SMS to the new
// number and finishes claiming; 设置 from 我的: 大字模式 (screenshots of the pages in both sizes)
// and changing the password. Screenshots: tests/artifacts/settings-*.png.
import type { Browser } from 'playwright-core';

import { launchBrowser, openPhonePage } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, shot, signInAndFillIdentity, smsCodeFor } from './flows';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

it('lets phoneChanged replace the stopped phone by a face check and finish claiming', async () => {
  const page = await openPhonePage(browser);
  const person = await signInAndFillIdentity(system, page, 'phoneChanged');
  const newPhone = '13945500099';
  await page.getByTestId('claim-replace-phone').click();
  await page.locator('[data-testid="recover"][data-step="identity"]').waitFor();
  await shot(page, 'settings-phone-1-identity');
  await page.getByTestId('recover-start').click();
  await page.locator('[data-testid="recover"][data-step="face"]').waitFor();
  await page.getByTestId('recover-face').click();
  await page.getByTestId('recover-face-fail').click();
  await page.getByTestId('recover-error').filter({ hasText: '人脸核验未通过' }).waitFor();
  await shot(page, 'settings-phone-2-face-failed');
  await page.getByTestId('recover-face').click();
  await page.getByTestId('recover-face-pass').click();
  await page.locator('[data-testid="recover"][data-step="phone"]').waitFor();
  await page.getByTestId('recover-new-phone').locator('input').fill(newPhone);
  const before = system.output.length;
  await page.getByTestId('recover-phone-submit').click();
  await page.locator('[data-testid="recover"][data-step="sms"]').waitFor();
  await page
    .getByTestId('recover-code')
    .locator('input')
    .fill(await smsCodeFor(system, newPhone, before));
  await shot(page, 'settings-phone-3-sms');
  await page.getByTestId('recover-verify').click();
  await page.getByTestId('recover-done').waitFor();
  await shot(page, 'settings-phone-4-done');

  // The same claim goes on, its SMS now to the new number.
  await page.getByTestId('recover-continue').click();
  await page.getByTestId('identity-name').locator('input').fill(person.name);
  await page.getByTestId('identity-number').locator('input').fill(person.docNumber);
  await page.getByTestId('identity-submit').click();
  await page.getByTestId('sms-send').waitFor();
  const sent = system.output.length;
  await page.getByTestId('sms-send').click();
  await page
    .getByTestId('sms-code')
    .locator('input')
    .fill(await smsCodeFor(system, newPhone, sent));
  await page.getByTestId('sms-submit').click();
  await page.getByTestId('face-start').click();
  await page.getByTestId('face-dev-pass').click();
  for (const round of ['first', 'confirm']) {
    await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).click();
  }
  await page.getByTestId('code-claimed').waitFor({ timeout: 20_000 });
  await shot(page, 'settings-phone-5-claimed');
});

it('turns 大字模式 on from 设置 and changes the password', async () => {
  const page = await openPhonePage(browser);
  await claimAs(system, page, 'retiree');
  await shot(page, 'settings-normal-code');
  await page.goto(`${system.url}/#/pages/index/index`);
  await page.getByTestId('home-fraud-tips').waitFor();
  await shot(page, 'settings-normal-home');
  const normal = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

  await page.goto(`${system.url}/#/pages/mine/index`);
  await page.getByTestId('mine-settings').click();
  await page.getByTestId('settings-large-text').click();
  await page.locator('[data-testid="settings-large-text"][data-checked="true"]').waitFor();
  const large = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(large).toBeGreaterThan(normal * 1.2);
  await shot(page, 'settings-large-settings');

  await page.getByTestId('settings-fraud').click();
  await page.getByTestId('fraud-tips').waitFor();
  await shot(page, 'settings-large-fraud-tips');
  await page.goBack();

  await page.getByTestId('settings-change-password').click();
  await page.getByTestId('password-keypad').waitFor();
  for (const digit of '111333') await page.getByTestId(`key-${digit}`).click();
  for (const round of ['first', 'confirm']) {
    await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
    for (const digit of '640273') await page.getByTestId(`key-${digit}`).click();
  }
  await page.getByTestId('password-error').filter({ hasText: '还可尝试4次' }).waitFor();
  await shot(page, 'settings-large-change-password-wrong');
  for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).click();
  for (const round of ['first', 'confirm']) {
    await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
    for (const digit of '640273') await page.getByTestId(`key-${digit}`).click();
  }
  await page.getByTestId('change-password-done').waitFor();

  // The choice is the person's: a reload (a fresh /me) keeps it.
  await page.goto(`${system.url}/#/pages/index/index`);
  await page.reload();
  await page.getByTestId('home-fraud-tips').waitFor();
  await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
  await shot(page, 'settings-large-home');
  await page.goto(`${system.url}/#/pages/code/index`);
  await page.getByTestId('code-claimed').waitFor();
  await shot(page, 'settings-large-code');
});
