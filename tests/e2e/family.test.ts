// 个人账户 and 亲情账户 in a real browser on the H5 build against `npm start`: the parent (赵磊)
// opens 个人账户 and 亲情账户 from the home tiles, shows the seeded child's code, which a
// pharmacy counter settles in two scans — the amount appears on the parent's phone and in the
// child's records; adds his wife (钱芳, 16+), who consents on his phone by face and SMS; pays
// his father's hospital bill from his own account (家庭共济); and removes his father, after
// which the father's code page is refused.
import path from 'node:path';

import { fenToYuan, formatYuan } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';

import { ensureBffDemoSecrets } from '../../bff/scripts/demo-secrets';
import { createRecordIds } from '../../bff/src/services/record-ids';
import { createCounter } from '../../bff/sandbox/counter/client';
import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { launchBrowser, openPhonePage } from '../support/browser';
import { hisClient } from '../support/payments';
import { measureText, unreadable } from '../support/readability';
import { startSystem, type RunningSystem } from '../support/system';
import { claimAs, nextQr, PASSWORD, readQr, shot, smsCodeFor } from './flows';

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

function balanceOf(psnNo: string): number {
  const db = new Database(path.join(system.dataDir, 'insurance', 'insurance.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(psnNo) as number;
  } finally {
    db.close();
  }
}

describe('个人账户 and 亲情账户 on H5', () => {
  it('shows the account, settles the child’s code, adds a consenting adult, pays a parent’s bill with 家庭共济 and removes a member', async () => {
    const page = await openPhonePage(browser);
    await claimAs(system, page, 'parent');

    // 个人账户 from the home tile.
    await page.goto(system.url);
    await page.locator('[data-service="account"]').click();
    await page.getByTestId('account-balance').waitFor();
    await expect(page.getByTestId('account-medium-id_card').textContent()).resolves.toContain('身份证');
    await shot(page, 'family-1-account');

    // 亲情账户 from the home tile: the seeded child and father.
    await page.goto(system.url);
    await page.locator('[data-service="family"]').click();
    await page.getByTestId('family-member').first().waitFor();
    await expect(page.getByTestId('family-member-name').allTextContents()).resolves.toEqual([
      '赵*涵',
      '赵*福',
    ]);
    await shot(page, 'family-2-list');

    // The child's code, with her masked name, settled at the counter in two scans.
    await page.getByTestId('family-show-code').first().click();
    const qr = page.getByTestId('member-code-qr');
    await qr.waitFor();
    await expect(page.getByTestId('member-code-holder').textContent()).resolves.toBe('赵*涵');
    await shot(page, 'family-3-child-code');
    const counter = createCounter({
      baseUrl: system.insuranceUrl,
      institution: { code: DEMO_INSTITUTIONS.pharmacy },
      channel: hisChannel({ YBM_DATA_DIR: system.dataDir }),
    });
    const first = await readQr(qr);
    const basket = [{ code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen }];
    const visit = await counter.scanIdentity(first, basket);
    expect(visit.psnNo).toBe(PERSONAS.child.psnNo);
    await page.getByTestId('member-code-status').waitFor({ timeout: 15_000 });
    const settled = await counter.settle(await nextQr(qr, first), visit);
    await page.getByTestId('settlement-result').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('settlement-total').textContent()).resolves.toContain(
      formatYuan(settled.totalFen),
    );
    await shot(page, 'family-4-child-settled');
    // …and in the child's records (the list opens filtered to her).
    await page.getByTestId('settlement-records').click();
    // The list knows the record by its opaque id (sealed under this run's demo key), never the settlement number.
    const recordId = createRecordIds(
      Buffer.from(ensureBffDemoSecrets(system.dataDir).recordIdKey, 'base64'),
    ).seal({ psnNo: PERSONAS.child.psnNo, setlId: settled.setlId });
    const record = page.locator(`[data-testid="record-item"][data-record-id="${recordId}"]`);
    await record.waitFor({ timeout: 15_000 });
    await shot(page, 'family-5-child-records');
    await record.click();
    await page.getByTestId('record-detail-items').waitFor();
    await shot(page, 'family-6-child-record-items');

    // Adding his wife: pending until she consents by face and by SMS on his phone.
    await page.goto(`${system.url}/#/pages/family/add/index`);
    await page.getByTestId('family-add-name').locator('input').fill(PERSONAS.spouse.name);
    await page.getByTestId('family-add-doc-number').locator('input').fill(PERSONAS.spouse.docNumber);
    await page.getByTestId('family-relation-spouse').click();
    await shot(page, 'family-7-add');
    await page.getByTestId('family-add-submit').click();
    await page.getByTestId('family-face-start').click();
    await page.getByTestId('family-face-dev-pass').click();
    await page.getByTestId('family-face-done').waitFor();
    const before = system.output.length;
    await page.getByTestId('family-sms-send').click();
    const code = await smsCodeFor(system, PERSONAS.spouse.phone ?? '', before);
    await page.getByTestId('family-sms-code').locator('input').fill(code);
    await shot(page, 'family-8-consent');
    await page.getByTestId('family-sms-verify').click();
    await page.getByTestId('family-consent-done').waitFor();
    await shot(page, 'family-9-consented');
    await page.getByTestId('family-consent-code').click();
    await page.getByTestId('member-code-qr').waitFor();
    await expect(page.getByTestId('member-code-holder').textContent()).resolves.toBe('钱*');

    // The hospital bills the father; the bill reaches the son's inbox, and he pays its personal
    // part from his own personal account (家庭共济), with his own password.
    const his = hisClient(system.insuranceUrl, hisChannel({ YBM_DATA_DIR: system.dataDir }), Date.now);
    const items = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest];
    const uploaded = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: 'HIS-E2E-FAMILY-1',
      psnNo: PERSONAS.elder.psnNo,
      deptName: '老年病科',
      drName: '王医生',
      medfeeSumamt: fenToYuan(items.reduce((sum, item) => sum + item.priceFen, 0)),
      feedetail: items.map((item, i) => ({
        feedetlSn: `F${i + 1}`,
        medListCodg: item.code,
        cnt: 1,
        pric: fenToYuan(item.priceFen),
        detItemFeeSumamt: fenToYuan(item.priceFen),
      })),
    });
    expect(uploaded.code).toBe('0');
    const billId = uploaded.data?.payOrdId as string;
    const parentBefore = balanceOf(PERSONAS.parent.psnNo);
    const elderBefore = balanceOf(PERSONAS.elder.psnNo);
    await page.goto(system.url);
    const badge = page.getByTestId('inbox-badge');
    for (let tries = 0; !(await badge.isVisible()) && tries < 30; tries += 1) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await page.getByTestId('inbox-entry').click();
    await page.locator(`[data-testid="inbox-item"][data-bill-id="${billId}"]`).click();
    await page.getByTestId('pay-for-member').last().waitFor();
    await page.getByTestId('pay-account-of-guardian').last().click();
    await expect(page.getByTestId('pay-account-of-note').last().textContent()).resolves.toContain('家庭共济');
    await shot(page, 'family-12-bill-mutual-aid');
    await page.getByTestId('pay-confirm').last().click();
    for (const digit of PASSWORD) await page.getByTestId(`key-${digit}`).last().click();
    await page.getByTestId('pay-done').last().waitFor({ timeout: 20_000 });
    await shot(page, 'family-13-bill-paid');
    const accountText = (await page.getByTestId('result-account').last().textContent()) ?? '';
    const accountFen = Math.round(Number(/¥([\d,]+\.\d{2})/.exec(accountText)?.[1]?.replace(/,/g, '')) * 100);
    expect(accountFen).toBeGreaterThan(0);
    expect(parentBefore - balanceOf(PERSONAS.parent.psnNo)).toBe(accountFen);
    expect(balanceOf(PERSONAS.elder.psnNo)).toBe(elderBefore);
    // The paid screen says for whom, which account paid (his own, 家庭共济) and that account's
    // balance after — his, not his father's — and nothing is left to pay in cash.
    const whose = page.getByTestId('result-for-member').last();
    await expect(whose.textContent()).resolves.toContain('为父母赵*福缴费');
    await expect(page.getByTestId('result-account-of').last().textContent()).resolves.toBe(
      `个人账户${formatYuan(accountFen)}：从您本人的个人账户（家庭共济）支付`,
    );
    await expect(page.getByTestId('result-balance').last().textContent()).resolves.toBe(
      `您本人的个人账户余额${formatYuan(balanceOf(PERSONAS.parent.psnNo))}`,
    );
    await expect(page.getByTestId('result-cash').last().textContent()).resolves.toContain('¥0.00');
    // Readable by a 70-year-old: ≥ 4.5:1 and ≥ 12 px, for every line of it.
    const lines = (await measureText(page)).filter((sample) => sample.where.includes('pay-result__member'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(unreadable(lines)).toEqual([]);
    await page.getByTestId('result-balance').last().scrollIntoViewIfNeeded();
    await shot(page, 'family-14-bill-paid-whose-account');

    // Removing the father ends access: his code page (opened by its old address) is refused.
    await page.goto(`${system.url}/#/pages/family/index`);
    const father = page.getByTestId('family-member').filter({ hasText: '赵*福' });
    await father.getByTestId('family-show-code').click();
    await page.getByTestId('member-code-qr').waitFor();
    const fatherCodeUrl = page.url();
    await page.goto(`${system.url}/#/pages/family/index`);
    await page.getByTestId('family-member').filter({ hasText: '赵*福' }).getByTestId('family-remove').click();
    await page.locator('.taro-modal__foot').getByText('移除').click();
    await expect(
      page.getByTestId('family-member-name').filter({ hasText: '赵*福' }).waitFor({ state: 'detached' }),
    ).resolves.toBeUndefined();
    await shot(page, 'family-10-removed');
    await page.goto(fatherCodeUrl);
    await page.getByTestId('member-code-refused').waitFor();
    await expect(page.getByTestId('member-code-refused').textContent()).resolves.toContain(
      '未找到该亲情成员',
    );
    await shot(page, 'family-11-removed-code-refused');
  });
});
