// Money going back, in a real browser against `npm start`: a pharmacy reverses a settlement
// while the phone shows its result (结算已撤销, with what came back where), and a hospital
// refunds a paid bill in full (6203 ALL), which the bill, the inbox and the records then say.
import path from 'node:path';

import { fenToYuan, formatYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import Database from 'better-sqlite3';
import jsQR from 'jsqr';
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';

import { createCounter } from '../../bff/sandbox/counter/client';
import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser, openPhonePage } from '../support/browser';
import { hisClient } from '../support/payments';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, payCashInSheet, recordItem, shot } from './flows';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  page = await openPhonePage(browser);
  await claimAs(system, page, 'lowBalance');
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

// 郑丽's account holds ¥18.00: it pays part of her share and the rest is cash, so a bill's
// three parts (fund, account, cash) all show going back their own ways.
const PERSON = PERSONAS.lowBalance;

/** One value from the running sandbox's database, read-only. */
function sandboxValue(sql: string, ...params: unknown[]): unknown {
  const db = new Database(path.join(system.dataDir, 'insurance', 'insurance.sqlite'), { readonly: true });
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...params);
  } finally {
    db.close();
  }
}

const balance = () =>
  sandboxValue('SELECT balance_fen FROM accounts WHERE psn_no = ?', PERSON.psnNo) as number;

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

/** Reloads `url` until `testId` shows (the platform's event reaches the BFF in the meantime). */
async function openWhenThere(url: string, testId: string): Promise<Locator> {
  const target = page.getByTestId(testId).last();
  for (let tries = 0; tries < 30; tries += 1) {
    await page.goto(url);
    if (await target.isVisible().catch(() => false)) return target;
    await target.waitFor({ timeout: 1_000 }).catch(() => undefined);
    if (await target.isVisible()) return target;
  }
  throw new Error(`${testId} did not appear at ${url}`);
}

