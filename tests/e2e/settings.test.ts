// Issue 24 in the H5 build against `npm start`: `phoneChanged`, refused for a stopped reserved
// phone, replaces it by a face check (a failed one refused in words) and an SMS to the new
// number and finishes claiming; changing the password and paying with the new one; locked out
// at the pay page, 忘记密码 there, and paying; unbinding and signing in again; home, code,
// records, 我的, settings, 防骗提示, 个人账户 and pay in normal and 大字模式 (measured: text grown,
// nothing off screen or cut off, tap targets, contrast). Screenshots: tests/artifacts/settings-*.png.
import { fenToYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import type { Browser, Page } from 'playwright-core';

import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser, openPhonePage } from '../support/browser';
import { measureLayout, type LayoutSample } from '../support/layout';
import { hisClient } from '../support/payments';
import { measureText, unreadable } from '../support/readability';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, payCashInSheet, shot, signInAndFillIdentity, smsCodeFor } from './flows';

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
  await shotInPlace(page, 'recover-start', 'settings-phone-1-identity');
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

const NEW_PASSWORD = '640273';

/** A screenshot once the element is in place: a page pushed with navigateTo slides in. */
async function shotInPlace(page: Page, testId: string, name: string): Promise<void> {
  await page.waitForFunction((id) => {
    const boxes = Array.from(document.querySelectorAll(`[data-testid="${id}"]`), (node) =>
      node.getBoundingClientRect(),
    );
    return boxes.some((box) => box.width > 0 && box.left >= 0 && box.right <= window.innerWidth);
  }, testId);
  await shot(page, name);
}
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest];

let orders = 0;
/** The hospital pushes a bill for the person (6201); the BFF hears of it from the platform. */
async function pushBill(psnNo: string): Promise<string> {
  orders += 1;
  const his = hisClient(system.insuranceUrl, hisChannel({ YBM_DATA_DIR: system.dataDir }), Date.now);
  const uploaded = await his.call(PATHS.uploadFees, {
    orgCodg: DEMO_INSTITUTIONS.hospital,
    medOrgOrd: `HIS-E2E-SET-${orders}`,
    psnNo,
    deptName: '普通内科',
    drName: '李医生',
    medfeeSumamt: fenToYuan(ITEMS.reduce((sum, item) => sum + item.priceFen, 0)),
    feedetail: ITEMS.map((item, i) => ({
      feedetlSn: `F${i + 1}`,
      medListCodg: item.code,
      cnt: 1,
      pric: fenToYuan(item.priceFen),
      detItemFeeSumamt: fenToYuan(item.priceFen),
    })),
  });
  expect(uploaded.code).toBe('0');
  return uploaded.data?.payOrdId as string;
}

/** The bill's own page (what its notice opens), once the BFF has heard of the bill. */
async function openBill(page: Page, billId: string): Promise<void> {
  await page.goto(`${system.url}/#/pages/pay/index?billId=${billId}`);
  const confirm = page.getByTestId('pay-confirm').last();
  for (let tries = 0; !(await confirm.isVisible()) && tries < 30; tries += 1) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  await confirm.waitFor();
}

async function keyIn(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await page.getByTestId(`key-${digit}`).last().click();
}

async function payWith(page: Page, password: string): Promise<void> {
  await page.getByTestId('pay-confirm').last().click();
  await keyIn(page, password);
}

async function paid(page: Page): Promise<void> {
  const result = page.getByTestId('pay-result').last();
  await result.waitFor({ timeout: 20_000 });
  if ((await result.getAttribute('data-status')) === 'awaiting_cash') await payCashInSheet(page);
  await page.getByTestId('pay-done').last().waitFor({ timeout: 20_000 });
}

