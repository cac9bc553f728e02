// Issue 17, item 9: small things. The dev login names its personas in Chinese only (no
// programmer's keys such as child, elder, parent, duplicateRecords); loading the app asks for
// nothing that is not there (no /favicon.ico 404); and a record opens its own page — with a
// title and a way back — when tapped. 徐婷 (杭州, whose pharmacy purchases the fund does not
// pay) buys medicine and looks at the record.
import type { Browser, Page } from 'playwright-core';

import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, recordItem, shot } from './flows';
import { openSmallPhone, settleAtPharmacy } from './ux-steps';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;
let page: Page;
/**
 * Every answer of 400 or more, and every request that failed, since the page opened (a
 * long-poll the app itself gives up on leaving the code page is aborted, not failed).
 */
const failures: string[] = [];

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  page = await openSmallPhone(browser);
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') failures.push(`failed ${request.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('small things', () => {
  it('loads with no request left unanswered: no /favicon.ico 404', async () => {
    await page.goto(system.url);
    await page.getByTestId('claim-start').waitFor({ timeout: 30_000 });
    await page.reload();
    await page.getByTestId('claim-start').waitFor();
    expect(failures).toEqual([]);
    const icon = await page.evaluate(() => document.querySelector('link[rel="icon"]')?.getAttribute('href'));
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
  });

  it('names the dev login’s personas in Chinese only', async () => {
    await page.getByTestId('claim-start').click();
    await page.getByTestId('persona-parent').waitFor();
    await shot(page, 'ux-9-dev-login');
    const shown = (await page.locator('body').innerText()).split(/[^A-Za-z]+/).filter(Boolean);
    const keys = Object.keys(PERSONAS);
    expect(shown.filter((word) => keys.includes(word))).toEqual([]);
    await page.goBack();
  });

  it('opens a record’s own page when it is tapped, with its title and a way back', async () => {
    await claimAs(system, page, 'hangzhou');
    const basket = [{ code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen }];
    // At a pharmacy of her own region: 杭州 settles nothing elsewhere without a 异地就医备案.
    const settled = await settleAtPharmacy(system, page, basket, DEMO_INSTITUTIONS.hangzhouPharmacy);
    await page.getByTestId('settlement-records').click();

    const record = recordItem(page, system, PERSONAS.hangzhou.psnNo, settled.setlId);
    await record.waitFor({ timeout: 15_000 });
    await record.click();
    // Opened by the record's opaque id: the settlement number is in neither the address nor the page.
    await page.waitForURL(/pages\/records\/detail\/index\?recordId=/);
    expect(page.url()).toContain(`recordId=${await record.getAttribute('data-record-id')}`);
    expect(page.url()).not.toContain(settled.setlId);
    const detail = page.getByTestId('record-detail').last();
    await detail.getByTestId('record-detail-medium').waitFor();
    await expect(page.title()).resolves.toBe('消费记录详情');
    await expect(detail.textContent()).resolves.not.toContain(settled.setlId);
    await expect(detail.getByTestId('record-detail-fund').textContent()).resolves.toBe('医保统筹支付¥0.00');
    await expect(detail.getByTestId('record-detail-fund-reason').textContent()).resolves.toBe(
      '医保统筹未支付：按参保地政策，在药店购药医保统筹不予支付',
    );
    await shot(page, 'ux-9-record-detail');

    await detail.getByTestId('record-detail-back').click();
    await page.waitForURL(/pages\/records\/index/);
    await record.waitFor();
    expect(failures).toEqual([]);
  });
});