describe('money going back', () => {
  it('shows 结算已撤销 on the open code page when the pharmacy reverses the settlement', async () => {
    // claimAs ends on the code tab, the code showing.
    await page.getByTestId('code-claimed').waitFor({ timeout: 20_000 });
    const qr = page.getByTestId('voucher-qr');
    await qr.waitFor();
    const counter = createCounter({
      baseUrl: system.insuranceUrl,
      institution: { code: DEMO_INSTITUTIONS.pharmacy },
      channel: hisChannel({ YBM_DATA_DIR: system.dataDir }),
    });
    const basket = [
      { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
      { code: DEMO_CATALOGUE.classB.code, qty: 1, priceFen: DEMO_CATALOGUE.classB.priceFen },
    ];
    const first = await readQr(qr);
    const visit = await counter.scanIdentity(first, basket);
    const settled = await counter.settle(await nextQr(qr, first), visit);
    await page.getByTestId('settlement-result').waitFor({ timeout: 15_000 });
    expect(settled.accountFen).toBeGreaterThan(0);

    await counter.reverse(settled.setlId);
    const result = page.locator('[data-testid="settlement-result"][data-state="reversed"]');
    await result.waitFor({ timeout: 15_000 });
    await shot(page, 'money-back-1-reversed');
    await expect(page.getByTestId('settlement-title').textContent()).resolves.toBe('结算已撤销');
    await expect(page.getByTestId('settlement-reversal').textContent()).resolves.toContain(
      `个人账户支付的${formatYuan(settled.accountFen)}已退回您的个人账户`,
    );
    await expect(page.getByTestId('settlement-balance').textContent()).resolves.toContain(
      formatYuan(balance()),
    );
    expect(balance()).toBe(visit.balanceFen);

    await page.getByTestId('settlement-records').click();
    const record = recordItem(page, system, PERSON.psnNo, settled.setlId);
    await record.waitFor({ timeout: 15_000 });
    await expect(record.getAttribute('data-status')).resolves.toBe('reversed');
    await expect(record.getByTestId('record-reversal').textContent()).resolves.toContain('已撤销');

    // The inbox: the newest notice says the settlement was taken back, not 医保结算成功.
    await page.goto(`${system.url}/#/pages/inbox/index`);
    const notice = page.getByTestId('inbox-item').first();
    await notice.waitFor({ timeout: 15_000 });
    await expect(notice.getAttribute('data-kind')).resolves.toBe('reversal');
    await expect(notice.getByTestId('inbox-title').textContent()).resolves.toBe('结算已撤销');
    await expect(notice.getByTestId('inbox-body').textContent()).resolves.toContain(
      `个人账户支付的${formatYuan(settled.accountFen)}已退回您的个人账户`,
    );
  });

  it('says what came back, and where, when the hospital refunds a paid bill in full (ALL)', async () => {
    // An MRI takes the bill past the deductible, so the fund pays its part.
    const items = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.mri, DEMO_CATALOGUE.classC];
    const totalFen = items.reduce((sum, item) => sum + item.priceFen, 0);
    const his = hisClient(system.insuranceUrl, hisChannel({ YBM_DATA_DIR: system.dataDir }), Date.now);
    const uploaded = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: 'HIS-E2E-REFUND-1',
      psnNo: PERSON.psnNo,
      deptName: '普通内科',
      drName: '李医生',
      medfeeSumamt: fenToYuan(totalFen),
      feedetail: items.map((item, i) => ({
        feedetlSn: `F${i + 1}`,
        medListCodg: item.code,
        cnt: 1,
        pric: fenToYuan(item.priceFen),
        detItemFeeSumamt: fenToYuan(item.priceFen),
      })),
    });
    expect(uploaded.code).toBe('0');
    const billId = uploaded.data?.payOrdId as string;
    const before = balance();

    // Paid on the phone, with the password on the keypad.
    const payUrl = `${system.url}/#/pages/pay/index?billId=${billId}`;
    await (await openWhenThere(payUrl, 'pay-confirm')).click();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();
    const paidResult = page.getByTestId('pay-result').last();
    await paidResult.waitFor({ timeout: 20_000 });
    if ((await paidResult.getAttribute('data-status')) === 'awaiting_cash') await payCashInSheet(page);
    await page.getByTestId('pay-done').last().waitFor({ timeout: 20_000 });
    const paid = {
      fundFen: 0,
      accountFen: before - balance(),
      cashFen: 0,
    };
    const order = sandboxValue(
      "SELECT json_object('fund', fund_fen, 'cash', cash_fen, 'auth', pay_auth_no) FROM pay_orders WHERE pay_ord_id = ?",
      billId,
    ) as string;
    const { fund, cash, auth } = JSON.parse(order) as { fund: number; cash: number; auth: string };
    paid.fundFen = fund;
    paid.cashFen = cash;
    expect(paid.fundFen + paid.accountFen + paid.cashFen).toBe(totalFen);
    expect([paid.fundFen, paid.accountFen, paid.cashFen].every((part) => part > 0)).toBe(true);

    const refund = await his.call(PATHS.refundOrder, {
      payOrdId: billId,
      appRefdSn: `RF-E2E-${billId}`,
      appRefdTime: '2026-11-22 10:00:00',
      refdType: 'ALL',
      totlRefdAmt: fenToYuan(totalFen),
      cashRefdAmt: fenToYuan(paid.cashFen),
      psnAcctRefdAmt: fenToYuan(paid.accountFen),
      fundRefdAmt: fenToYuan(paid.fundFen),
      payAuthNo: auth,
    });
    expect(refund.code).toBe('0');
    expect(balance()).toBe(before);

    // The bill: 已退款, the refund with each part and where it went.
    const refunds = await openWhenThere(payUrl, 'bill-refunds');
    await expect(page.getByTestId('bill-status').last().textContent()).resolves.toBe('已退款');
    const listed = (await refunds.textContent()) ?? '';
    expect(listed).toContain(`退款 ${formatYuan(totalFen)}`);
    expect(listed).toContain(
      `统筹基金支付的${formatYuan(paid.fundFen)}已退回医保基金，` +
        `个人账户支付的${formatYuan(paid.accountFen)}已退回您的个人账户，` +
        `现金${formatYuan(paid.cashFen)}已按原支付渠道退回`,
    );
    await page.waitForTimeout(300);
    await shot(page, 'money-back-2-refunded-bill');

    // The inbox: 退款成功, saying it all came back.
    await page.goto(`${system.url}/#/pages/inbox/index`);
    const notice = page.locator(`[data-testid="inbox-item"][data-kind="refund"][data-bill-id="${billId}"]`);
    await notice.waitFor({ timeout: 15_000 });
    await expect(notice.getByTestId('inbox-title').textContent()).resolves.toBe('退款成功');
    await expect(notice.getByTestId('inbox-body').textContent()).resolves.toContain('已全部退回');
    await shot(page, 'money-back-3-inbox');

    // The records: the online settlement, 已退款, its refund listed.
    const setlId = sandboxValue('SELECT setl_id FROM pay_orders WHERE pay_ord_id = ?', billId) as string;
    await page.goto(`${system.url}/#/pages/records/index`);
    const record = recordItem(page, system, PERSON.psnNo, setlId);
    await record.waitFor({ timeout: 15_000 });
    await expect(record.getByTestId('record-status').textContent()).resolves.toBe('已退款');
    await expect(record.getByTestId('refund-left').textContent()).resolves.toBe('已全部退回');
    await shot(page, 'money-back-4-records');
  });
});
