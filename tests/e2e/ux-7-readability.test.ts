// Issue 17, item 7: text a 70-year-old can read. 王秀英 (the seeded retiree, born 1956) uses
// every main page of the H5 build on a 375 px phone — signed out, the dev login, each claim
// step, home, 我的, the code, a pharmacy settlement, records and a record, the inbox, a bill,
// the keypad, the result, the cash step's 开发环境 · 模拟支付 sheet and the paid bill — and on
// each, every visible text node must have a contrast of at least 4.5:1 against the background
// it is painted on and a computed size of at least 12 px.
import type { Browser, Page } from 'playwright-core';

import { DEMO_CATALOGUE, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser } from '../support/browser';
import { measureText, unreadable } from '../support/readability';
import { startSystem, type RunningSystem } from '../support/system';
import { PASSWORD, shot, smsCodeFor } from './flows';
import { openSmallPhone, openWhenThere, pushBill, route, settleAtPharmacy } from './ux-steps';

jest.setTimeout(400_000);

let system: RunningSystem;
let browser: Browser;
let page: Page;
const PERSON = PERSONAS.retiree;
/** Every page measured, with what on it could not be read. */
const findings: { page: string; problems: string[]; measured: number }[] = [];

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  page = await openSmallPhone(browser);
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** Measures the page as it is now and keeps a screenshot of it. */
async function check(name: string): Promise<void> {
  await shot(page, `ux-7-${name}`);
  const samples = await measureText(page);
  findings.push({ page: name, problems: unreadable(samples), measured: samples.length });
}

describe('text a 70-year-old can read', () => {
  it('reaches 4.5:1 and 12 px on every main page, signed out and signed in', async () => {
    await page.goto(system.url);
    await page.getByTestId('claim-start').waitFor({ timeout: 30_000 });
    await page.getByText('演示登录已开启').first().waitFor({ timeout: 10_000 });
    await check('home-signed-out');

    await page.getByText('我的', { exact: true }).last().click();
    await page.getByTestId('mine-name').waitFor();
    await check('mine-signed-out');
    await page.getByText('首页', { exact: true }).last().click();

    await page.getByTestId('claim-start').click();
    await page.getByTestId(`persona-${PERSON.key}`).waitFor();
    await check('dev-login');
    await page.getByTestId(`persona-${PERSON.key}`).click();

    await page.getByTestId('consent-next').waitFor();
    await check('claim-consent');
    await page.getByTestId('consent-terms').click();
    await page.getByTestId('consent-sensitive').click();
    await page.getByTestId('consent-next').click();

    await page.getByTestId('identity-submit').waitFor();
    await check('claim-identity');
    await page.getByTestId('identity-name').locator('input').fill(PERSON.name);
    await page.getByTestId('identity-number').locator('input').fill(PERSON.docNumber);
    await page.getByTestId('identity-submit').click();

    await page.getByTestId('sms-send').waitFor();
    await check('claim-sms');
    const before = system.output.length;
    await page.getByTestId('sms-send').click();
    const code = await smsCodeFor(system, PERSON.phone ?? '', before);
    await page.getByTestId('sms-code').locator('input').fill(code);
    await page.getByTestId('sms-submit').click();

    await page.getByTestId('face-start').waitFor();
    await check('claim-face');
    await page.getByTestId('face-start').click();
    await page.getByTestId('face-dev-pass').click();

    await page.locator('[data-testid="password-setup"][data-stage="first"]').waitFor();
    await check('claim-password');
    for (const round of ['first', 'confirm']) {
      await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
      for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).click();
    }

    await page.getByTestId('voucher-qr').waitFor({ timeout: 20_000 });
    await check('code');
    await settleAtPharmacy(system, page, [
      { code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen },
    ]);
    await check('code-settled');

    const billId = await pushBill(
      system,
      PERSON.psnNo,
      [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.classC],
      'HIS-UX7-1',
    );
    await openWhenThere(page, route(system, '/pages/index/index'), 'inbox-badge');
    await check('home-signed-in');

    await page.getByTestId('inbox-entry').click();
    await page.locator(`[data-testid="inbox-item"][data-bill-id="${billId}"]`).waitFor();
    await check('inbox');

    await page.goto(route(system, `/pages/pay/index?billId=${billId}`));
    await page.getByTestId('pay-confirm').last().waitFor();
    await check('pay');
    // Not from the personal account: the person's part is then cash, paid in the cash step.
    await page.getByTestId('use-account-switch').last().click();
    await page.getByTestId('account-note').last().waitFor();
    await page.getByTestId('pay-confirm').last().click();
    await page.getByTestId('key-1').last().waitFor();
    await check('pay-keypad');
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();
    const result = page.getByTestId('pay-result').last();
    await result.waitFor({ timeout: 20_000 });
    // The cash step, then the H5 demo's cashier sheet.
    await expect(result.getAttribute('data-status')).resolves.toBe('awaiting_cash');
    await check('pay-result');
    await page.getByTestId('cash-pay').last().click();
    await page.getByTestId('dev-cashier').last().waitFor();
    await check('pay-dev-cashier');
    await page.getByTestId('dev-cashier-pay').last().click();
    await page.getByTestId('pay-done').last().waitFor({ timeout: 30_000 });
    await check('pay-done');

    await page.goto(route(system, '/pages/records/index'));
    await page.getByTestId('record-item').first().waitFor({ timeout: 15_000 });
    await check('records');
    await page.getByTestId('record-item').first().click();
    await page.getByTestId('record-detail-medium').last().waitFor();
    await check('record-detail');

    await page.goto(route(system, '/pages/mine/index'));
    await page.getByTestId('mine-name').waitFor();
    await check('mine-signed-in');

    const failing = findings.filter((finding) => finding.problems.length > 0);
    expect(failing.map((finding) => `${finding.page}:\n  ${finding.problems.join('\n  ')}`)).toEqual([]);
    // Every page had text to measure: a blank page must not pass by having none.
    for (const finding of findings) expect(finding.measured).toBeGreaterThan(0);
  });
});
