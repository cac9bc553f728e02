// Issue 17, items 3–6, as a person meets them in the H5 build against `npm start`: the elderly
// parent with no phone on record told what is true and what to do (and told apart from a
// reserved phone that stopped working); the agreements readable as pages from the consent step
// and from 我的, and the consent given shown under 授权管理; the person's own 参保地 (none
// before sign-in); a title and 返回 on every page, 登录 in every signed-out state; and
// 一键同步 showing only the steps that applied. Screenshots: tests/artifacts/ux-*.png.
import { AGREEMENTS } from '@ybm/shared';
import type { Browser, Page } from 'playwright-core';

import { launchBrowser, openPhonePage } from '../support/browser';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, PASSWORD, shot, signInAndFillIdentity } from './flows';

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

const smsLines = () => system.output.filter((line) => line.includes('[dev SMS]')).length;
const text = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();

/** The H5 header shows the page's own title (Taro sets document.title from index.config.ts). */
async function expectHeader(page: Page, title: string): Promise<void> {
  await page.getByTestId('page-title').filter({ hasText: title }).first().waitFor();
  await page.waitForFunction((expected) => document.title === expected, title);
}

/**
 * A screenshot once the element is in place: a page pushed with navigateTo slides in, and may
 * not have started moving when the element is first found.
 */
async function shotInPlace(page: Page, testId: string, name: string): Promise<void> {
  await page.waitForFunction((id) => {
    const boxes = Array.from(document.querySelectorAll(`[data-testid="${id}"]`), (node) =>
      node.getBoundingClientRect(),
    );
    return boxes.some((box) => box.width > 0 && box.left >= 0 && box.right <= window.innerWidth);
  }, testId);
  await shot(page, name);
}

/** The page that is showing (Taro keeps the pages below it in the DOM, hidden). */
const visible = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]:visible`);

describe('item 3: the reserved phone', () => {
  it('tells the elderly parent no phone is on record, and what to do instead', async () => {
    const page = await openPhonePage(browser);
    const before = smsLines();
    await signInAndFillIdentity(system, page, 'elder');

    const refusal = page.getByTestId('claim-refusal');
    await refusal.waitFor({ timeout: 20_000 });
    const words = await refusal.innerText();
    expect(words).toContain('医保系统中没有您的手机号');
    expect(words).toContain('亲情账户');
    expect(words).toContain('医保经办机构登记手机号');
    expect(words).not.toMatch(/停用|停机|变更/);
    await expect(page.getByTestId('claim-step-sms').getAttribute('data-state')).resolves.toBe('current');
    expect(smsLines()).toBe(before);
    await shotInPlace(page, 'claim-refusal', 'ux-3-elder-no-phone');
  });

  it('tells someone whose reserved phone stopped working which number, and where to change it', async () => {
    const page = await openPhonePage(browser);
    await signInAndFillIdentity(system, page, 'phoneChanged');

    const refusal = page.getByTestId('claim-refusal');
    await refusal.waitFor({ timeout: 20_000 });
    const words = await refusal.innerText();
    expect(words).toContain('预留手机号已停用');
    expect(words).toContain('更换预留手机号');
    expect(words).not.toContain('没有您的手机号');
    await expect(text(page, 'claim-refusal-detail')).resolves.toBe('预留手机号：139****0011');
    await shotInPlace(page, 'claim-refusal', 'ux-3-phone-out-of-service');
  });
});

describe('item 4: the agreements and the consent given', () => {
  it('opens each agreement from the consent step without ticking it, and from 我的', async () => {
    const page = await openPhonePage(browser);
    await page.goto(system.url);
    await page.getByTestId('claim-start').click();
    await page.getByTestId('persona-retiree').click();
    await page.getByTestId('consent-next').waitFor();
    await shotInPlace(page, 'consent-next', 'ux-4-consent-step');

    await page.getByTestId('agreement-link-privacy').click();
    await expectHeader(page, '隐私政策');
    await expect(text(page, 'agreement-version')).resolves.toBe('版本：2026-12');
    await expect(text(page, 'agreement-effective')).resolves.toBe('生效日期：2026年12月7日');
    await shotInPlace(page, 'agreement-privacy', 'ux-4-privacy-policy');
    await visible(page, 'page-back').click();
    await page.getByTestId('consent-next').waitFor();
    await expect(page.getByTestId('consent-terms').getAttribute('aria-checked')).resolves.toBe('false');

    await page.getByTestId('agreement-link-sensitive').click();
    await expectHeader(page, '敏感个人信息处理规则');
    await shotInPlace(page, 'agreement-sensitive', 'ux-4-sensitive-rules');
    await visible(page, 'page-back').click();
    await expect(page.getByTestId('consent-sensitive').getAttribute('aria-checked')).resolves.toBe('false');

    await page.goto(`${system.url}/#/pages/mine/index`);
    await page.getByTestId('mine-agreement-terms').click();
    await expectHeader(page, '医保电子凭证用户服务协议');
    await shotInPlace(page, 'agreement-terms', 'ux-4-terms');
  });

  it('shows under 我的 → 授权管理 what was agreed, when, on which platform, tied to the voucher', async () => {
    const page = await openPhonePage(browser);
    await claimAs(system, page, 'employee');
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByTestId('mine-consents').click();
    await expectHeader(page, '授权管理');

    const act = page.getByTestId('consent-act-0');
    await act.waitFor();
    await expect(act.getByTestId('consent-when').innerText()).resolves.toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d · 微信$/,
    );
    await expect(act.getByTestId('consent-status').innerText()).resolves.toContain('已用于领取医保码');
    for (const key of ['terms', 'privacy', 'sensitive'] as const) {
      await expect(act.getByTestId(`consent-document-${key}`).innerText()).resolves.toContain(
        `版本 ${AGREEMENTS[key].version}`,
      );
    }
    await shotInPlace(page, 'consent-act-0', 'ux-4-consents');

    await act.getByTestId('consent-document-sensitive').click();
    await expectHeader(page, '敏感个人信息处理规则');
  });
});

