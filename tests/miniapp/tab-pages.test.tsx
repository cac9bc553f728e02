import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import CodePage from '../../miniapp/src/pages/code';
import MinePage from '../../miniapp/src/pages/mine';
import { me, rememberPersona, signedIn, VOUCHER } from './fixtures';
import { navigateTo, resetTaro, serve, showToast } from './stubs/taro';

function signedInAs(activated: boolean) {
  resetTaro();
  signedIn();
  serve({ 'GET /api/v1/me': { status: 200, body: me(activated) } });
}

afterEach(() => {
  delete process.env.TARO_ENV;
  delete process.env.TARO_APP_VERSION;
});

describe('医保码 tab', () => {
  it('before claiming says so, and 立即领取 starts the claim (H5: through the dev login)', async () => {
    resetTaro();
    render(<CodePage />);

    expect(screen.getByText('您尚未领取医保码')).toBeTruthy();
    fireEvent.click(screen.getByText('立即领取'));
    await waitFor(() =>
      expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index?next=claim' }),
    );
  });

  it('once claimed shows the masked name, insurance type and region above the code', async () => {
    signedInAs(true);
    render(<CodePage />);

    const card = await screen.findByTestId('code-claimed');
    expect(screen.getByTestId('code-holder').textContent).toBe(VOUCHER.maskedName);
    expect(screen.getByTestId('code-insurance').textContent).toBe('职工基本医疗保险 · 绥化市');
    expect(card.textContent).not.toContain('您尚未领取医保码');
  });
});

describe('我的 tab', () => {
  it('shows a signed-out profile with no personal data, and the app version', () => {
    resetTaro();
    process.env.TARO_APP_VERSION = '1.2.3';
    render(<MinePage />);

    expect(screen.getByText('未登录')).toBeTruthy();
    expect(screen.getByText('v1.2.3')).toBeTruthy();
    fireEvent.click(screen.getByText('帮助与反馈'));
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '敬请期待' }));
  });

  it('once claimed shows the masked name, ID number, insurance type and region', async () => {
    signedInAs(true);
    render(<MinePage />);

    await waitFor(() => expect(screen.getByTestId('mine-name').textContent).toBe(VOUCHER.maskedName));
    expect(screen.getByText(VOUCHER.maskedIdNumber)).toBeTruthy();
    expect(screen.getByText('职工基本医疗保险')).toBeTruthy();
    expect(screen.getByText('绥化市')).toBeTruthy();
  });

  it('signed in but not claimed says so', async () => {
    signedInAs(false);
    render(<MinePage />);
    await waitFor(() => expect(screen.getByTestId('mine-name').textContent).toBe('未领取医保码'));
  });

  it('offers 切换演示用户 on H5 once the dev login was used', async () => {
    signedInAs(false);
    rememberPersona();
    process.env.TARO_ENV = 'h5';
    render(<MinePage />);

    fireEvent.click(await screen.findByText('切换演示用户'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index' });
  });
});
