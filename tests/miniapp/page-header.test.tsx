// Every page has a title and a way back in every build: WeChat and Alipay draw the page
// config's title and their back (or home) button themselves; on H5 the page draws them
// (PageHeader), with the same title as its index.config.ts.
import { fireEvent, render, screen } from '@testing-library/react';
import type { ComponentType } from 'react';

import { PageHeader } from '../../miniapp/src/components/page-header';
import { getCurrentPages, navigateBack, reLaunch, resetTaro, serve } from './stubs/taro';

// index.config.ts calls Taro's build-time global.
(globalThis as { definePageConfig?: (config: unknown) => unknown }).definePageConfig = (config) => config;

const PAGES = [
  'records',
  'inbox',
  'pay',
  'code',
  'mine',
  'dev-login',
  'claim/consent',
  'claim/identity',
  'claim/sms',
  'claim/face',
  'claim/password',
  'agreements/terms',
  'agreements/privacy',
  'agreements/sensitive',
  'agreements/consents',
  'settings',
  'settings/password',
  'settings/recover',
  'settings/fraud',
] as const;
const TAB_PAGES = new Set(['code', 'mine']);

function load(page: string): { Page: ComponentType; title: string } {
  /* eslint-disable @typescript-eslint/no-require-imports -- one page module per row of the table */
  const Page = (require(`../../miniapp/src/pages/${page}/index.tsx`) as { default: ComponentType }).default;
  const config = (
    require(`../../miniapp/src/pages/${page}/index.config.ts`) as {
      default: { navigationBarTitleText?: string };
    }
  ).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { Page, title: config.navigationBarTitleText ?? '' };
}

afterEach(() => {
  delete process.env.TARO_ENV;
});

describe('page titles and the way back', () => {
  it.each(PAGES)('%s has a title, and on H5 shows it with 返回 (tabs: the tab bar)', (page) => {
    resetTaro();
    serve({});
    process.env.TARO_ENV = 'h5';
    const { Page, title } = load(page);
    expect(title).toMatch(/[\u4e00-\u9fa5]{2,}/);

    render(<Page />);
    expect(screen.getByTestId('page-title').textContent).toBe(title);
    if (TAB_PAGES.has(page)) expect(screen.queryByTestId('page-back')).toBeNull();
    else expect(screen.getByTestId('page-back').textContent).toContain('返回');
  });

  it.each(['weapp', 'alipay'])('leaves the title and back button to %s, which draws its own', (platform) => {
    resetTaro();
    serve({});
    process.env.TARO_ENV = platform;
    const { Page } = load('records');
    render(<Page />);
    expect(screen.queryByTestId('page-header')).toBeNull();
  });
});

describe('PageHeader 返回', () => {
  beforeEach(() => {
    resetTaro();
    process.env.TARO_ENV = 'h5';
  });

  it('goes back to the page below', () => {
    getCurrentPages.mockImplementation(() => [{}, {}]);
    render(<PageHeader title="消费记录" />);
    fireEvent.click(screen.getByTestId('page-back'));
    expect(navigateBack).toHaveBeenCalled();
    expect(reLaunch).not.toHaveBeenCalled();
  });

  it('goes home from a page opened on its own (a notice, a link, a reload)', () => {
    getCurrentPages.mockImplementation(() => [{}]);
    render(<PageHeader title="诊间支付" />);
    fireEvent.click(screen.getByTestId('page-back'));
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
    expect(navigateBack).not.toHaveBeenCalled();
  });

  it('goes where the page says when it was opened on its own (授权管理: 我的)', () => {
    resetTaro();
    process.env.TARO_ENV = 'h5';
    serve({});
    const { Page } = load('agreements/consents');
    render(<Page />);
    fireEvent.click(screen.getByTestId('page-back'));
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/mine/index' });
  });
});
