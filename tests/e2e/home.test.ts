// The H5 app served as `npm start` serves it: a person opens the printed URL and sees the
// home page with the service grid fed by the BFF.
import path from 'node:path';

import type { Browser } from 'playwright-core';
import request from 'supertest';

import { ARTIFACTS, launchBrowser, openPhonePage } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const code = await system?.stop();
  expect(code).toBe(0);
});

describe('npm start', () => {
  it('serves a ready system: the BFF verified a round trip with the insurance sandbox', async () => {
    const res = await request(system.url.replace(/\/$/, '')).get('/readyz').expect(200);
    expect(res.body.status).toBe('ready');
  });

  it('shows the home page with the service grid in a phone-sized browser', async () => {
    const page = await openPhonePage(browser);
    const failedRequests: string[] = [];
    page.on('requestfailed', (req) => failedRequests.push(req.url()));
    await page.goto(system.url);

    await page.getByText('领取医保码').first().waitFor({ timeout: 30_000 });
    for (const service of ['定点机构', '医保目录', '异地就医备案', '亲情账户']) {
      await expect(page.getByText(service).first().isVisible()).resolves.toBe(true);
    }
    // The grid came from the BFF (not the offline fallback), and the demo login says so.
    await page.getByText('演示登录已开启').first().waitFor({ timeout: 10_000 });
    await expect(page.getByText('网络异常，请稍后重试').count()).resolves.toBe(0);

    await page.screenshot({ path: path.join(ARTIFACTS, 'home.png'), fullPage: true });
    expect(failedRequests).toEqual([]);
  });

  it('switches tabs to 我的 and back', async () => {
    const page = await openPhonePage(browser);
    await page.goto(system.url);
    await page.getByText('我的', { exact: true }).last().click();
    await page.waitForURL(/pages\/mine\/index/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'mine.png') });
    await page.getByText('首页', { exact: true }).last().click();
    await page.getByText('领取医保码').first().waitFor();
  });
});