describe('item 5: the region in the header', () => {
  it('shows no region before sign-in, and offers 登录', async () => {
    const page = await openPhonePage(browser);
    await page.goto(system.url);
    await page.getByTestId('home-sign-in').waitFor();
    await page.getByText('演示登录已开启').first().waitFor();
    expect(await page.locator('.home__header').innerText()).not.toContain('参保地');
    await shotInPlace(page, 'home-sign-in', 'ux-5-signed-out-home');
  });

  it("shows the person's own 参保地: 西安市 for someone insured in 西安", async () => {
    const page = await openPhonePage(browser);
    await claimAs(system, page, 'xian');
    await page.getByText('首页', { exact: true }).last().click();
    await expect(text(page, 'home-region')).resolves.toBe('参保地：西安市');
    expect(await page.locator('.home__header').innerText()).not.toContain('绥化');
    await shotInPlace(page, 'home-region', 'ux-5-xian-region');
  });
});

describe('item 6: titles, 返回 and 登录', () => {
  it('signed out, 消息 says so and offers 登录, which comes back to the inbox', async () => {
    const page = await openPhonePage(browser);
    await page.goto(system.url);
    await page.getByText('演示登录已开启').first().waitFor();
    await page.getByTestId('inbox-entry').click();
    await expectHeader(page, '消息中心');
    const prompt = page.getByTestId('sign-in');
    await prompt.waitFor();
    expect(await prompt.innerText()).toContain('您还没有登录');
    expect(await page.locator('body').innerText()).not.toContain('需开启演示登录后使用');
    await shotInPlace(page, 'sign-in', 'ux-6-inbox-signed-out');

    await page.getByTestId('sign-in-button').click();
    await page.getByTestId('persona-resident').click();
    // Back on 消息, signed in: not claimed yet, so the way on is 领取医保码 (not 重试).
    await page.getByTestId('claim-first').waitFor();
    await expectHeader(page, '消息中心');
    await shotInPlace(page, 'claim-first', 'ux-6-inbox-signed-in-not-claimed');
    await visible(page, 'page-back').click();
    await page.getByTestId('claim-start').waitFor();
  });

  it('signed out, the 医保码 tab and 我的 offer 登录', async () => {
    const page = await openPhonePage(browser);
    await page.goto(`${system.url}/#/pages/code/index`);
    await expectHeader(page, '医保码');
    expect(await text(page, 'sign-in')).toContain('您还没有登录');
    expect(await page.locator('body').innerText()).not.toContain('您尚未领取医保码');
    await shotInPlace(page, 'sign-in', 'ux-6-code-signed-out');

    await page.getByText('我的', { exact: true }).last().click();
    // Once the page knows (its first show asks who is signed in).
    await page.getByTestId('mine-name').filter({ hasText: '未登录' }).first().waitFor({ timeout: 10_000 });
    await expect(text(page, 'mine-name')).resolves.toBe('未登录');
    await shotInPlace(page, 'mine-sign-in', 'ux-6-mine-signed-out');
    await page.getByTestId('mine-sign-in').click();
    await page.getByTestId('persona-lowBalance').click();
    await page.getByTestId('mine-name').filter({ hasText: '未领取医保码' }).waitFor();
  });

  it('gives 消费记录, a bill opened on its own and each claim step a title and 返回', async () => {
    const page = await openPhonePage(browser);
    await page.goto(system.url);
    await page.getByTestId('claim-start').click();
    await page.getByTestId('persona-hangzhou').click();
    await page.getByTestId('consent-next').waitFor();
    await expectHeader(page, '领取医保码');
    await page.getByTestId('consent-terms').click();
    await page.getByTestId('consent-sensitive').click();
    await page.getByTestId('consent-next').click();
    await page.getByTestId('identity-submit').waitFor();
    await expectHeader(page, '领取医保码');
    await shotInPlace(page, 'identity-submit', 'ux-6-claim-step-header');
    // 返回 leaves the flow (finished steps are not on the stack).
    await visible(page, 'page-back').click();
    await page.getByTestId('claim-start').waitFor();

    await page.goto(`${system.url}/#/pages/records/index`);
    await expectHeader(page, '消费记录');
    await page.getByTestId('claim-first').waitFor();
    await shotInPlace(page, 'claim-first', 'ux-6-records-header');
    await visible(page, 'page-back').click();
    await page.getByTestId('claim-start').waitFor();

    await page.goto(`${system.url}/#/pages/pay/index?billId=NOSUCHBILL0001`);
    await expectHeader(page, '诊间支付');
    await page.getByTestId('claim-first').waitFor();
    await shotInPlace(page, 'claim-first', 'ux-6-pay-header');
    await visible(page, 'page-back').click();
    await page.getByTestId('claim-start').waitFor();
  });
});

describe('一键同步', () => {
  it('shows only the steps that applied: no SMS code, no face check', async () => {
    const inWechat = await openPhonePage(browser);
    await claimAs(system, inWechat, 'cardReplaced');

    const inAlipay = await openPhonePage(browser);
    await signInAndFillIdentity(system, inAlipay, 'cardReplaced', 'alipay');
    await inAlipay.getByTestId('sync-intro').waitFor({ timeout: 20_000 });
    await expect(text(inAlipay, 'claim-steps')).resolves.toMatch(/授权\s*2\s*身份\s*3\s*同步/);
    expect(await text(inAlipay, 'claim-steps')).not.toMatch(/验证码|人脸/);
    await expect(inAlipay.getByTestId('claim-step-sync').getAttribute('data-state')).resolves.toBe('current');
    await shotInPlace(inAlipay, 'sync-intro', 'ux-sync-steps');
    for (const digit of PASSWORD) await inAlipay.getByTestId(`key-${digit}`).click();
    await inAlipay.getByTestId('code-claimed').waitFor({ timeout: 20_000 });
  });
});
