// 定点机构, 医保目录 and 异地就医备案 in a real browser (H5 against npm start), as a 绥化 employee
// who claimed the voucher: the nearest pharmacy taking 医保码 (the phone shares its position) and
// its page; the catalogue by two characters and by pinyin initials, and what an item would cost;
// a filing made and cancelled; and a settlement in 西安 without and then with a filing, each
// record saying which rule applied. Screenshots in tests/artifacts/services-*.png.
import type { Browser, Page } from 'playwright-core';

import { createCounter } from '../../bff/sandbox/counter/client';
import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, nextQr, readQr, recordItem, shot } from './flows';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;
let page: Page;

/** Next to the demo pharmacy on 中直路 in 绥化 (WGS-84, as a browser reports it; the page converts). */
const HERE = { latitude: 46.6385, longitude: 126.9748 };

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: HERE,
    permissions: ['geolocation'],
  });
  page = await context.newPage();
  await claimAs(system, page, 'employee');
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** A page on its own (reloaded: Taro's H5 router keeps earlier pages in the document otherwise). */
async function open(route: string) {
  await page.goto(`${system.url}#${route}`);
  await page.reload();
}

async function openTile(key: string) {
  await open('/pages/index/index');
  await page.locator(`[data-service="${key}"]`).click();
}

describe('定点机构', () => {
  it('finds the nearest pharmacy taking 医保码 and opens it', async () => {
    await openTile('institutions');
    await page.getByTestId('institutions-list').waitFor({ timeout: 20_000 });
    await page.getByTestId('institutions-kind-pharmacy').click();
    await page.getByTestId('institutions-ec-only').click();
    const first = page.getByTestId('institution-item').first();
    await page
      .locator(`[data-testid="institution-item"][data-code="${DEMO_INSTITUTIONS.pharmacy}"]`)
      .waitFor();
    await expect(page.getByTestId('institutions-region').textContent()).resolves.toBe(
      '绥化市的定点医药机构，离您最近的在前',
    );
    await expect(first.getAttribute('data-code')).resolves.toBe(DEMO_INSTITUTIONS.pharmacy);
    await expect(first.getByTestId('institution-distance').textContent()).resolves.toMatch(/^\d+米$/);
    // The pharmacy that takes no 医保码 is filtered out (once the filtered page has replaced the last).
    await page
      .locator(`[data-testid="institution-item"][data-code="${DEMO_INSTITUTIONS.pharmacyWithoutEc}"]`)
      .waitFor({ state: 'detached' });
    await shot(page, 'services-1-nearest-pharmacy');

    await first.click();
    await page.getByTestId('institution-detail').waitFor();
    await expect(page.getByTestId('institution-name').textContent()).resolves.toBe(
      '国药控股绥化大药房（中直路店）',
    );
    await expect(page.getByTestId('institution-ec').textContent()).resolves.toBe('支持医保码');
    await expect(page.getByTestId('institution-phone').textContent()).resolves.toBe('0455-8356677');
    // A plain browser has no map: the page says so and gives the address to go by.
    await page.getByTestId('institution-map').click();
    await page.getByText('当前环境无法打开地图', { exact: false }).waitFor();
    await shot(page, 'services-2-pharmacy');
  });
});

describe('医保目录', () => {
  it('finds items by two characters and by pinyin initials, and says what one would cost', async () => {
    await openTile('catalogue');
    await page.getByTestId('catalogue-search').locator('input').fill('西林');
    await page.getByTestId('catalogue-search-go').click();
    await page.getByTestId('catalogue-list').waitFor();
    const names = await page.getByTestId('catalogue-item').locator('.svc-item__name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.includes('西林'))).toBe(true);
    await expect(page.getByTestId('catalogue-class').first().textContent()).resolves.toBe('甲类');
    await shot(page, 'services-3-catalogue-two-characters');

    await page.getByTestId('catalogue-search').locator('input').fill('tbkw');
    await page.getByTestId('catalogue-search-go').click();
    const item = page.locator(`[data-testid="catalogue-item"][data-code="${DEMO_CATALOGUE.classB.code}"]`);
    await item.waitFor();
    await expect(item.getByTestId('catalogue-class').textContent()).resolves.toBe('乙类');
    await expect(item.getByTestId('catalogue-share').textContent()).resolves.toMatch(/^先自付 \d+%$/);
    await shot(page, 'services-4-catalogue-pinyin');

    await item.click();
    await page.getByTestId('estimate-result').waitFor({ timeout: 20_000 });
    await page.getByTestId('estimate-qty-2').click();
    await page.getByText(`头孢克肟分散片 2 × ¥`, { exact: false }).waitFor();
    const explanation = await page.getByTestId('estimate-explanation').textContent();
    expect(explanation).toContain('乙类项目先自付');
    expect(explanation).toContain('实际以结算为准');
    await expect(page.getByTestId('estimate-cash').textContent()).resolves.toMatch(/^¥\d/);
    await shot(page, 'services-5-estimate');
  });
});

describe('异地就医备案', () => {
  async function fileFor(region: string) {
    await openTile('remote_care');
    await page.getByTestId('remote-care-form').waitFor();
    await page.getByTestId(`remote-care-region-${region}`).click();
    await page.getByTestId('remote-care-reason-temporary').click();
    await page.getByTestId('remote-care-submit').click();
    await page.locator('[data-testid="remote-care-filing"][data-status="filed"]').waitFor();
  }

  async function cancelFiling() {
    await page.getByTestId('remote-care-cancel').first().click();
    await page.getByText('撤销', { exact: true }).last().click();
    await page.locator('[data-testid="remote-care-filing"][data-status="cancelled"]').first().waitFor();
  }

  it('files for care in 杭州 and cancels it', async () => {
    await openTile('remote_care');
    await page.getByTestId('remote-care-empty').waitFor();
    await shot(page, 'services-6-remote-care-empty');
    await fileFor('330100');
    await expect(page.getByTestId('remote-care-status').first().textContent()).resolves.toBe('已备案');
    await shot(page, 'services-7-remote-care-filed');
    await cancelFiling();
    await expect(page.getByTestId('remote-care-status').first().textContent()).resolves.toBe('已撤销');
    await shot(page, 'services-8-remote-care-cancelled');
  });

  /** Two scans at a 西安 pharmacy with the code on screen; the record's care lines. */
  async function settleInXian(step: string): Promise<string[]> {
    await open('/pages/code/index');
    const qr = page.getByTestId('voucher-qr');
    await qr.waitFor({ timeout: 20_000 });
    const counter = createCounter({
      baseUrl: system.insuranceUrl,
      institution: { code: DEMO_INSTITUTIONS.xianPharmacy },
      channel: hisChannel({ YBM_DATA_DIR: system.dataDir }),
    });
    const basket = [{ code: DEMO_CATALOGUE.classA.code, qty: 20, priceFen: DEMO_CATALOGUE.classA.priceFen }];
    const first = await readQr(qr);
    const visit = await counter.scanIdentity(first, basket);
    const settled = await counter.settle(await nextQr(qr, first), visit);
    await page.getByTestId('settlement-result').waitFor({ timeout: 15_000 });
    await page.getByTestId('settlement-records').click();
    await recordItem(page, system, PERSONAS.employee.psnNo, settled.setlId).click();
    await page.getByTestId('record-detail-care').first().waitFor();
    // The record page slides in from the right: wait until it has arrived before the picture.
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="record-detail-care"]')?.getBoundingClientRect().left ?? 99) <
        60,
    );
    await shot(page, `services-${step}`);
    return page.getByTestId('record-detail-care').allTextContents();
  }

  it('settles in 西安 at the non-filed ratio without a filing, and at the filed one with it', async () => {
    expect(await settleInXian('9-xian-not-filed')).toEqual([
      '异地就医（西安市）：未办理异地就医备案，报销比例降低20个百分点',
    ]);
    await fileFor('610100');
    expect(await settleInXian('10-xian-filed')).toEqual([
      '异地就医（西安市）：已办理异地就医备案，按参保地待遇报销',
    ]);
  });
});
