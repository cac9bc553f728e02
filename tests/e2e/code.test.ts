// The heart of the product in a real browser: the H5 code page shows a QR, which we read
// off a screenshot (jsqr) and hand to a pharmacy counter speaking the public protocol.
// Scan 1 puts "已核验身份" on the phone and a fresh code on screen; scan 2 settles, and the
// phone shows the amount and its split, and the records list holds the settlement.
import { formatYuan } from '@ybm/shared';
import jsQR from 'jsqr';
import type { Browser, Locator } from 'playwright-core';
import { PNG } from 'pngjs';

import { createCounter } from '../../bff/sandbox/counter/client';
import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser, openPhonePage } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, recordItem, shot } from './flows';

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

/** Reads the QR the page shows, from a screenshot, as a counter's scanner would. */
async function readQr(qr: Locator): Promise<string> {
  const png = PNG.sync.read(await qr.screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error('the QR on screen does not decode');
  return decoded.data;
}

async function nextQr(qr: Locator, previous: string): Promise<string> {
  for (let waited = 0; waited < 15_000; waited += 200) {
    const code = await readQr(qr).catch(() => previous);
    if (code !== previous) return code;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the page did not show a fresh code');
}

describe('showing the code at a pharmacy counter', () => {
  it('settles in two scans and shows the amount, the split and the record on the phone', async () => {
    const page = await openPhonePage(browser);
    await claimAs(system, page, 'employee');
    const qr = page.getByTestId('voucher-qr');
    await qr.waitFor();
    await shot(page, 'code-1-shown');
    const first = await readQr(qr);
    expect(first).toMatch(/^YB1[0-9A-Z]{22}$/);

    const counter = createCounter({
      baseUrl: system.insuranceUrl,
      institution: { code: DEMO_INSTITUTIONS.pharmacy },
      channel: hisChannel({ YBM_DATA_DIR: system.dataDir }),
    });
    const basket = [
      { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
      { code: DEMO_CATALOGUE.classB.code, qty: 1, priceFen: DEMO_CATALOGUE.classB.priceFen },
    ];
    const visit = await counter.scanIdentity(first, basket);
    const status = page.getByTestId('code-status');
    await status.waitFor({ timeout: 15_000 });
    await expect(status.textContent()).resolves.toContain('已核验身份');
    await shot(page, 'code-2-verified');

    // The scanned code is never shown again: the counter scans a fresh one to settle.
    const second = await nextQr(qr, first);
    const settled = await counter.settle(second, visit);
    const result = page.getByTestId('settlement-result');
    await result.waitFor({ timeout: 15_000 });
    await shot(page, 'code-3-settled');
    await expect(page.getByTestId('settlement-total').textContent()).resolves.toContain(
      formatYuan(settled.totalFen),
    );
    await expect(page.getByTestId('split-fund').textContent()).resolves.toContain(
      formatYuan(settled.fundFen),
    );
    await expect(page.getByTestId('split-account').textContent()).resolves.toContain(
      formatYuan(settled.accountFen),
    );
    await expect(page.getByTestId('split-cash').textContent()).resolves.toContain(
      formatYuan(settled.cashFen),
    );
    await expect(page.getByTestId('settlement-balance').textContent()).resolves.toContain(
      formatYuan(settled.balanceAfterFen),
    );
    // The sandbox's balance moved by exactly the account part.
    expect(visit.balanceFen - settled.balanceAfterFen).toBe(settled.accountFen);

    await page.getByTestId('settlement-records').click();
    const record = recordItem(page, system, PERSONAS.employee.psnNo, settled.setlId);
    await record.waitFor({ timeout: 15_000 });
    await expect(record.textContent()).resolves.toContain(formatYuan(settled.totalFen));
    await shot(page, 'code-4-records');
  });
});