it('changes the password in 设置 (a wrong old one says the tries left) and pays with the new one', async () => {
  const page = await openPhonePage(browser);
  const person = await claimAs(system, page, 'employee');
  await page.goto(`${system.url}/#/pages/mine/index`);
  await page.getByTestId('mine-settings').click();
  await shotInPlace(page, 'settings-change-password', 'settings-1-settings');
  await page.getByTestId('settings-change-password').click();
  await page.getByTestId('password-keypad').waitFor();
  await keyIn(page, '111333');
  for (const round of ['first', 'confirm']) {
    await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
    await keyIn(page, NEW_PASSWORD);
  }
  await page.getByTestId('password-error').filter({ hasText: '还可尝试4次' }).waitFor();
  await shot(page, 'settings-2-change-password-wrong-old');
  await keyIn(page, PASSWORD);
  for (const round of ['first', 'confirm']) {
    await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
    await keyIn(page, NEW_PASSWORD);
  }
  await page.getByTestId('change-password-done').waitFor();
  await shot(page, 'settings-3-change-password-done');

  const billId = await pushBill(person.psnNo);
  await openBill(page, billId);
  // The old password no longer pays (a try counted), the new one does.
  await payWith(page, PASSWORD);
  await page.getByTestId('pay-error').filter({ hasText: '还可尝试4次' }).last().waitFor();
  await keyIn(page, NEW_PASSWORD);
  await paid(page);
  await shot(page, 'settings-4-paid-with-new-password');
});

it('locked out at the pay page, resets the password from there by SMS and face, and pays', async () => {
  const page = await openPhonePage(browser);
  const person = await claimAs(system, page, 'retiree');
  const billId = await pushBill(person.psnNo);
  await openBill(page, billId);
  await payWith(page, '111333');
  for (let left = 4; left > 0; left -= 1) {
    await page
      .getByTestId('pay-error')
      .filter({ hasText: `还可尝试${left}次` })
      .last()
      .waitFor();
    await keyIn(page, '111333');
  }
  await page.getByTestId('pay-forgot-password').last().waitFor();
  await shot(page, 'settings-reset-1-locked');
  await page.getByTestId('pay-forgot-password').last().click();

  await page.locator('[data-testid="recover"][data-step="identity"]').waitFor();
  await page.getByTestId('recover-name').locator('input').fill(person.name);
  await page.getByTestId('recover-number').locator('input').fill(person.docNumber);
  await page.getByTestId('recover-start').click();
  await page.locator('[data-testid="recover"][data-step="sms"]').waitFor();
  const before = system.output.length;
  await page.getByTestId('recover-send').click();
  await page
    .getByTestId('recover-code')
    .locator('input')
    .fill(await smsCodeFor(system, person.phone ?? '', before));
  await shot(page, 'settings-reset-2-sms');
  await page.getByTestId('recover-verify').click();
  await page.getByTestId('recover-face').click();
  await page.getByTestId('recover-face-pass').click();
  for (const round of ['first', 'confirm']) {
    await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
    await keyIn(page, NEW_PASSWORD);
  }
  await page.getByTestId('recover-done').waitFor();
  await shot(page, 'settings-reset-3-done');
  await page.getByTestId('recover-continue').click();

  // Back on the bill: the lock is lifted, the new password pays.
  await page.getByTestId('pay-forgot-password').last().waitFor({ state: 'detached' });
  await payWith(page, NEW_PASSWORD);
  await paid(page);
  await shot(page, 'settings-reset-4-paid');
});

it('unbinds this platform, and signing in again finds no voucher here', async () => {
  const page = await openPhonePage(browser);
  await claimAs(system, page, 'resident');
  await page.goto(`${system.url}/#/pages/mine/index`);
  await page.getByTestId('mine-settings').click();
  await page.getByTestId('settings-unbind').click();
  await page.locator('.taro-modal__content').waitFor();
  await shot(page, 'settings-unbind-1-confirm');
  await page.locator('.taro-modal__foot').getByText('确定').click();
  await page.getByTestId('claim-start').waitFor();
  await shot(page, 'settings-unbind-2-home');

  // Opened again later: the demo login signs the same persona in again (a new session), who has
  // no voucher on this platform any more: 领取医保码 leads to the claim, not to a code.
  await page.goto(system.url);
  await page.getByTestId('claim-start').click();
  await page.getByTestId('consent-next').waitFor();
  await shot(page, 'settings-unbind-3-claim-again');
});

