// Claiming the voucher in the H5 build against `npm start`: the dev login as a seeded
// persona, both consents, the document, the SMS code (read from npm start's console, where
// the dev SMS sink prints it), the dev face check, the password twice on the keypad, and
// the code tab saying 已领取. And a persona insured a month ago, refused with the reason.
import type { Browser } from 'playwright-core';

import { launchBrowser, openPhonePage } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, shot, signInAndFillIdentity } from './flows';

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

describe('claiming the voucher in the browser', () => {
  it('takes the employee persona through every step to the code tab', async () => {
    const page = await openPhonePage(browser);
    await claimAs(system, page, 'employee');
    const claimed = page.getByTestId('code-claimed');
    await expect(claimed.textContent()).resolves.toContain('已领取');
    await expect(page.getByTestId('code-holder').textContent()).resolves.toContain('张*');
    await shot(page, 'claim-employee-5-claimed');
  });

  it('refuses the persona insured a month ago and says why', async () => {
    const page = await openPhonePage(browser);
    await signInAndFillIdentity(system, page, 'newlyInsured');
    const message = page.getByTestId('claim-refusal-message');
    await message.waitFor({ timeout: 20_000 });
    await expect(message.textContent()).resolves.toContain('参保未满两个月');
    await shot(page, 'claim-newlyInsured-refused');
  });
});
