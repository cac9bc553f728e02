// The H5 code flow against `npm run start:scaled` (issue 25): PostgreSQL, Redis, two BFF
// processes and nginx in front, the browser talking only to nginx. The claim (SMS code, face,
// password), the code, two scans at a pharmacy counter and the settlement on the phone — while
// round robin sends the requests to both instances, which the instances' own logs show.
import { formatYuan } from '@ybm/shared';
import type { Browser } from 'playwright-core';

import { createCounter } from '../../bff/sandbox/counter/client';
import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser, openPhonePage } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, nextQr, readQr, shot } from './flows';

jest.setTimeout(300_000);

let system: RunningSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startSystem({ scaled: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** How many API requests each instance served, from its access log in the output. */
function apiRequestsPerInstance(): number[] {
  return system.instances.map(
    (_, i) =>
      system.output.filter((line) => line.startsWith(`[bff-${i + 1}]`) && line.includes('"path":"/api/v1/'))
        .length,
  );
}

it('claims, shows the code and settles in two scans through nginx and two BFF processes', async () => {
  expect(system.instances).toHaveLength(2);
  expect(new Set([...system.instances, system.url]).size).toBe(3);
  const page = await openPhonePage(browser);
  await claimAs(system, page, 'employee');
  const qr = page.getByTestId('voucher-qr');
  await qr.waitFor();
  const first = await readQr(qr);

  const counter = createCounter({
    baseUrl: system.insuranceUrl,
    institution: { code: DEMO_INSTITUTIONS.pharmacy },
    channel: hisChannel({ YBM_DATA_DIR: system.dataDir }),
  });
  const basket = [{ code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen }];
  const visit = await counter.scanIdentity(first, basket);
  const status = page.getByTestId('code-status');
  await status.waitFor({ timeout: 15_000 });
  await expect(status.textContent()).resolves.toContain('已核验身份');

  const second = await nextQr(qr, first);
  const settled = await counter.settle(second, visit);
  await page.getByTestId('settlement-result').waitFor({ timeout: 15_000 });
  await shot(page, 'scaled-code-settled');
  await expect(page.getByTestId('settlement-total').textContent()).resolves.toContain(
    formatYuan(settled.totalFen),
  );
  await expect(page.getByTestId('split-account').textContent()).resolves.toContain(
    formatYuan(settled.accountFen),
  );
  // Both instances served the phone: the session, the claim and the long-polls crossed between them.
  const served = apiRequestsPerInstance();
  expect(served.every((count) => count >= 3)).toBe(true);
});