it('shows every page larger in 大字模式 — text ≥ 1.25×, nothing off screen or cut off, 4.5:1 — kept for the person', async () => {
  const page = await openPhonePage(browser);
  const person = await claimAs(system, page, 'lowBalance');
  const billId = await pushBill(person.psnNo);
  const pages: [string, string, string][] = [
    ['home', '/pages/index/index', 'home-fraud-tips'],
    ['code', '/pages/code/index', 'code-claimed'],
    ['records', '/pages/records/index', 'page-title'],
    ['mine', '/pages/mine/index', 'mine-settings'],
    ['settings', '/pages/settings/index', 'settings-unbind'],
    ['fraud', '/pages/settings/fraud/index', 'fraud-tips'],
    ['account', '/pages/account/index', 'account-promise'],
    ['pay', `/pages/pay/index?billId=${billId}`, 'pay-confirm'],
  ];
  await openBill(page, billId);
  const measured: Record<string, Record<string, LayoutSample>> = { normal: {}, large: {} };
  const problems: string[] = [];
  for (const mode of ['normal', 'large'] as const) {
    if (mode === 'large') {
      await page.goto(`${system.url}/#/pages/index/index`);
      await page.getByTestId('home-large-text').click();
      await page.getByTestId('settings-large-text').click();
      await page.locator('[data-testid="settings-large-text"][data-checked="true"]').waitFor();
      await shotInPlace(page, 'settings-large-text', 'settings-large-settings');
    }
    for (const [name, url, ready] of pages) {
      await page.goto(`${system.url}/#${url}`);
      await page.getByTestId(ready).last().waitFor();
      await page
        .locator(`[data-testid="page-root"][data-large-text="${mode === 'large'}"]`)
        .last()
        .waitFor({ state: 'attached' });
      await shot(page, `settings-${mode}-${name}`);
      const layout = await measureLayout(page);
      measured[mode]![name] = layout;
      const at = `${mode} ${name}`;
      if (layout.horizontalOverflowPx > 0)
        problems.push(`${at}: ${layout.horizontalOverflowPx}px wider than the screen`);
      problems.push(...layout.clipped.map((line) => `${at}: ${line}`));
      problems.push(...layout.smallTargets.map((line) => `${at}: tap target ${line}`));
      problems.push(...unreadable(await measureText(page)).map((line) => `${at}: ${line}`));
    }
  }
  expect(problems).toEqual([]);
  for (const [name] of pages) {
    const normal = measured.normal![name]!;
    const large = measured.large![name]!;
    expect(normal.texts).toBeGreaterThan(0);
    expect([name, large.bodyFontPx / normal.bodyFontPx]).toEqual([name, expect.any(Number)]);
    expect(large.bodyFontPx).toBeGreaterThanOrEqual(normal.bodyFontPx * 1.25);
  }

  // Another phone (a fresh browser context) of the same person gets 大字模式 from the BFF.
  const other = await openPhonePage(browser);
  await other.goto(`${system.url}/#/pages/dev-login/index`);
  await other.getByTestId('persona-lowBalance').click();
  // Signed in and home (which asked /me): large already, from the account.
  await other.getByTestId('home-fraud-tips').waitFor();
  await other.locator('[data-testid="page-root"][data-large-text="true"]').last().waitFor();
  await other.goto(`${system.url}/#/pages/settings/fraud/index`);
  await other.getByTestId('fraud-tips').waitFor();
  await other.locator('[data-testid="page-root"][data-large-text="true"]').last().waitFor();
  await other.getByTestId('fraud-change-password').last().waitFor();
  await shot(other, 'settings-large-fraud-tips');
  const there = await measureLayout(other);
  expect([there.horizontalOverflowPx, there.clipped]).toEqual([0, []]);
  expect(there.bodyFontPx).toBeGreaterThanOrEqual(measured.normal!.fraud!.bodyFontPx * 1.25);
});
