// The cash part of a resident's bill in the browser, against `npm start`: the resident (城乡居民,
// no personal account) pays the insurance part with the password, then 去支付 opens the H5
// cashier sheet labelled 开发环境 · 模拟支付, whose 支付 pays at the fake WeChat Pay. The page says
// 已支付 (支付完成) only after WeChat Pay's signed notification reaches the BFF: while the
// notification is held — and the BFF cannot ask WeChat Pay either — it says it is waiting.
import { fenToYuan, formatYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import type { Browser } from 'playwright-core';

import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser, openPhonePage } from '../support/browser';
import { hisClient } from '../support/payments';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, shot } from './flows';

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

/** A consultation and a class-C drug: the resident pays part of it in cash. */
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.classC];

const wechatPay = (pathname: string, body?: unknown) =>
  fetch(`${system.wechatUrl}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));

describe('the cash part of a resident’s bill on H5', () => {
  it('is paid in the simulated cashier and reads 已支付 only after WeChat Pay’s notification', async () => {
    const page = await openPhonePage(browser);
    const person = await claimAs(system, page, 'resident');
    expect(person.insutype).toBe('390');

    const his = hisClient(system.insuranceUrl, hisChannel({ YBM_DATA_DIR: system.dataDir }), Date.now);
    const uploaded = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: 'HIS-E2E-CASH-1',
      psnNo: PERSONAS.resident.psnNo,
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
    const billId = uploaded.data?.payOrdId as string;

    // The bill reaches the BFF (bill.created); the pay page opens once it is there.
    const payUrl = `${system.url}/#/pages/pay/index?billId=${billId}`;
    const confirm = page.getByTestId('pay-confirm').last();
    for (let tries = 0; tries < 30 && !(await confirm.isVisible()); tries += 1) {
      await page.goto(payUrl);
      await confirm.waitFor({ timeout: 1_000 }).catch(() => undefined);
    }
    await page.getByTestId('pay-confirm').last().click();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();
    const result = page.locator('[data-testid="pay-result"][data-status="awaiting_cash"]').last();
    await result.waitFor({ timeout: 20_000 });
    const cashText = (await page.getByTestId('result-cash').last().textContent()) ?? '';
    const cashFen = Math.round(Number(/¥([\d,]+\.\d{2})/.exec(cashText)?.[1]?.replace(/,/g, '')) * 100);
    expect(cashFen).toBeGreaterThan(0);
    await expect(page.getByTestId('cash-pay').last().textContent()).resolves.toBe(
      `现金部分 ${formatYuan(cashFen)} · 去支付`,
    );

    // 去支付: the BFF places a JSAPI order at (the fake) WeChat Pay; H5 gets the simulated sheet.
    await page.getByTestId('cash-pay').last().click();
    const sheet = page.getByTestId('dev-cashier').last();
    await sheet.waitFor();
    await expect(page.getByTestId('dev-cashier-title').last().textContent()).resolves.toBe(
      '开发环境 · 模拟支付',
    );
    await expect(page.getByTestId('dev-cashier-amount').last().textContent()).resolves.toBe(
      formatYuan(cashFen),
    );
    await shot(page, 'cash-1-sheet');

    // WeChat Pay's notification is held, and WeChat Pay answers no query: the BFF has no word yet.
    expect((await wechatPay('/dev/pay/notifications/hold', { hold: true })).status).toBe(200);
    expect((await wechatPay('/dev/pay/busy', { count: 1000 })).status).toBe(200);
    await page.getByTestId('dev-cashier-pay').last().click();
    const waiting = page.getByTestId('cash-waiting').last();
    await waiting.waitFor();
    await expect(waiting.textContent()).resolves.toContain('正在向微信支付确认支付结果');
    const { notifications } = (await wechatPay('/dev/pay/notifications')).body as {
      notifications: { out_trade_no: string; status: string }[];
    };
    const mine = notifications.at(-1)!;
    expect(mine.status).toBe('pending');
    // Paid at WeChat Pay, yet the page does not say so: the sheet's 支付 is no proof.
    const atWechat = await wechatPay(`/dev/pay/orders/${mine.out_trade_no}`);
    expect(atWechat.body).toMatchObject({ trade_state: 'SUCCESS', amount_fen: cashFen });
    await expect(page.getByTestId('pay-done').count()).resolves.toBe(0);
    await expect(page.getByTestId('result-status').last().textContent()).resolves.toBe('待支付现金部分');
    await shot(page, 'cash-2-waiting-for-wechat-pay');

    // The notification goes: the BFF verifies it, confirms the cash to the platform, and the page follows.
    expect((await wechatPay('/dev/pay/notifications/hold', { hold: false })).status).toBe(200);
    const after = (await wechatPay(`/dev/pay/notifications?out_trade_no=${mine.out_trade_no}`)).body as {
      notifications: { status: string; attempts: { status: number }[] }[];
    };
    expect(after.notifications[0]).toMatchObject({ status: 'delivered', attempts: [{ status: 204 }] });
    await page.getByTestId('pay-done').last().waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('result-status').last().textContent()).resolves.toBe('已支付');
    await shot(page, 'cash-3-paid');
    await wechatPay('/dev/pay/busy', { count: 0 });

    // The inbox says so too: the bill's notice, worded from the bill as it is now.
    await page.goto(`${system.url}/#/pages/inbox/index`);
    const notice = page.locator(`[data-testid="inbox-item"][data-bill-id="${billId}"]`).first();
    await notice.waitFor({ timeout: 15_000 });
    await expect(notice.getByTestId('inbox-title').textContent()).resolves.toBe('诊间支付已完成');
    await expect(notice.textContent()).resolves.toContain('已支付完成');
    await shot(page, 'cash-4-inbox');
  });
});
