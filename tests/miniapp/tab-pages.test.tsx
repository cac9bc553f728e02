import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';

import CodePage from '../../miniapp/src/pages/code';
import MinePage from '../../miniapp/src/pages/mine';
import { me, NEW_TOKEN, rememberPersona, session, signedIn, VOUCHER } from './fixtures';
import { login, navigateTo, resetTaro, serve, showPage, showToast } from './stubs/taro';

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
  it('signed out says so — not "not claimed", which it cannot know — and offers 登录', async () => {
    resetTaro();
    render(<CodePage />);

    expect(screen.getByTestId('sign-in').textContent).toContain('您还没有登录');
    expect(screen.queryByText('您尚未领取医保码')).toBeNull();
    fireEvent.click(screen.getByTestId('sign-in-button'));
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index?next=back' }));
  });

  it('before claiming says so, and 立即领取 starts the claim', async () => {
    signedInAs(false);
    render(<CodePage />);

    fireEvent.click(await screen.findByText('立即领取'));
    expect(screen.getByText('您尚未领取医保码')).toBeTruthy();
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/claim/consent/index' }));
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
    expect(screen.getByTestId('mine-sign-in').textContent).toBe('登录');
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

  it('signed out on H5, 登录 opens the dev login, which comes back; 我的 then shows the person', async () => {
    resetTaro();
    process.env.TARO_ENV = 'h5';
    render(<MinePage />);

    fireEvent.click(screen.getByTestId('mine-sign-in'));
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index?next=back' }));
    // The dev login signed in and went back: the page shows again and reads who it is.
    signedIn();
    serve({ 'GET /api/v1/me': { status: 200, body: me(true) } });
    act(() => showPage());
    await waitFor(() => expect(screen.getByTestId('mine-name').textContent).toBe(VOUCHER.maskedName));
    expect(screen.queryByTestId('mine-sign-in')).toBeNull();
  });

  it('signed out on WeChat, 登录 signs in with Taro.login at once', async () => {
    resetTaro();
    process.env.TARO_ENV = 'weapp';
    // The silent sign-in failed (the platform's login code was refused): 我的 says signed out.
    let signedInNow = false;
    serve({
      'POST /api/v1/session': () => {
        if (!signedInNow)
          return { status: 401, body: { error: { code: 'PLATFORM_LOGIN_FAILED', message: '' } } };
        return { status: 201, body: session(NEW_TOKEN, true) };
      },
      'GET /api/v1/me': (seen) =>
        seen.header.Authorization === `Bearer ${NEW_TOKEN}`
          ? { status: 200, body: me(true) }
          : { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '' } } },
    });
    render(<MinePage />);
    expect((await screen.findByTestId('mine-sign-in')).textContent).toBe('登录');
    expect(screen.getByTestId('mine-name').textContent).toBe('未登录');

    signedInNow = true;
    fireEvent.click(screen.getByTestId('mine-sign-in'));
    await waitFor(() => expect(screen.getByTestId('mine-name').textContent).toBe(VOUCHER.maskedName));
    expect(login).toHaveBeenCalled();
    expect(navigateTo).not.toHaveBeenCalled();
  });

  it('links the agreements and 授权管理', async () => {
    signedInAs(true);
    render(<MinePage />);

    fireEvent.click(screen.getByTestId('mine-consents'));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages/agreements/consents/index' });
    for (const key of ['terms', 'privacy', 'sensitive']) {
      fireEvent.click(screen.getByTestId(`mine-agreement-${key}`));
      expect(navigateTo).toHaveBeenLastCalledWith({ url: `/pages/agreements/${key}/index` });
    }
    expect(screen.getByText('隐私政策')).toBeTruthy();
    expect(screen.getByText('敏感个人信息处理规则')).toBeTruthy();
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
