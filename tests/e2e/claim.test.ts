// Claiming the voucher in the H5 build against `npm start`: the dev login as a seeded
// persona, both consents, the document, the SMS code (read from npm start's console, where
// the dev SMS sink prints it), the dev face check, the password twice on the keypad, and
// the code tab saying 已领取. And a persona insured a month ago, refused with the reason.
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { PERSONAS } from '../../bff/sandbox/insurance/seed';
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
  await system?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** The SMS code the dev sink printed for this phone after `since` lines of output. */
async function smsCodeFor(phone: string, since: number): Promise<string> {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  for (let waited = 0; waited < 10_000; waited += 100) {
    const line = system.output.slice(since).find((l) => l.includes('[dev SMS]') && l.includes(masked));
    const code = line && /验证码为(\d{6})/.exec(line)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SMS for ${masked} in the npm start output`);
}

async function signInAndFillIdentity(page: Page, key: keyof typeof PERSONAS) {
  const person = PERSONAS[key];
  await page.goto(system.url);
  await page.getByTestId('claim-start').click();
  await page.getByTestId(`persona-${key}`).click();

  await page.getByTestId('consent-next').waitFor();
  await shot(page, `claim-${key}-1-consent`);
  await page.getByTestId('consent-terms').click();
  await page.getByTestId('consent-sensitive').click();
  await page.getByTestId('consent-next').click();

  await page.getByTestId('identity-name').locator('input').fill(person.name);
  await page.getByTestId('identity-number').locator('input').fill(person.docNumber);
  await shot(page, `claim-${key}-2-identity`);
  await page.getByTestId('identity-submit').click();
  return person;
}

describe('claiming the voucher in the browser', () => {
  it('takes the employee persona through every step to the code tab', async () => {
    const page = await openPhonePage(browser);
    const person = await signInAndFillIdentity(page, 'employee');

    await page.getByTestId('sms-send').waitFor();
    const before = system.output.length;
    await page.getByTestId('sms-send').click();
    const code = await smsCodeFor(person.phone ?? '', before);
    await page.getByTestId('sms-code').locator('input').fill(code);
    await shot(page, 'claim-employee-3-sms');
    await page.getByTestId('sms-submit').click();

    await page.getByTestId('face-start').click();
    await page.getByTestId('face-dev-pass').click();

    await page.getByTestId('password-keypad').waitFor();
    for (const round of ['first', 'confirm']) {
      await page.locator(`[data-testid="password-setup"][data-stage="${round}"]`).waitFor();
      for (const digit of '582914') await page.getByTestId(`key-${digit}`).click();
      if (round === 'first') await shot(page, 'claim-employee-4-password');
    }

    const claimed = page.getByTestId('code-claimed');
    await claimed.waitFor({ timeout: 20_000 });
    await expect(claimed.textContent()).resolves.toContain('已领取');
    await expect(claimed.textContent()).resolves.toContain('张*');
    await shot(page, 'claim-employee-5-claimed');
  });

  it('refuses the persona insured a month ago and says why', async () => {
    const page = await openPhonePage(browser);
    await signInAndFillIdentity(page, 'newlyInsured');
    const message = page.getByTestId('claim-refusal-message');
    await message.waitFor({ timeout: 20_000 });
    await expect(message.textContent()).resolves.toContain('参保未满两个月');
    await shot(page, 'claim-newlyInsured-refused');
  });
});
