// Builds the mini-program for WeChat, Alipay and H5 exactly as `npm run build:*` does, and
// checks what each platform needs: pages (消费记录 and 消息中心 included), the claim, pay and
// agreements sub-packages and tab bar in app.json, templates, the 2 MB main-package limit, that
// @ybm/shared really got bundled, that every page's text sizes have their 大字模式 copies
// (.large-text rules in the .wxss/.acss), that the code page draws its QR with
// qrcode-generator, that sm-crypto-v2 lives only with the password and pay pages, that bill notices are asked for
// with the platform's own key (never on H5), and that the insurance platform's protocol
// module stays out. Each build goes to a temporary folder (YBM_BUILD_OUTPUT), never to
// miniapp/dist, which `npm start` and the browser tests serve.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import postcss from 'postcss';

import { ensureH5Build, h5BuildStaleness, newestH5SourceMs } from '../../bff/scripts/h5-build';
import { LARGE_TEXT_CLASS, LARGE_TEXT_SCALE, largeSelector } from '../../miniapp/config/large-text';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = mkdtempSync(path.join(os.tmpdir(), 'ybm-build-test-'));
afterAll(() => rmSync(DIST, { recursive: true, force: true }));
const TAB_PAGES = ['pages/index/index', 'pages/code/index', 'pages/mine/index'];
const RECORDS_PAGE = 'pages/records/index';
const RECORD_DETAIL_PAGE = 'pages/records/detail/index';
const INBOX_PAGE = 'pages/inbox/index';
const MAIN_PAGES = [...TAB_PAGES, RECORDS_PAGE, RECORD_DETAIL_PAGE, INBOX_PAGE];
const CLAIM_ROOT = 'pages/claim';
const CLAIM_PAGES = ['consent/index', 'identity/index', 'sms/index', 'face/index', 'password/index'];
// The page bill notices open: pages/pay/index?billId=…
const PAY_ROOT = 'pages/pay';
const PAY_PAGES = ['index'];
// The three agreements and 授权管理, opened from the consent step and from 我的.
const AGREEMENTS_ROOT = 'pages/agreements';
const AGREEMENTS_PAGES = ['terms/index', 'privacy/index', 'sensitive/index', 'consents/index'];
// 定点机构, 医保目录 (我要付多少) and 异地就医备案, from the home page's tiles.
const SERVICES_ROOT = 'pages/services';
const SERVICES_PAGES = [
  'institutions/index',
  'institution/index',
  'catalogue/index',
  'estimate/index',
  'remote-care/index',
];
// 设置 (from 我的): the password changed or reset, the reserved phone replaced, 防骗提示.
const SETTINGS_ROOT = 'pages/settings';
const SETTINGS_PAGES = ['index', 'password/index', 'recover/index', 'fraud/index'];
// 个人账户 and 亲情账户 (list, add, a member's consent, a member's code), from the home tiles and 我的.
const ACCOUNT_ROOT = 'pages/account';
const FAMILY_ROOT = 'pages/family';
const FAMILY_PAGES = ['index', 'add/index', 'consent/index', 'code/index'];
const SUB_PACKAGES = [
  { root: CLAIM_ROOT, pages: CLAIM_PAGES },
  { root: PAY_ROOT, pages: PAY_PAGES },
  { root: SETTINGS_ROOT, pages: SETTINGS_PAGES },
  { root: ACCOUNT_ROOT, pages: ['index'] },
  { root: FAMILY_ROOT, pages: FAMILY_PAGES },
  { root: AGREEMENTS_ROOT, pages: AGREEMENTS_PAGES },
  { root: SERVICES_ROOT, pages: SERVICES_PAGES },
];
// A sentence only the privacy policy's text contains: it must stay out of the main package.
const PRIVACY_TEXT_MARKER = '短信服务商：您的手机号和验证码';
const ALL_PAGES = [
  ...MAIN_PAGES,
  ...SUB_PACKAGES.flatMap(({ root, pages }) => pages.map((page) => `${root}/${page}`)),
];
// H5 only: the dev login; never in a mini-program build.
const DEV_LOGIN_PAGE = 'pages/dev-login/index';
// A string only sm-crypto-v2 contains.
const SM_CRYPTO_MARKER = 'no available csprng';
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
const MINI_API_BASE = 'https://ybm-build-test.example.cn';
// A message that lives only in shared/src/errors.ts.
const SHARED_MESSAGE = '医保平台暂时不可用，请稍后重试';
// A string only qrcode-generator contains.
const QR_MARKER = 'code length overflow';
// Strings only the insurance platform's protocol module (shared/src/protocol) contains.
const PROTOCOL_MARKERS = ['/fsi/api/rsfComIfsService/callService', '医保结算失败自费冲正失败'];
// The bill notice's subscribe-message template (TARO_APP_BILL_TEMPLATE_ID's default).
const BILL_TEMPLATE_ID = 'YBM_BILL_NOTICE';

