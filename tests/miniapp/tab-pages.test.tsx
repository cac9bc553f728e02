import { fireEvent, render, screen } from '@testing-library/react';

import CodePage from '../../miniapp/src/pages/code';
import MinePage from '../../miniapp/src/pages/mine';
import { showToast } from './stubs/taro';

describe('医保码 tab before claiming', () => {
  it('says the voucher is not claimed and answers the claim button', () => {
    jest.clearAllMocks();
    render(<CodePage />);

    expect(screen.getByText('您尚未领取医保码')).toBeTruthy();
    fireEvent.click(screen.getByText('立即领取'));
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '敬请期待' }));
  });
});

describe('我的 tab', () => {
  afterEach(() => {
    delete process.env.TARO_APP_VERSION;
  });

  it('shows a signed-out profile with no personal data, and the app version', () => {
    jest.clearAllMocks();
    process.env.TARO_APP_VERSION = '1.2.3';
    render(<MinePage />);

    expect(screen.getByText('未登录')).toBeTruthy();
    expect(screen.getByText('v1.2.3')).toBeTruthy();
    fireEvent.click(screen.getByText('帮助与反馈'));
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '敬请期待' }));
  });
});
