// Steps the issue-17 browser tests share ("what a person sees"): a 375 px phone, a hospital
// pushing a bill, a pharmacy settling in two scans, and waiting for what the person sees.
import { fenToYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import type { Browser, Page } from 'playwright-core';

import { createCounter } from '../../bff/sandbox/counter/client';
import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_INSTITUTIONS } from '../../bff/sandbox/insurance/seed';
import { hisClient } from '../support/payments';
import type { RunningSystem } from '../support/system';
import { nextQr, readQr } from './flows';

/** The phone the issue was found on: 375 × 812, where 24 design px are 12 CSS px. */
export async function openSmallPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  return context.newPage();
}

export interface CatalogueItem {
  code: string;
  priceFen: number;
}

/** The hospital uploads a bill (6201) for `psnNo`; resolves with the bill's id. */
export async function pushBill(
  system: RunningSystem,
  psnNo: string,
  items: readonly CatalogueItem[],
  medOrgOrd: string,
): Promise<string> {
  const his = hisClient(system.insuranceUrl, hisChannel({ YBM_DATA_DIR: system.dataDir }), Date.now);
  const total = items.reduce((sum, item) => sum + item.priceFen, 0);
  const uploaded = await his.call(PATHS.uploadFees, {
    orgCodg: DEMO_INSTITUTIONS.hospital,
    medOrgOrd,
    psnNo,
    deptName: '普通内科',
    drName: '李医生',
    medfeeSumamt: fenToYuan(total),
    feedetail: items.map((item, i) => ({
      feedetlSn: `F${i + 1}`,
      medListCodg: item.code,
      cnt: 1,
      pric: fenToYuan(item.priceFen),
      detItemFeeSumamt: fenToYuan(item.priceFen),
    })),
  });
  if (uploaded.code !== '0') throw new Error(`6201 refused: ${uploaded.code} ${uploaded.message}`);
  return uploaded.data?.payOrdId as string;
}

/** A pharmacy counter scans the code on screen twice (identity, then settlement). */
export async function settleAtPharmacy(
  system: RunningSystem,
  page: Page,
  basket: { code: string; qty: number; priceFen: number }[],
  pharmacy: string = DEMO_INSTITUTIONS.pharmacy,
) {
  const qr = page.getByTestId('voucher-qr');
  await qr.waitFor({ timeout: 20_000 });
  const counter = createCounter({
    baseUrl: system.insuranceUrl,
    institution: { code: pharmacy },
    channel: hisChannel({ YBM_DATA_DIR: system.dataDir }),
  });
  const first = await readQr(qr);
  const visit = await counter.scanIdentity(first, basket);
  const settled = await counter.settle(await nextQr(qr, first), visit);
  await page.getByTestId('settlement-result').waitFor({ timeout: 15_000 });
  return settled;
}

/** Opens `url` again until `testId` shows (an event reaches the BFF in the meantime). */
export async function openWhenThere(page: Page, url: string, testId: string): Promise<void> {
  const target = page.getByTestId(testId).last();
  for (let tries = 0; tries < 30; tries += 1) {
    await page.goto(url);
    if (
      await target.waitFor({ timeout: 1_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`${testId} did not appear at ${url}`);
}

/** The H5 app's hash route for a page. */
export const route = (system: RunningSystem, pagePath: string) =>
  `${system.url.replace(/\/$/, '')}/#${pagePath}`;