type Target = 'weapp' | 'alipay' | 'h5';

function build(target: Target, apiBase: string): void {
  // Run as a developer would: jest's NODE_ENV=test must not leak into Taro.
  const { NODE_ENV: _jestEnv, ...env } = process.env;
  const result = spawnSync('npm', ['run', `build:${target}`], {
    cwd: ROOT,
    env: { ...env, TARO_APP_API_BASE: apiBase, YBM_BUILD_OUTPUT: path.join(DIST, target), FORCE_COLOR: '0' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.slice(-8000);
    throw new Error(`npm run build:${target} failed (${result.status ?? result.signal}):\n${output}`);
  }
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

const totalBytes = (dir: string) => files(dir).reduce((sum, file) => sum + statSync(file).size, 0);

/** A JS file as text, with the minifier's \uXXXX escapes turned back into characters. */
function readJs(file: string): string {
  return readFileSync(file, 'utf8').replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** All JS of a build as text (readJs). */
function bundledJs(dir: string): string {
  return files(dir)
    .filter((file) => file.endsWith('.js'))
    .map(readJs)
    .join('\n');
}

function appJson(target: Target): Record<string, unknown> & {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  tabBar: Record<string, unknown>;
} {
  return JSON.parse(readFileSync(path.join(DIST, target, 'app.json'), 'utf8'));
}

/** WCAG 2 contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const channel = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(bl!);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Every rule of a compiled stylesheet with the font size it sets (in rpx), large copies marked. */
function textSizes(css: string): Array<{ selector: string; fontSize?: number; large: boolean }> {
  const rules: Array<{ selector: string; fontSize?: number; large: boolean }> = [];
  postcss.parse(css).walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes/.test((rule.parent as postcss.AtRule).name)) return;
    let fontSize: number | undefined;
    rule.walkDecls('font-size', (decl) => {
      const match = /^(\d*\.?\d+)rpx$/.exec(decl.value.trim());
      if (match) fontSize = Number(match[1]);
    });
    for (const selector of rule.selectors)
      rules.push({ selector, fontSize, large: selector.startsWith(`.${LARGE_TEXT_CLASS}`) });
  });
  return rules;
}

/** Files containing a string (as bundledJs reads them). */
function filesContaining(dir: string, needle: string): string[] {
  return files(dir)
    .filter((file) => file.endsWith('.js') && readJs(file).includes(needle))
    .map((file) => path.relative(dir, file));
}

describe.each([
  {
    target: 'weapp' as const,
    template: '.wxml',
    styleExt: '.wxss',
    tabList: 'list',
    tabText: 'text',
    tabIcon: 'iconPath',
    subscribeKey: 'tmplIds',
    otherKey: 'entityIds',
  },
  {
    target: 'alipay' as const,
    template: '.axml',
    styleExt: '.acss',
    tabList: 'items',
    tabText: 'name',
    tabIcon: 'icon',
    subscribeKey: 'entityIds',
    otherKey: 'tmplIds',
  },
])('$target build', ({ target, template, styleExt, tabList, tabText, tabIcon, subscribeKey, otherKey }) => {
  const dir = path.join(DIST, target);

  beforeAll(() => build(target, MINI_API_BASE));

  it('labels the native tab bar in colours that read at 4.5:1 on its background', () => {
    const bar = appJson(target).tabBar as Record<string, string>;
    const label = bar.color ?? bar.textColor ?? '';
    for (const colour of [label, bar.selectedColor ?? '']) {
      expect(contrast(colour, bar.backgroundColor ?? '')).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('lists the three tab pages, 消费记录 (and a record’s page), 消息中心, and a tab bar of 首页, 医保码 and 我的 with their icons', () => {
    const app = appJson(target);
    expect(app.pages).toEqual(MAIN_PAGES);
    const tabs = app.tabBar[tabList] as Array<Record<string, string>>;
    expect(tabs.map((tab) => tab.pagePath)).toEqual(TAB_PAGES);
    expect(tabs.map((tab) => tab[tabText])).toEqual(['首页', '医保码', '我的']);
    for (const tab of tabs) expect(existsSync(path.join(dir, tab[tabIcon] ?? 'missing'))).toBe(true);
  });

  it('carries the agreements’ text in their sub-package only', () => {
    const withText = filesContaining(dir, PRIVACY_TEXT_MARKER);
    expect(withText).not.toHaveLength(0);
    for (const file of withText) expect(file).toMatch(new RegExp(`^${AGREEMENTS_ROOT}/`));
  });

  it('lists the claim pages, the pay page, settings, the agreements and the 医保服务 pages as sub-packages, and no dev login page', () => {
    const app = appJson(target);
    const subPackages = app.subPackages ?? app.subpackages ?? [];
    expect(subPackages).toEqual(SUB_PACKAGES);
    expect(JSON.stringify(app)).not.toContain(DEV_LOGIN_PAGE);
    // Nearest 定点机构 first: WeChat asks for the position with a reason, and needs getLocation listed.
    if (target === 'weapp') {
      expect(app).toMatchObject({
        permission: { 'scope.userLocation': { desc: expect.stringContaining('定点医药机构') } },
        requiredPrivateInfos: ['getLocation'],
      });
    }
  });

  it(`renders pages with ${template} templates`, () => {
    for (const page of ALL_PAGES) expect(existsSync(path.join(dir, `${page}${template}`))).toBe(true);
  });

  it(`grows every text size of every page under .large-text (大字模式) in its ${styleExt} stylesheets`, () => {
    const sheets = files(dir).filter((file) => file.endsWith(styleExt));
    const rules = sheets.flatMap((file) => textSizes(readFileSync(file, 'utf8')));
    const large = new Map(rules.filter((rule) => rule.large).map((rule) => [rule.selector, rule.fontSize]));
    const normal = rules.filter((rule) => !rule.large && rule.fontSize !== undefined);
    expect(normal.length).toBeGreaterThan(100);
    for (const rule of normal) {
      const grown = large.get(largeSelector(rule.selector));
      expect([rule.selector, grown]).toEqual([rule.selector, expect.any(Number)]);
      expect(grown! / rule.fontSize!).toBeCloseTo(LARGE_TEXT_SCALE, 2);
    }
    // The page's base size (app stylesheet: `page`), and each page's own stylesheet has its copies.
    expect(large.get('.large-text')).toBeGreaterThan(30);
    for (const page of ALL_PAGES) {
      const sheet = path.join(dir, `${page}${styleExt}`);
      if (!existsSync(sheet)) continue;
      const own = textSizes(readFileSync(sheet, 'utf8'));
      if (own.some((rule) => !rule.large && rule.fontSize !== undefined))
        expect(own.some((rule) => rule.large)).toBe(true);
    }
    // Every page's root view carries the class (components/large-text-root).
    expect(bundledJs(dir).includes('page-root large-text')).toBe(true);
  });

  it('keeps the main package under 2 MB', () => {
    const subPackageBytes = SUB_PACKAGES.map(({ root }) => totalBytes(path.join(dir, root)));
    const mainPackage = totalBytes(dir) - subPackageBytes.reduce((sum, bytes) => sum + bytes, 0);
    expect(mainPackage).toBeLessThan(MAIN_PACKAGE_LIMIT);
    expect(totalBytes(dir)).toBeLessThan(MAIN_PACKAGE_LIMIT);
  });

  it('keeps sm-crypto-v2 out of the main package: only the claim, pay and settings sub-packages carry it', () => {
    const withCrypto = filesContaining(dir, SM_CRYPTO_MARKER);
    // Taro copies a module sub-packages share into each (sub-common/), never into the main package.
    for (const root of [CLAIM_ROOT, PAY_ROOT, SETTINGS_ROOT])
      expect(withCrypto.filter((file) => file.startsWith(`${root}/`))).not.toHaveLength(0);
    for (const file of withCrypto)
      expect(file).toMatch(new RegExp(`^(${CLAIM_ROOT}|${PAY_ROOT}|${SETTINGS_ROOT})/`));
  });

  it(`asks for bill notices with ${subscribeKey} and the bill template id`, () => {
    const js = bundledJs(dir);
    expect(js).toContain(BILL_TEMPLATE_ID);
    expect(js).toContain(subscribeKey);
    expect(js).not.toContain(otherKey);
  });

  it('draws the code page’s QR with qrcode-generator, bundled once in the main package', () => {
    const withQr = filesContaining(dir, QR_MARKER);
    expect(withQr).toHaveLength(1);
    expect(withQr[0]).not.toMatch(new RegExp(`^${CLAIM_ROOT}/`));
  });

  it('bundles @ybm/shared and the configured API base', () => {
    const js = bundledJs(dir);
    expect(js).toContain(SHARED_MESSAGE);
    expect(js).toContain(MINI_API_BASE);
    // zod must run jitless: mini-program runtimes forbid Function(...).
    expect(js).toMatch(/jitless:(!0|true)/);
  });

  it('leaves the insurance platform’s protocol out: the phone never speaks it', () => {
    const js = bundledJs(dir);
    for (const marker of PROTOCOL_MARKERS) expect(js).not.toContain(marker);
  });
});

// Built as `npm start`, the browser tests and the bench build it (bff/scripts/h5-build.ts).
describe('h5 build', () => {
  const dir = path.join(DIST, 'h5');
  let built = false;

  beforeAll(() => {
    built = ensureH5Build(dir);
  });

  it('is built in production mode under jest’s NODE_ENV=test, complete, with nothing left beside it', () => {
    expect(process.env.NODE_ENV).toBe('test');
    expect(built).toBe(true);
    // A build that inherits NODE_ENV=test compiles in react-refresh's calls, and no page renders.
    expect(bundledJs(dir)).not.toContain('$RefreshReg$');
    expect(JSON.parse(readFileSync(path.join(dir, '.ybm-build.json'), 'utf8'))).toMatchObject({
      mode: 'production',
    });
    expect(readdirSync(DIST).filter((name) => name.startsWith('h5'))).toEqual(['h5']);
  });

  it('is built again only when a source is newer than the build, or the build has no stamp', () => {
    expect(h5BuildStaleness(dir)).toBeUndefined();
    expect(ensureH5Build(dir)).toBe(false);
    const stampFile = path.join(dir, '.ybm-build.json');
    const stamp = readFileSync(stampFile, 'utf8');
    writeFileSync(stampFile, JSON.stringify({ startedAtMs: newestH5SourceMs() - 1, mode: 'production' }));
    expect(h5BuildStaleness(dir)).toBe('its sources changed since');
    rmSync(stampFile);
    expect(h5BuildStaleness(dir)).toBe('it has no build stamp');
    expect(h5BuildStaleness(path.join(DIST, 'h5-none'))).toBe('it is missing');
    writeFileSync(stampFile, stamp);
  });

  it('writes index.html with relative asset paths, so any static path serves it', () => {
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(html).toMatch(/src="\.\/js\/app\.[0-9a-f]+\.js"/);
  });

  it('has every page, 消费记录, 消息中心, the pay page and the dev login included, and loads sm-crypto-v2 outside the app chunk', () => {
    const js = bundledJs(dir);
    for (const page of [...ALL_PAGES, DEV_LOGIN_PAGE]) expect(js).toContain(page);
    const withCrypto = filesContaining(dir, SM_CRYPTO_MARKER);
    // One chunk shared by the password and pay pages, loaded with them.
    expect(withCrypto).toHaveLength(1);
    expect(withCrypto[0]).not.toMatch(/^js\/app\./);
  });

  it('never asks for subscription messages (no template id in the H5 build)', () => {
    expect(bundledJs(dir)).not.toContain(BILL_TEMPLATE_ID);
  });

  it('bundles @ybm/shared with its zod setup, and only React 18 (npm hoists a React 19 to the root)', () => {
    const js = bundledJs(dir);
    expect(js).toContain(SHARED_MESSAGE);
    // The zod-setup side effect (package.json sideEffects) survives here too (keys quoted on H5).
    expect(js).toMatch(/"?jitless"?:(!0|true)/);
    // React 19's element marker: Taro's H5 components would render nothing with it.
    expect(js).not.toContain('react.transitional.element');
  });
});
