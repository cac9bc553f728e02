import { fireEvent, render, screen } from '@testing-library/react';
import type { Meta } from '@ybm/shared';

import HomePage from '../../miniapp/src/pages/index';
import { failWith, respondWith, showToast, switchTab } from './stubs/taro';

const ALL_SERVICES = [
  '医保码',
  '消费记录',
  '个人账户',
  '亲情账户',
  '定点机构',
  '医保目录',
  '异地就医备案',
  '诊间支付',
];

function meta(overrides: Partial<Meta> = {}): Meta {
  return {
    appName: '医保码',
    version: '0.1.0',
    region: { code: '231200', name: '绥化市' },
    devLogin: false,
    services: [
      { key: 'code', title: '医保码', available: true },
      { key: 'records', title: '消费记录', available: true },
      { key: 'pay', title: '诊间支付', available: false },
    ],
    ...overrides,
  };
}

function setup() {
  jest.clearAllMocks();
  return render(<HomePage />);
}

/** A grid tile by its title (the title also appears in the header and the claim card). */
function tile(title: string): HTMLElement {
  const label = screen.getAllByText(title).find((node) => node.closest('[data-service]'));
  if (!label) throw new Error(`no tile ${title}`);
  return label.closest('[data-service]') as HTMLElement;
}

describe('home page', () => {
  it('shows the service grid the BFF offers', async () => {
    respondWith(200, meta());
    setup();

    await screen.findByText('参保地：绥化市');
    expect(tile('消费记录')).toBeTruthy();
    expect(tile('诊间支付')).toBeTruthy();
    expect(screen.queryByText('异地就医备案')).toBeNull();
    expect(screen.queryByText('网络异常，请稍后重试')).toBeNull();
  });

  it('falls back to the built-in grid and says so when the BFF cannot be reached', async () => {
    failWith();
    setup();

    await screen.findByText('网络异常，请稍后重试');
    for (const title of ALL_SERVICES) expect(tile(title)).toBeTruthy();
  });

  it('tries again when 重试 is tapped', async () => {
    failWith();
    setup();
    await screen.findByText('网络异常，请稍后重试');

    respondWith(200, meta());
    fireEvent.click(screen.getByText('重试'));
    await screen.findByText('参保地：绥化市');
    expect(screen.queryByText('网络异常，请稍后重试')).toBeNull();
  });

  it('shows the demo-login banner only when the BFF has it on', async () => {
    respondWith(200, meta({ devLogin: true }));
    const { unmount } = setup();
    await screen.findByText('开发环境 · 演示登录已开启');
    unmount();

    respondWith(200, meta({ devLogin: false }));
    setup();
    await screen.findByText('参保地：绥化市');
    expect(screen.queryByText('开发环境 · 演示登录已开启')).toBeNull();
  });

  it('answers a tap on a service not built yet with 敬请期待', async () => {
    respondWith(200, meta());
    setup();
    await screen.findByText('参保地：绥化市');

    fireEvent.click(tile('消费记录'));
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '敬请期待', icon: 'none' }));
    expect(switchTab).not.toHaveBeenCalled();
  });

  it('opens the code tab from the grid and from 领取医保码', async () => {
    respondWith(200, meta());
    setup();
    await screen.findByText('参保地：绥化市');

    fireEvent.click(tile('医保码'));
    fireEvent.click(screen.getByText('领取医保码'));
    expect(switchTab).toHaveBeenCalledTimes(2);
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/code/index' });
  });

  it('says a service switched off in this region is not offered', async () => {
    respondWith(200, meta({ services: [{ key: 'code', title: '医保码', available: false }] }));
    setup();
    await screen.findByText('参保地：绥化市');

    fireEvent.click(tile('医保码'));
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '当前地区暂未开通该服务' }));
    expect(switchTab).not.toHaveBeenCalled();
  });
});
