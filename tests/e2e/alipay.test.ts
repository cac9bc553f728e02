// As an Alipay user in the H5 build against `npm start`: the dev login's 支付宝 choice signs
// in through the fake Alipay (alipay-sdk in the BFF), the face check is Alipay certify (the
// dev fake answers it), the code is settled in two scans at a counter, the bill push is an
// Alipay template message found in the fake Alipay's message log, and the bill is paid.
// Then a person who claimed in WeChat signs in with Alipay and finishes with 一键同步.
import { formatYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';

import { createCounter } from '../../bff/sandbox/counter/client';
import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { devAlipayUserId, devOpenid } from '../../bff/src/routes/dev';
import { launchBrowser, openPhonePage } from '../support/browser';
import { consultationBill, hisClient } from '../support/payments';
import { startSystem, type RunningSystem } from '../support/system';
import {
  claimAs,
  nextQr,
  PASSWORD,
  payCashInSheet,
  readQr,
  recordItem,
  shot,
  signInAndFillIdentity,
} from './flows';

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

/** GET /api/v1/me with the session the page holds (Taro keeps storage as {data} JSON). */
async function meOf(page: Page): Promise<{ platform: string; activated: boolean }> {
  return page.evaluate(async () => {
    const raw = window.localStorage.getItem('ybm.session.token') ?? '{}';
    const token = (JSON.parse(raw) as { data?: string }).data ?? '';
    const res = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
    return (await res.json()) as { platform: string; activated: boolean };
  });
}

interface TemplateMessage {
  to_open_id?: string;
  page: string;
  data: Record<string, { value: string }>;
}

/** Waits until the fake Alipay's message log has a message for this page, and returns it. */
async function alipayPush(page: string): Promise<TemplateMessage> {
  for (let waited = 0; waited < 20_000; waited += 200) {
    const { body } = await request(system.alipayUrl).get('/dev/template-messages').expect(200);
    const found = (body.messages as TemplateMessage[]).find((m) => m.page === page);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no Alipay template message for ${page}`);
}

async function wechatPush(page: string, openid: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 200) {
    const { body } = await request(system.wechatUrl)
      .get('/dev/messages')
      .query({ touser: openid })
      .expect(200);
    if ((body.messages as { page: string }[]).some((m) => m.page === page)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no WeChat subscribe message for ${page}`);
}

let orders = 0;
/** The hospital uploads a consultation bill (6201) for the person; answers its id. */
async function hospitalBill(psnNo: string): Promise<string> {
  orders += 1;
  const his = hisClient(system.insuranceUrl, hisChannel({ YBM_DATA_DIR: system.dataDir }), Date.now);
  const uploaded = await his.call(PATHS.uploadFees, consultationBill(psnNo, `HIS-E2E-ALIPAY-${orders}`));
  expect(uploaded.code).toBe('0');
  return uploaded.data?.payOrdId as string;
}

describe('an Alipay user in the browser', () => {
  it('claims, settles the code in two scans, is pushed a bill, pays it and sees the records', async () => {
    const page = await openPhonePage(browser);
    const person = await claimAs(system, page, 'employee', 'alipay');
    await expect(meOf(page)).resolves.toMatchObject({ platform: 'alipay', activated: true });
    const qr = page.getByTestId('voucher-qr');
    await qr.waitFor();
    await shot(page, 'alipay-1-code');

    const counter = createCounter({
      baseUrl: system.insuranceUrl,
      institution: { code: DEMO_INSTITUTIONS.pharmacy },
      channel: hisChannel({ YBM_DATA_DIR: system.dataDir }),
    });
    const basket = [{ code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen }];
    const first = await readQr(qr);
    const visit = await counter.scanIdentity(first, basket);
    const status = page.getByTestId('code-status');
    await status.waitFor({ timeout: 15_000 });
    await expect(status.textContent()).resolves.toContain('已核验身份');
    const settled = await counter.settle(await nextQr(qr, first), visit);
    await page.getByTestId('settlement-result').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('settlement-total').textContent()).resolves.toContain(
      formatYuan(settled.totalFen),
    );
    await shot(page, 'alipay-2-settled');

    // The user accepted the bill notice on the phone (my.requestSubscribeMessage); the push
    // goes out as an Alipay template message.
    const userId = devAlipayUserId('employee');
    await request(system.alipayUrl).post('/dev/subscription').send({ user_id: userId, count: 1 }).expect(200);
    const billId = await hospitalBill(person.psnNo);
    const push = await alipayPush(`pages/pay/index?billId=${billId}`);
    expect(push.to_open_id).toBeTruthy();
    expect(push.data.keyword2?.value).toContain('元');

    await page.goto(system.url);
    await page.getByTestId('inbox-entry').click();
    const item = page.locator(`[data-testid="inbox-item"][data-bill-id="${billId}"]`);
    await item.waitFor({ timeout: 15_000 });
    await shot(page, 'alipay-3-inbox');
    await item.click();
    await page.getByTestId('bill-total').last().waitFor();
    await page.getByTestId('pay-confirm').last().click();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();
    const result = page.getByTestId('pay-result').last();
    await result.waitFor({ timeout: 20_000 });
    if ((await result.getAttribute('data-status')) === 'awaiting_cash') await payCashInSheet(page);
    await page.getByTestId('pay-done').last().waitFor({ timeout: 20_000 });
    await shot(page, 'alipay-4-paid');

    await page.getByTestId('pay-records').last().click();
    const record = recordItem(page, system, person.psnNo, settled.setlId);
    await record.waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('record-item').first().textContent()).resolves.toContain(
      formatYuan(DEMO_CATALOGUE.consultation.priceFen),
    );
    await shot(page, 'alipay-5-records');
  });

  it('finishes with 一键同步 after claiming in WeChat: both show the code, and a bill reaches both', async () => {
    const person = PERSONAS.retiree;
    const inWechat = await openPhonePage(browser);
    await claimAs(system, inWechat, 'retiree');
    await expect(meOf(inWechat)).resolves.toMatchObject({ platform: 'h5', activated: true });

    // Another phone, in Alipay: identity, then straight to 一键同步 (no SMS, no face check).
    const inAlipay = await openPhonePage(browser);
    const smsLines = () => system.output.filter((line) => line.includes('[dev SMS]')).length;
    const smsBefore = smsLines();
    await signInAndFillIdentity(system, inAlipay, 'retiree', 'alipay');
    await inAlipay.getByTestId('sync-intro').waitFor({ timeout: 20_000 });
    // The page slides in after the identity step: photograph it once it has arrived.
    await inAlipay.waitForFunction(() => {
      const box = document.querySelector('[data-testid="sync-intro"]')?.getBoundingClientRect();
      return box !== undefined && box.left >= 0 && box.right <= window.innerWidth;
    });
    await shot(inAlipay, 'alipay-sync-1-password');
    for (const digit of PASSWORD) await inAlipay.getByTestId(`key-${digit}`).click();
    await inAlipay.getByTestId('code-claimed').waitFor({ timeout: 20_000 });
    expect(smsLines()).toBe(smsBefore);
    await expect(meOf(inAlipay)).resolves.toMatchObject({ platform: 'alipay', activated: true });

    // Both bindings show the code.
    for (const page of [inWechat, inAlipay]) {
      await page.getByTestId('voucher-qr').waitFor();
      await expect(readQr(page.getByTestId('voucher-qr'))).resolves.toMatch(/^YB1/);
    }
    await shot(inAlipay, 'alipay-sync-2-code');

    // A bill is pushed to both.
    await request(system.wechatUrl)
      .post('/dev/subscription')
      .send({ openid: devOpenid('retiree'), count: 1 })
      .expect(200);
    await request(system.alipayUrl)
      .post('/dev/subscription')
      .send({ user_id: devAlipayUserId('retiree'), count: 1 })
      .expect(200);
    const billId = await hospitalBill(person.psnNo);
    const page = `pages/pay/index?billId=${billId}`;
    await alipayPush(page);
    await wechatPush(page, devOpenid('retiree'));
  });
});
