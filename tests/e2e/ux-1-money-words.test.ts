// Issue 17, item 1: every amount names who pays it, and a result says what is still to pay and
// where. 李娜 (the seeded resident: no personal account, no pooling at pharmacies, a 300 yuan
// 起付线 not reached) buys medicine at a pharmacy and pays a hospital bill: her phone says the
// pharmacy cash is hers to pay at the cashier, why the fund paid nothing, and on the keypad
// and after it that insurance pays ¥0.00 and the whole bill is cash.
import { formatYuan } from '@ybm/shared';
import type { Browser, Page } from 'playwright-core';

import { DEMO_CATALOGUE, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, shot } from './flows';
import { openSmallPhone, openWhenThere, pushBill, route, settleAtPharmacy } from './ux-steps';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;
let page: Page;
const PERSON = PERSONAS.resident;

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  page = await openSmallPhone(browser);
  await claimAs(system, page, 'resident');
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const text = async (testId: string) => (await page.getByTestId(testId).last().textContent()) ?? '';

describe('what a resident is told about money', () => {
  it('after an all-cash pharmacy settlement: pay this much at the cashier, and why the fund paid nothing', async () => {
    const basket = [{ code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen }];
    const settled = await settleAtPharmacy(system, page, basket);
    expect(settled).toMatchObject({ fundFen: 0, accountFen: 0 });
    expect(settled.cashFen).toBe(settled.totalFen);
    await shot(page, 'ux-1-pharmacy-all-cash');

    await expect(text('settlement-title')).resolves.toBe('医保结算完成，请支付现金');
    await expect(text('settlement-cash-due')).resolves.toBe(
      `请在${await text('settlement-institution')}收银台支付${formatYuan(settled.cashFen)}`,
    );
    await expect(text('settlement-total')).resolves.toBe(
      `费用合计${formatYuan(settled.totalFen)}，医保支付¥0.00`,
    );
    await expect(text('split-fund-reason')).resolves.toBe(
      '医保统筹未支付：按参保地政策，在药店购药医保统筹不予支付',
    );
    await expect(page.getByTestId('settlement-result').textContent()).resolves.not.toContain('结算成功');
  });

  it('on the keypad and after it: insurance pays ¥0.00, the whole bill is cash, and why', async () => {
    const items = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest];
    const totalFen = items.reduce((sum, item) => sum + item.priceFen, 0);
    const billId = await pushBill(system, PERSON.psnNo, items, 'HIS-UX1-1');
    await openWhenThere(page, route(system, `/pages/pay/index?billId=${billId}`), 'pay-confirm');

    // No account: nothing to switch, and it says so.
    await expect(page.getByTestId('use-account-switch').count()).resolves.toBe(0);
    await expect(text('account-none')).resolves.toContain('个人账户本次不支付');
    await expect(text('bill-split-fund-reason')).resolves.toContain('本年度起付线尚未达到');
    await shot(page, 'ux-1-bill-no-account');

    await page.getByTestId('pay-confirm').last().click();
    await page.getByTestId('key-1').last().waitFor();
    await expect(text('pay-amount')).resolves.toBe('¥0.00');
    await expect(text('pay-amount-parts')).resolves.toBe('医保统筹支付¥0.00、个人账户支付¥0.00');
    await expect(text('pay-amount-cash')).resolves.toBe(
      `另需支付现金${formatYuan(totalFen)}，医保结算后通过收银台（开发环境模拟）支付`,
    );
    await expect(text('pay-fund-reason')).resolves.toContain('本年度起付线尚未达到');
    await expect(page.locator('body').textContent()).resolves.not.toContain('使用个人账户支付');
    await shot(page, 'ux-1-keypad-no-account');

    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();
    const result = page.getByTestId('pay-result').last();
    await result.waitFor({ timeout: 20_000 });
    await expect(result.getAttribute('data-status')).resolves.toBe('awaiting_cash');
    await expect(text('pay-insurance-paid')).resolves.toBe('医保本次支付¥0.00');
    await expect(text('pay-cash-due')).resolves.toBe(`还需支付现金${formatYuan(totalFen)}`);
    await expect(text('result-fund-reason')).resolves.toContain('本年度起付线尚未达到');
    await expect(result.textContent()).resolves.not.toContain('医保部分已支付');
    await shot(page, 'ux-1-result-cash-due');
  });
});
