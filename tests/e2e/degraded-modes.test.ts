// Issue 26 on the phone (H5, a real browser): degraded modes. With the insurance platform cut
// off, 个人账户 and 消费记录 show the last good copy, labelled with its time. With the BFF
// stopped (SIGTERM) the code page keeps the code it shows until that code expires — never a
// blank screen, never an expired code — then says it is offline, and when the BFF is started
// again (same port, same database) shows a fresh code by itself, with no tap. Waits through one
// whole code (about a minute) in real time.
import type { Browser, Page } from 'playwright-core';

import { DEMO_CATALOGUE } from '../../bff/sandbox/insurance/seed';
import { launchBrowser } from '../support/browser';
import { startRestartableSystem, type RestartableSystem } from '../support/restartable-system';
import { claimAs, readQr, shot } from './flows';
import { openSmallPhone, route, settleAtPharmacy } from './ux-steps';

jest.setTimeout(400_000);

const BASKET = [{ code: DEMO_CATALOGUE.classA.code, qty: 1, priceFen: DEMO_CATALOGUE.classA.priceFen }];
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

let system: RestartableSystem;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  system = await startRestartableSystem();
  browser = await launchBrowser();
  page = await openSmallPhone(browser);
  await claimAs(system, page, 'employee');
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** The label for a copy made at any minute between `from` and `to` (Beijing time). */
function labelsBetween(from: number, to: number): string[] {
  const labels = new Set<string>();
  for (let t = from - (from % 60_000); t <= to; t += 60_000) {
    const b = new Date(t + BEIJING_OFFSET_MS);
    const hhmm = `${String(b.getUTCHours()).padStart(2, '0')}:${String(b.getUTCMinutes()).padStart(2, '0')}`;
    labels.add(`医保平台暂时不可用，以下为 ${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${hhmm} 的信息`);
  }
  return [...labels];
}

const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

describe('account and records with the insurance platform down', () => {
  it('shows the last good copy, labelled with its time, and the fresh answer carries no label', async () => {
    await page.goto(route(system, '/pages/code/index'));
    await settleAtPharmacy(system, page, BASKET);

    // Seen once while the platform is up: the copies are kept.
    const before = Date.now();
    await page.goto(route(system, '/pages/account/index'));
    await page.getByTestId('account-balance').waitFor({ timeout: 20_000 });
    const balance = await text('account-balance');
    expect(await page.getByTestId('account-as-of').count()).toBe(0);
    await page.goto(route(system, '/pages/records/index'));
    await page.getByTestId('records-list').waitFor({ timeout: 20_000 });
    const records = await page.getByTestId('record-item').count();
    expect(records).toBe(1);
    expect(await page.getByTestId('records-as-of').count()).toBe(0);
    const after = Date.now();

    system.platform.down = true;
    try {
      await page.goto(route(system, '/pages/account/index'));
      await page.getByTestId('account-as-of').waitFor({ timeout: 20_000 });
      expect(labelsBetween(before, after)).toContain(await text('account-as-of'));
      expect(await text('account-balance')).toBe(balance);
      await shot(page, 'degraded-account-copy');

      await page.goto(route(system, '/pages/records/index'));
      await page.getByTestId('records-as-of').waitFor({ timeout: 20_000 });
      expect(labelsBetween(before, after)).toContain(await text('records-as-of'));
      expect(await page.getByTestId('record-item').count()).toBe(records);
      await shot(page, 'degraded-records-copy');
    } finally {
      system.platform.down = false;
    }
  });
});

describe('the code page with the BFF stopped and started again', () => {
  it('keeps the code until it expires, then says it is offline, then shows a fresh code by itself', async () => {
    await page.goto(route(system, '/pages/code/index'));
    const qr = page.getByTestId('voucher-qr');
    const offline = page.getByTestId('code-offline');
    await qr.waitFor({ timeout: 20_000 });
    const code = await readQr(qr);
    const firstSeen = Date.now();
    await shot(page, 'degraded-code-before');

    await system.stopBff();
    // What the person sees, every quarter second, until the offline state: the same code with
    // time left on it, or the offline state — never nothing, never "0秒", never past its minute.
    const seen: { at: number; qr: boolean; offline: boolean; countdown: string }[] = [];
    let sameCodeWhileRetrying = false;
    for (const limit = Date.now() + 90_000; Date.now() < limit;) {
      const at = Date.now();
      // One look at the screen (a frame), so the QR and its countdown are read together.
      const frame = await page.evaluate(() => {
        const shown = (id: string) =>
          Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)).find(
            (element) => element.offsetParent !== null,
          );
        return {
          qr: shown('voucher-qr') !== undefined,
          offline: shown('code-offline') !== undefined,
          countdown: shown('code-countdown')?.textContent ?? '',
        };
      });
      seen.push({ at, ...frame, countdown: frame.qr ? frame.countdown : '' });
      if (frame.offline) break;
      const countdown = frame.countdown;
      if (!sameCodeWhileRetrying && countdown.startsWith('网络异常，正在重新获取')) {
        expect(await readQr(qr)).toBe(code);
        sameCodeWhileRetrying = true;
        await shot(page, 'degraded-code-retrying');
      }
      await page.waitForTimeout(250);
    }
    expect(seen.at(-1)?.offline).toBe(true);
    expect(seen.filter((s) => !s.qr && !s.offline)).toEqual([]);
    const withCode = seen.filter((s) => s.qr);
    const secondsLeft = (countdown: string) =>
      Number(/^(\d+)秒内有效|本码(\d+)秒后失效$/.exec(countdown)?.slice(1).find(Boolean));
    expect(withCode.filter((s) => !(secondsLeft(s.countdown) >= 1))).toEqual([]);
    expect(withCode.filter((s) => s.at > firstSeen + 60_000)).toEqual([]);
    expect(sameCodeWhileRetrying).toBe(true);
    await expect(qr.count()).resolves.toBe(0);
    expect(await offline.textContent()).toContain('网络异常');
    await shot(page, 'degraded-code-offline');

    // The BFF is back: a fresh code, with no tap.
    await system.startBff();
    await qr.waitFor({ timeout: 60_000 });
    expect(await readQr(qr)).not.toBe(code);
    // Just issued: about its whole minute left.
    const left = Number(/^(\d+)秒内有效/.exec(await text('code-countdown'))?.[1]);
    expect(left).toBeGreaterThanOrEqual(55);
    await shot(page, 'degraded-code-recovered');
  });
});
