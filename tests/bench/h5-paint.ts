// The H5 code page's figure (BENCHMARKS.md): time from navigation to the QR being painted
// (the mark the page sets, miniapp/src/services/paint-mark.ts) in Chromium with the CPU
// throttled 4× (CDP Emulation.setCPUThrottlingRate), median of several loads. The H5 app is
// built again when its sources are newer than the build (bff/scripts/h5-build.ts, as
// `npm start` does); the system runs as `npm start` runs it; a seeded persona claims the
// voucher in the browser first, then the code page is loaded again and again.
import type { Page } from 'playwright-core';

import { DEFAULT_H5_DIR, ensureH5Build } from '../../bff/scripts/h5-build';
import { QR_PAINTED_MARK } from '../../miniapp/src/services/paint-mark';
import { launchBrowser, openPhonePage } from '../support/browser';
import { startSystem } from '../support/system';
import { claimAs } from '../e2e/flows';
import { median } from './load';

export interface CodePagePaint {
  /** The H5 app was built for this run (its sources were newer than the last build). */
  built: boolean;
  cpuThrottle: number;
  /** Navigation → QR painted, per load, in ms. */
  loadsMs: number[];
  medianMs: number;
}

/** Reloads the page and answers when the QR is painted, in ms from the navigation's start. */
async function paintedAfterReload(page: Page): Promise<number> {
  await page.reload({ waitUntil: 'commit' });
  const painted = await page.waitForFunction(
    (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime,
    QR_PAINTED_MARK,
    { timeout: 60_000, polling: 50 },
  );
  return (await painted.jsonValue()) as number;
}

export async function measureCodePagePaint(options: {
  loads: number;
  cpuThrottle: number;
}): Promise<CodePagePaint> {
  // What `npm start` serves, made fresh the way it makes it.
  const built = ensureH5Build(DEFAULT_H5_DIR, (line) => process.stderr.write(`${line}\n`));
  const system = await startSystem({ h5Dir: DEFAULT_H5_DIR });
  // Opened inside the try: without Chromium, the system still stops.
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    browser = await launchBrowser();
    const page = await openPhonePage(browser);
    await claimAs(system, page, 'employee');
    // The claim ends on the code page; one unthrottled load warms the HTTP cache, as a phone
    // that has opened the app before has it.
    await paintedAfterReload(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottle });
    const loadsMs: number[] = [];
    for (let i = 0; i < options.loads; i += 1) loadsMs.push(await paintedAfterReload(page));
    return { built, cpuThrottle: options.cpuThrottle, loadsMs, medianMs: median(loadsMs) };
  } finally {
    await browser?.close();
    await system.stop();
  }
}
