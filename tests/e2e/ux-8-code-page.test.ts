// Issue 17, item 8: the code page. 吴刚 shows his code: the countdown starts from the code's
// own validity (60 s, not 53–54); the network drops near the end of it: the page says it is
// retrying and how long the code on screen is still good for (never "0秒后自动刷新"), takes
// the code away when it expires, and when the network is back shows a fresh code by itself.
// On a phone whose clock is 3 minutes fast, the count is the same and the page says the clock
// is off. This test waits through one whole code (about a minute) in real time.
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { launchBrowser } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, readQr, shot } from './flows';
import { openSmallPhone, route } from './ux-steps';

jest.setTimeout(400_000);

let system: RunningSystem;
let browser: Browser;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  page = await openSmallPhone(browser);
  context = page.context();
  await claimAs(system, page, 'cardReplaced');
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const countdown = async (on: Page = page) =>
  (await on
    .getByTestId('code-countdown')
    .textContent({ timeout: 1_000 })
    .catch(() => null)) ?? '';

// A code fetched no earlier than `since` reads its full minute less the seconds since then (the
// machine may be slow to read it), never the 53–54 s of a countdown started from the phone's clock.
const expectFreshCountdown = async (on: Page, since: number) => {
  const text = await countdown(on);
  const left = Number(/^(\d+)秒内有效/.exec(text)?.[1] ?? NaN);
  const elapsed = Math.ceil((Date.now() - since) / 1000);
  expect(left).toBeLessThanOrEqual(60);
  expect(left).toBeGreaterThanOrEqual(Math.min(59, 60 - elapsed - 1));
};

describe('the code page', () => {
  it('counts from the code’s validity, never says 0 s, and recovers by itself after the network returns', async () => {
    const qr = page.getByTestId('voucher-qr');
    await qr.waitFor({ timeout: 20_000 });
    const first = await countdown();
    expect(first).toMatch(/^(60|59)秒内有效 · 到期前自动刷新$/);
    const code = await readQr(qr);
    await shot(page, 'ux-8-countdown-start');

    // Every second of this code's life, as the person sees it.
    const seen: string[] = [first];
    const watch = async (until: () => Promise<boolean>, limitMs: number) => {
      for (let waited = 0; waited < limitMs; waited += 250) {
        seen.push(await countdown());
        if (await until()) return;
        await page.waitForTimeout(250);
      }
      throw new Error(`not reached in ${limitMs} ms; saw ${JSON.stringify(seen.slice(-5))}`);
    };
    await watch(async () => /^8秒内有效/.test(seen[seen.length - 1] ?? ''), 60_000);

    // The network goes with 8 s left: the refresh 5 s before expiry fails, and it says so.
    await context.setOffline(true);
    await watch(async () => (seen[seen.length - 1] ?? '').startsWith('网络异常，正在重新获取'), 10_000);
    await shot(page, 'ux-8-retrying');
    expect(seen[seen.length - 1]).toMatch(/^网络异常，正在重新获取 · 本码[1-5]秒后失效$/);

    // At expiry the code leaves the screen.
    await page.getByTestId('code-offline').waitFor({ timeout: 10_000 });
    await expect(qr.count()).resolves.toBe(0);
    await shot(page, 'ux-8-offline');
    // Nothing on screen ever claimed a refresh in 0 s, or a refresh it was not doing.
    expect(seen.filter((text) => /^0秒|秒后自动刷新/.test(text))).toEqual([]);

    // The network is back: a fresh code, with no tap.
    const back = Date.now();
    await context.setOffline(false);
    await qr.waitFor({ timeout: 10_000 });
    expect(await readQr(qr)).not.toBe(code);
    await expectFreshCountdown(page, back);
    await shot(page, 'ux-8-recovered');
  });

  it('says so when the phone’s clock is off, and counts the same', async () => {
    // The same person on a phone whose clock runs 3 minutes fast.
    const fast = await browser.newContext({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      storageState: await context.storageState(),
    });
    await fast.addInitScript(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + 3 * 60_000;
    });
    const phone = await fast.newPage();
    const opened = Date.now();
    await phone.goto(route(system, '/pages/code/index'));
    await phone.getByTestId('voucher-qr').waitFor({ timeout: 20_000 });
    await expectFreshCountdown(phone, opened);
    await expect(phone.getByTestId('code-clock-off').textContent()).resolves.toBe(
      '您的手机时间快了约3分钟。倒计时按医保码本身的有效期计算，不受影响；建议在手机设置中开启"自动设置时间"。',
    );
    await shot(phone, 'ux-8-clock-off');
    await fast.close();
  });
});
