// Issue 17, item 2: the inbox follows the bill, and the badge follows the inbox, without a
// reload. 张伟 gets a bill: the home badge shows it, the notice says 诊间支付待缴费 · 待支付;
// he opens and pays it; going back, the notice says 诊间支付已完成 · 已支付 and the home badge
// is gone — and the page was never reloaded.
import type { Browser, Page } from 'playwright-core';

import { DEMO_CATALOGUE, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, payCashInSheet, shot } from './flows';
import { openSmallPhone, openWhenThere, pushBill, route } from './ux-steps';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;
let page: Page;
const PERSON = PERSONAS.employee;

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  page = await openSmallPhone(browser);
  await claimAs(system, page, 'employee');
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('the inbox and its badge', () => {
  it('say what became of the bill once it is paid, with no reload', async () => {
    const billId = await pushBill(
      system,
      PERSON.psnNo,
      [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest],
      'HIS-UX2-1',
    );
    await openWhenThere(page, route(system, '/pages/index/index'), 'inbox-badge');
    await expect(page.getByTestId('inbox-badge').textContent()).resolves.toBe('1');
    await shot(page, 'ux-2-home-badge');
    // From here on the app runs in this one page load: a reload would lose the mark.
    await page.evaluate(() => Object.assign(window, { ux2NoReload: true }));

    await page.getByTestId('inbox-entry').click();
    const notice = page.locator(`[data-testid="inbox-item"][data-bill-id="${billId}"]`);
    await notice.waitFor();
    await expect(notice.getByTestId('inbox-title').textContent()).resolves.toBe('诊间支付待缴费');
    await expect(notice.getByTestId('inbox-bill-status').textContent()).resolves.toBe('待支付');

    await notice.click();
    await page.getByTestId('pay-confirm').last().click();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();
    const result = page.getByTestId('pay-result').last();
    await result.waitFor({ timeout: 20_000 });
    if ((await result.getAttribute('data-status')) === 'awaiting_cash') await payCashInSheet(page);
    await page.getByTestId('pay-done').last().waitFor({ timeout: 20_000 });

    // Back to the inbox: the same notice now says the bill is paid.
    await page.goBack();
    const paidNotice = page.locator(
      `[data-testid="inbox-item"][data-bill-id="${billId}"][data-bill-status="paid"]`,
    );
    await paidNotice.waitFor({ timeout: 10_000 });
    await expect(paidNotice.getByTestId('inbox-title').textContent()).resolves.toBe('诊间支付已完成');
    await expect(paidNotice.getByTestId('inbox-bill-status').textContent()).resolves.toBe('已支付');
    await expect(paidNotice.getAttribute('data-read')).resolves.toBe('true');
    await shot(page, 'ux-2-inbox-paid');

    // Back home: no badge, and still the same page load.
    await page.goBack();
    await page.getByTestId('inbox-entry').waitFor();
    await page.getByTestId('inbox-badge').waitFor({ state: 'detached', timeout: 10_000 });
    await expect(page.evaluate(() => 'ux2NoReload' in window)).resolves.toBe(true);
    await shot(page, 'ux-2-home-badge-cleared');
  });
});
