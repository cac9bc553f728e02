// Every signed-out state offers sign-in, and says what is true: not "H5 needs the dev login"
// under a banner saying it is on. On H5, 登录 opens the dev login page, which comes back, and
// the page loads as it shows again; on WeChat and Alipay, 登录 signs in (Taro.login) at once.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ComponentType } from 'react';

import InboxPage from '../../miniapp/src/pages/inbox';
import PayPage from '../../miniapp/src/pages/pay';
import RecordsPage from '../../miniapp/src/pages/records';
import ConsentsPage from '../../miniapp/src/pages/agreements/consents';
import IdentityPage from '../../miniapp/src/pages/claim/identity';
import { forgetClaim } from '../../miniapp/src/services/claim';
import { H5_NEEDS_DEV_LOGIN } from '../../miniapp/src/services/session';
import { bill, inbox, message } from './bill-fixtures';
import { errorBody, NEW_TOKEN, session, signedIn, TOKEN } from './fixtures';
import { login, navigateTo, redirectTo, resetTaro, serve, showPage, useRouter } from './stubs/taro';

const RECORDS_PAGE = { records: [] };

/** Each page, what it loads once signed in, and what it then shows. */
const PAGES: [string, ComponentType, Record<string, { status: number; body: unknown }>, string][] = [
  ['消息中心', InboxPage, { 'GET /api/v1/inbox': { status: 200, body: inbox([message(3)]) } }, 'inbox-list'],
  ['消费记录', RecordsPage, { 'GET /api/v1/records': { status: 200, body: RECORDS_PAGE } }, 'records-empty'],
  [
    '诊间支付',
    PayPage,
    { 'GET /api/v1/bills/ORD20261122000001': { status: 200, body: bill() } },
    'pay-confirm',
  ],
  [
    '授权管理',
    ConsentsPage,
    { 'GET /api/v1/me/consents': { status: 200, body: { consents: [] } } },
    'consents-empty',
  ],
];

function open(Page: ComponentType) {
  useRouter.mockImplementation(() => ({ params: { billId: 'ORD20261122000001' }, path: '' }));
  render(<Page />);
}

afterEach(() => {
  delete process.env.TARO_ENV;
});

describe.each(PAGES)('%s signed out', (_title, Page, signedInRoutes, loadedTestId) => {
  it('says nobody is signed in and offers 登录 (H5: the dev login, which comes back)', async () => {
    resetTaro();
    process.env.TARO_ENV = 'h5';
    serve({});
    open(Page);

    const prompt = await screen.findByTestId('sign-in');
    expect(prompt.textContent).toContain('您还没有登录');
    expect(document.body.textContent).not.toContain(H5_NEEDS_DEV_LOGIN);
    fireEvent.click(screen.getByTestId('sign-in-button'));
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index?next=back' }));

    // The dev login signed in and came back: the page shows again and loads.
    signedIn();
    serve(signedInRoutes);
    act(() => showPage());
    await screen.findByTestId(loadedTestId);
    expect(screen.queryByTestId('sign-in')).toBeNull();
  });

  it('on WeChat, 登录 signs in with Taro.login and loads', async () => {
    resetTaro();
    process.env.TARO_ENV = 'weapp';
    let loginWorks = false;
    // The token was revoked and signing in again failed: the page is signed out.
    signedIn(TOKEN);
    const routes = Object.keys(signedInRoutes);
    serve({
      'POST /api/v1/session': () =>
        loginWorks
          ? { status: 201, body: session(NEW_TOKEN) }
          : { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '' } } },
      ...Object.fromEntries(
        routes.map((route) => [
          route,
          (seen: { header: Record<string, string> }) =>
            seen.header.Authorization === `Bearer ${NEW_TOKEN}`
              ? signedInRoutes[route]!
              : { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '' } } },
        ]),
      ),
    });
    open(Page);
    await screen.findByTestId('sign-in');

    loginWorks = true;
    fireEvent.click(screen.getByTestId('sign-in-button'));
    await screen.findByTestId(loadedTestId);
    expect(login).toHaveBeenCalled();
    expect(navigateTo).not.toHaveBeenCalled();
  });
});

describe('a claim step signed out', () => {
  it('offers 登录, then starts the claim again for whoever signed in', async () => {
    resetTaro();
    forgetClaim();
    process.env.TARO_ENV = 'h5';
    serve({});
    useRouter.mockImplementation(() => ({ params: { claimId: 'c-1' }, path: '' }));
    render(<IdentityPage />);

    fireEvent.click(await screen.findByTestId('sign-in-button'));
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index?next=back' }));
    signedIn();
    act(() => showPage());
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/consent/index' }));
  });
});

describe.each([
  ['消息中心', InboxPage, 'GET /api/v1/inbox'],
  ['消费记录', RecordsPage, 'GET /api/v1/records'],
  ['诊间支付', PayPage, 'GET /api/v1/bills/ORD20261122000001'],
] as const)('%s before the voucher is claimed', (_title, Page, route) => {
  it('says so and offers 领取医保码, not 重试', async () => {
    resetTaro();
    signedIn();
    serve({ [route]: { status: 403, body: errorBody('VOUCHER_NOT_ACTIVATED') } });
    open(Page);

    const prompt = await screen.findByTestId('claim-first');
    expect(prompt.textContent).toContain('您尚未领取医保码');
    expect(prompt.textContent).not.toContain('重试');
    fireEvent.click(screen.getByTestId('claim-first-button'));
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/claim/consent/index' }));
  });
});
