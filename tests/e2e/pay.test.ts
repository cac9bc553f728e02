// In-consultation payment in the browser against `npm start`: the hospital pushes a bill
// (6201), the inbox shows it with an unread badge, the user opens it, sees the split, pays
// with the password on the keypad, and the result, the records and the balance agree.
import path from 'node:path';

import { fenToYuan, formatYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';

import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser, openPhonePage } from '../support/browser';
import { hisClient } from '../support/payments';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, payCashInSheet, shot } from './flows';

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

const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest, DEMO_CATALOGUE.classC];
const TOTAL_FEN = ITEMS.reduce((sum, item) => sum + item.priceFen, 0);

function balanceOf(psnNo: string): number {
  const db = new Database(path.join(system.dataDir, 'insurance', 'insurance.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(psnNo) as number;
  } finally {
    db.close();
  }
}

describe('paying a bill pushed by the hospital', () => {
  it('goes from the inbox to the pay page to a paid result that the records and the balance agree with', async () => {
    const page = await openPhonePage(browser);
    await claimAs(system, page, 'employee');
    const person = PERSONAS.employee;

    const his = hisClient(system.insuranceUrl, hisChannel({ YBM_DATA_DIR: system.dataDir }), Date.now);
    const uploaded = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: 'HIS-E2E-1',
      psnNo: person.psnNo,
      deptName: '普通内科',
      drName: '李医生',
      medfeeSumamt: fenToYuan(TOTAL_FEN),
      feedetail: ITEMS.map((item, i) => ({
        feedetlSn: `F${i + 1}`,
        medListCodg: item.code,
        cnt: 1,
        pric: fenToYuan(item.priceFen),
        detItemFeeSumamt: fenToYuan(item.priceFen),
      })),
    });
    expect(uploaded.code).toBe('0');
    const billId = uploaded.data?.payOrdId as string;
    const before = balanceOf(person.psnNo);

    // The platform pushes bill.created to the BFF; the home page's badge shows it.
    await page.goto(system.url);
    const badge = page.getByTestId('inbox-badge');
    for (let tries = 0; !(await badge.isVisible()) && tries < 30; tries += 1) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await badge.waitFor();
    await page.getByTestId('inbox-entry').click();
    const item = page.locator(`[data-testid="inbox-item"][data-bill-id="${billId}"]`);
    await item.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    await shot(page, 'pay-1-inbox');
    await item.click();

    await page.getByTestId('bill-total').last().waitFor();
    await expect(page.getByTestId('bill-total').last().textContent()).resolves.toContain(
      formatYuan(TOTAL_FEN),
    );
    await page.waitForTimeout(500);
    await shot(page, 'pay-2-bill');
    await page.getByTestId('pay-confirm').last().click();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();

    const result = page.getByTestId('pay-result').last();
    await result.waitFor({ timeout: 20_000 });
    if ((await result.getAttribute('data-status')) === 'awaiting_cash') await payCashInSheet(page);
    await page.getByTestId('pay-done').last().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await shot(page, 'pay-3-result');

    const accountText = (await page.getByTestId('result-account').last().textContent()) ?? '';
    const accountFen = Math.round(Number(/¥([\d,]+\.\d{2})/.exec(accountText)?.[1]?.replace(/,/g, '')) * 100);
    expect(before - balanceOf(person.psnNo)).toBe(accountFen);
    await expect(page.getByTestId('result-balance').last().textContent()).resolves.toContain(
      formatYuan(balanceOf(person.psnNo)),
    );

    await page.getByTestId('pay-records').last().click();
    const record = page.getByTestId('record-item').first();
    await record.waitFor({ timeout: 15_000 });
    await expect(record.textContent()).resolves.toContain(formatYuan(TOTAL_FEN));
    await shot(page, 'pay-4-records');
  });
});
