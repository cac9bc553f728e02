// The H5 app served as `npm start` serves it: a person opens the printed URL and sees the
// home page with the service grid fed by the BFF.
import { MetaSchema } from '@ybm/shared';
import type { Browser } from 'playwright-core';
import request from 'supertest';

import { launchBrowser, openPhonePage } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { shot } from './flows';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;
const apiBase = () => system.url.replace(/\/$/, '');

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
    const res = await request(apiBase()).get('/readyz').expect(200);
    expect(res.body.status).toBe('ready');
  });

  it('shows the home page with the service grid in a phone-sized browser', async () => {
    const meta = MetaSchema.parse((await request(apiBase()).get('/api/v1/meta').expect(200)).body);
    const page = await openPhonePage(browser);
    const failedRequests: string[] = [];
    page.on('requestfailed', (req) => failedRequests.push(req.url()));
    await page.goto(system.url);

    // The demo-login notice appears only once the BFF's meta is in. No 参保地 line before a
    // voucher is claimed: only the person's own is shown, never the deployment's region.
    await page.getByText('开发环境 · 演示登录已开启', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('home-region').count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe('医保码');
    for (const text of [
      '国家医保服务平台 · 医保电子凭证',
      '全国通用，看病购药出示医保码即可结算',
      '开发环境 · 演示登录已开启',
      '医保服务',
    ]) {
      await expect(page.getByText(text, { exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByTestId('claim-start').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('claim-start').textContent()).resolves.toContain('领取医保码');

    // The grid is the BFF's list, tile for tile, in its order, with its unavailable ones dimmed.
    const tiles = await page.locator('[data-service]').evaluateAll((items) =>
      items.map((item) => ({
        key: item.getAttribute('data-service'),
        title: item.querySelector('.service-grid__title')?.textContent,
        available: !item.classList.contains('service-grid__item--off'),
      })),
    );
    expect(tiles).toEqual(meta.services.map(({ key, title, available }) => ({ key, title, available })));
    for (const service of ['定点机构', '医保目录', '异地就医备案', '亲情账户']) {
      await expect(page.getByText(service, { exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByText('网络异常，请稍后重试').count()).resolves.toBe(0);

    await shot(page, 'home');
    expect(failedRequests).toEqual([]);
  });

  it('switches tabs to 我的 and back', async () => {
    const page = await openPhonePage(browser);
    await page.goto(system.url);
    const selectedTab = page.locator('.weui-bar__item_on .weui-tabbar__label');
    const claimStart = page.getByTestId('claim-start');
    const mineName = page.getByTestId('mine-name');

    await claimStart.waitFor();
    await expect(selectedTab.textContent()).resolves.toBe('首页');

    await page.getByText('我的', { exact: true }).last().click();
    await mineName.waitFor();
    expect(page.url()).toMatch(/#\/pages\/mine\/index$/);
    await expect(page.title()).resolves.toBe('我的');
    await expect(selectedTab.textContent()).resolves.toBe('我的');
    // A fresh browser has no session: the profile says so, and shows nothing personal.
    await expect(mineName.textContent()).resolves.toBe('未登录');
    await expect(page.getByText('参保信息', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(claimStart.isVisible()).resolves.toBe(false);
    await shot(page, 'mine');

    await page.getByText('首页', { exact: true }).last().click();
    await page.waitForURL(/#\/pages\/index\/index$/);
    await claimStart.waitFor();
    await expect(page.title()).resolves.toBe('医保码');
    await expect(selectedTab.textContent()).resolves.toBe('首页');
    await expect(mineName.isVisible()).resolves.toBe(false);
  });
});
