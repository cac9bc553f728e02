// The agreements can be read: each is a page with its title, version and effective date (the
// ones the BFF records), opened by tapping its title at the consent step — which leaves the
// tick alone — and from 我的. 授权管理 lists what this account agreed to, when, on which
// platform, and whether the claim it was for finished.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { AGREEMENTS, type ConsentRecord } from '@ybm/shared';

import PrivacyPage from '../../miniapp/src/pages/agreements/privacy';
import SensitivePage from '../../miniapp/src/pages/agreements/sensitive';
import TermsPage from '../../miniapp/src/pages/agreements/terms';
import ConsentsPage from '../../miniapp/src/pages/agreements/consents';
import ConsentPage from '../../miniapp/src/pages/claim/consent';
import { errorBody, signedIn } from './fixtures';
import { navigateTo, resetTaro, serve } from './stubs/taro';

describe('the consent step', () => {
  beforeEach(() => {
    resetTaro();
    signedIn();
    render(<ConsentPage />);
  });

  it.each(['terms', 'privacy', 'sensitive'] as const)(
    'opens 《%s》 when its title is tapped, and leaves the tick as it was',
    (key) => {
      const row = screen.getByTestId(key === 'sensitive' ? 'consent-sensitive' : 'consent-terms');
      fireEvent.click(screen.getByTestId(`agreement-link-${key}`));
      expect(navigateTo).toHaveBeenCalledWith({ url: `/pages/agreements/${key}/index` });
      expect(row.getAttribute('aria-checked')).toBe('false');
      expect(screen.getByTestId(`agreement-link-${key}`).textContent).toBe(`《${AGREEMENTS[key].title}》`);
    },
  );

  it('still ticks when the rest of the row is tapped, without opening anything', () => {
    fireEvent.click(screen.getByTestId('consent-terms'));
    expect(screen.getByTestId('consent-terms').getAttribute('aria-checked')).toBe('true');
    expect(navigateTo).not.toHaveBeenCalled();
  });

  it('says where the consent can be seen later: 我的 — 授权管理', () => {
    expect(document.body.textContent).toContain('我的—授权管理');
  });
});

describe.each([
  ['terms', TermsPage, ['出示医保码', '60秒', '一键同步', '亲情账户', '不会通过短信向您发送任何链接']],
  [
    'privacy',
    PrivacyPage,
    ['国家医保信息平台', '微信', '支付宝', '30分钟', '24小时', '脱敏', '短信服务商', '12393'],
  ],
  ['sensitive', SensitivePage, ['身份证件号码', '人脸信息', '手机号码', '医疗健康信息', '单独同意']],
] as const)('《%s》 page', (key, Page, facts) => {
  it('shows its title, version and effective date, and the text', () => {
    resetTaro();
    render(<Page />);
    const agreement = AGREEMENTS[key];
    expect(screen.getByTestId('agreement-title').textContent).toBe(agreement.title);
    expect(screen.getByTestId('agreement-version').textContent).toBe(`版本：${agreement.version}`);
    expect(screen.getByTestId('agreement-effective').textContent).toBe(
      key === 'privacy' ? '生效日期：2026年12月7日' : '生效日期：2026年11月1日',
    );
    const text = screen.getByTestId(`agreement-${key}`).textContent ?? '';
    for (const fact of facts) expect(text).toContain(fact);
    expect(text.length).toBeGreaterThan(600);
  });
});

function consent(overrides: Partial<ConsentRecord>): ConsentRecord {
  return {
    document: 'terms',
    title: AGREEMENTS.terms.title,
    version: '2026-11',
    agreedAt: '2026-12-07T07:30:00.000Z',
    platform: 'wechat',
    ...overrides,
  };
}

describe('授权管理', () => {
  function open(answer: { status: number; body: unknown }) {
    resetTaro();
    signedIn();
    serve({ 'GET /api/v1/me/consents': answer });
    render(<ConsentsPage />);
  }

  it('lists each consent: when, on which platform, what it was for, and the documents', async () => {
    const bound = { agreedAt: '2026-12-07T07:30:00.000Z', boundAt: '2026-12-07T07:32:00.000Z' };
    const earlier = { agreedAt: '2026-12-01T02:00:00.000Z', platform: 'alipay' as const };
    open({
      status: 200,
      body: {
        consents: [
          consent({ ...bound, document: 'sensitive', title: AGREEMENTS.sensitive.title }),
          consent({ ...bound, document: 'privacy', title: AGREEMENTS.privacy.title }),
          consent({ ...bound }),
          consent({ ...earlier, document: 'privacy', title: AGREEMENTS.privacy.title }),
          consent({ ...earlier }),
          consent({ ...earlier, document: 'sensitive', title: AGREEMENTS.sensitive.title }),
        ],
      },
    });

    const first = within(await screen.findByTestId('consent-act-0'));
    expect(first.getByTestId('consent-when').textContent).toBe('2026-12-07 15:30 · 微信');
    expect(first.getByTestId('consent-status').textContent).toContain('已用于领取医保码（2026-12-07 15:32');
    expect(first.getByTestId('consent-document-terms').textContent).toBe(
      '《医保电子凭证用户服务协议》版本 2026-11 ›',
    );
    const second = within(screen.getByTestId('consent-act-1'));
    expect(second.getByTestId('consent-when').textContent).toBe('2026-12-01 10:00 · 支付宝');
    expect(second.getByTestId('consent-status').textContent).toBe('该次领取未完成，未绑定医保码');
    expect(screen.queryByTestId('consent-act-2')).toBeNull();

    fireEvent.click(second.getByTestId('consent-document-sensitive'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/agreements/sensitive/index' });
  });

  it('says so when nothing was agreed yet', async () => {
    open({ status: 200, body: { consents: [] } });
    expect((await screen.findByTestId('consents-empty')).textContent).toContain('暂无授权记录');
  });

  it('says why it could not load, and tries again', async () => {
    open({ status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') });
    expect((await screen.findByTestId('consents-error')).textContent).toContain('暂时不可用');
    serve({ 'GET /api/v1/me/consents': { status: 200, body: { consents: [] } } });
    fireEvent.click(screen.getByTestId('consents-retry'));
    await screen.findByTestId('consents-empty');
  });
});
