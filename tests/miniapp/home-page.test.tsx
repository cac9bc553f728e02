import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AGREEMENTS, CONSENT_VERSION, ERRORS, type Inbox, type Meta } from '@ybm/shared';

import HomePage from '../../miniapp/src/pages/index';
import { inboxChanged } from '../../miniapp/src/services/inbox-events';
import { H5_NEEDS_DEV_LOGIN } from '../../miniapp/src/services/session';
import { errorBody, me, meta as fixtureMeta, signedIn } from './fixtures';
import {
  failWith,
  navigateTo,
  resetTaro,
  respondWith,
  serve,
  showModal,
  showPage,
  showToast,
  switchTab,
} from './stubs/taro';

// The client's retry policy waits 1 s, then 2 s, before a lost request is shown.
jest.setTimeout(15_000);

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
      { key: 'account', title: '个人账户', available: true },
      { key: 'catalogue', title: '医保目录', available: true },
      { key: 'pay', title: '诊间支付', available: false },
    ],
    ...overrides,
  };
}

function setup() {
  jest.clearAllMocks();
  return render(<HomePage />);
}

/** Signed in, with GET /me answering as given. */
function renderSignedIn(activated: boolean) {
  resetTaro();
  signedIn();
  serve({
    'GET /api/v1/meta': { status: 200, body: fixtureMeta() },
    'GET /api/v1/me': { status: 200, body: me(activated) },
  });
  return render(<HomePage />);
}

/** The BFF's grid has replaced the built-in one (which lists 异地就医备案; no test's meta does). */
function metaLoaded() {
  return waitFor(() => expect(screen.queryByText('异地就医备案')).toBeNull());
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

    await metaLoaded();
    expect(tile('消费记录')).toBeTruthy();
    expect(tile('诊间支付')).toBeTruthy();
    expect(screen.queryByText('异地就医备案')).toBeNull();
    expect(screen.queryByText('网络异常，请稍后重试')).toBeNull();
  });

  it('falls back to the built-in grid and says so when the BFF cannot be reached', async () => {
    // The first try and the client's two retries (1 s, then 2 s later).
    failWith();
    failWith();
    failWith();
    setup();

    await screen.findByText('网络异常，请稍后重试', {}, { timeout: 6_000 });
    for (const title of ALL_SERVICES) expect(tile(title)).toBeTruthy();
  });

  it('tries again when 重试 is tapped', async () => {
    failWith();
    failWith();
    failWith();
    setup();
    await screen.findByText('网络异常，请稍后重试', {}, { timeout: 6_000 });

    respondWith(200, meta());
    fireEvent.click(screen.getByText('重试'));
    await metaLoaded();
    expect(screen.queryByText('网络异常，请稍后重试')).toBeNull();
  });

  it('shows the demo-login banner only when the BFF has it on', async () => {
    respondWith(200, meta({ devLogin: true }));
    const { unmount } = setup();
    await screen.findByText('开发环境 · 演示登录已开启');
    unmount();

    respondWith(200, meta({ devLogin: false }));
    setup();
    await metaLoaded();
    expect(screen.queryByText('开发环境 · 演示登录已开启')).toBeNull();
  });

  // Every service of the grid is built now (issues 22 and 23): none answers 敬请期待 any more.
  it('opens 医保目录 from the grid', async () => {
    respondWith(200, meta());
    setup();
    await metaLoaded();

    fireEvent.click(tile('医保目录'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/services/catalogue/index' });
    expect(showToast).not.toHaveBeenCalled();
    expect(switchTab).not.toHaveBeenCalled();
  });

  it('opens 消费记录 from the grid', async () => {
    respondWith(200, meta());
    setup();
    await metaLoaded();

    fireEvent.click(tile('消费记录'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/records/index' });
    expect(showToast).not.toHaveBeenCalled();
  });

  it('opens 个人账户 from the grid', async () => {
    respondWith(200, meta());
    setup();
    await metaLoaded();

    fireEvent.click(tile('个人账户'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/account/index' });
    expect(showToast).not.toHaveBeenCalled();
  });

  it('opens the code tab from the grid', async () => {
    respondWith(200, meta());
    setup();
    await metaLoaded();

    fireEvent.click(tile('医保码'));
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/code/index' });
  });

  it('says a service switched off in this region is not offered', async () => {
    respondWith(200, meta({ services: [{ key: 'code', title: '医保码', available: false }] }));
    setup();
    await metaLoaded();

    fireEvent.click(tile('医保码'));
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '当前地区暂未开通该服务' }));
    expect(switchTab).not.toHaveBeenCalled();
  });
});

describe('home page 参保地', () => {
  afterEach(() => resetTaro());

  it("shows the person's own region once the voucher is claimed, never the deployment's", async () => {
    resetTaro();
    signedIn();
    serve({
      // The deployment is in 绥化; the person is insured in 西安.
      'GET /api/v1/meta': { status: 200, body: fixtureMeta() },
      'GET /api/v1/me': {
        status: 200,
        body: { ...me(true), voucher: { ...me(true).voucher!, regionName: '西安市' } },
      },
    });
    render(<HomePage />);

    expect((await screen.findByTestId('home-region')).textContent).toBe('参保地：西安市');
    expect(document.body.textContent).not.toContain('绥化市');
  });

  it('shows no region before the voucher is claimed', async () => {
    renderSignedIn(false);
    await metaLoaded();
    await screen.findByTestId('claim-start');
    expect(screen.queryByTestId('home-region')).toBeNull();
    expect(document.body.textContent).not.toContain('参保地');
  });

  it('shows no region when nobody is signed in, and offers 登录 (H5: the dev login, coming back)', async () => {
    resetTaro();
    respondWith(200, meta({ devLogin: true }));
    setup();
    await metaLoaded();
    expect(document.body.textContent).not.toContain('参保地');

    fireEvent.click(await screen.findByTestId('home-sign-in'));
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index?next=back' }));
  });
});

describe('home page voucher card', () => {
  afterEach(() => resetTaro());

  it('not signed in on H5: 领取医保码 goes to the dev login, which comes back to the claim', async () => {
    resetTaro();
    respondWith(200, meta({ devLogin: true }));
    setup();
    await metaLoaded();

    fireEvent.click(screen.getByTestId('claim-start'));
    await waitFor(() =>
      expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/dev-login/index?next=claim' }),
    );
  });

  it('not signed in on H5 without the dev login: says H5 needs it', async () => {
    resetTaro();
    respondWith(200, meta({ devLogin: false }));
    setup();
    await metaLoaded();

    fireEvent.click(screen.getByTestId('claim-start'));
    await waitFor(() =>
      expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ content: H5_NEEDS_DEV_LOGIN })),
    );
    expect(navigateTo).not.toHaveBeenCalled();
  });

  it('signed in, not activated: 领取医保码 opens the consent page', async () => {
    renderSignedIn(false);
    await metaLoaded();
    expect(screen.queryByTestId('voucher-card')).toBeNull();

    fireEvent.click(screen.getByText('领取医保码'));
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/claim/consent/index' }));
  });

  it('activated: shows the masked name, insurance type and region, and 出示医保码', async () => {
    renderSignedIn(true);

    const card = await screen.findByTestId('voucher-card');
    expect(card.textContent).toContain('刘*');
    expect(card.textContent).toContain('职工基本医疗保险 · 绥化市');
    expect(screen.queryByText('领取医保码')).toBeNull();

    fireEvent.click(screen.getByTestId('show-code'));
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/code/index' });
  });
});

describe('home page 消息 entry', () => {
  afterEach(() => resetTaro());

  /** Signed in, activated or not, with GET /inbox answering with `unread` (read each time). */
  function renderWithInbox(activated: boolean, unread: { count: number }) {
    resetTaro();
    signedIn();
    const seen = serve({
      'GET /api/v1/meta': { status: 200, body: fixtureMeta() },
      'GET /api/v1/me': { status: 200, body: me(activated) },
      'GET /api/v1/inbox': () => ({
        status: 200,
        body: { unread: unread.count, messages: [] } satisfies Inbox,
      }),
    });
    render(<HomePage />);
    return seen;
  }
  const inboxCalls = (seen: Array<{ url: string }>) => seen.filter((r) => r.url.includes('/api/v1/inbox'));

  it('shows the unread count on the 消息 entry once the voucher is claimed', async () => {
    const seen = renderWithInbox(true, { count: 3 });

    expect((await screen.findByTestId('inbox-badge')).textContent).toBe('3');
    expect(screen.getByTestId('inbox-entry').textContent).toContain('消息');
    expect(inboxCalls(seen)[0]?.url).toBe('/api/v1/inbox?limit=1');
  });

  it('shows no badge when everything is read', async () => {
    const seen = renderWithInbox(true, { count: 0 });
    await screen.findByTestId('voucher-card');
    await waitFor(() => expect(inboxCalls(seen)).toHaveLength(1));
    await act(async () => undefined); // the answer has arrived
    expect(screen.queryByTestId('inbox-badge')).toBeNull();
  });

  it('caps the badge at 99+', async () => {
    renderWithInbox(true, { count: 120 });
    expect((await screen.findByTestId('inbox-badge')).textContent).toBe('99+');
  });

  it('asks for the count again each time the page shows', async () => {
    const unread = { count: 1 };
    renderWithInbox(true, unread);
    await screen.findByTestId('inbox-badge');

    unread.count = 4;
    act(() => showPage());
    await waitFor(() => expect(screen.getByTestId('inbox-badge').textContent).toBe('4'));
  });

  it('follows the inbox without a reload: a count told by another page, or asked again when told it changed', async () => {
    const unread = { count: 2 };
    const seen = renderWithInbox(true, unread);
    expect((await screen.findByTestId('inbox-badge')).textContent).toBe('2');

    // The inbox page read one: it tells the count.
    act(() => inboxChanged(1));
    expect(screen.getByTestId('inbox-badge').textContent).toBe('1');

    // The pay page opened (and so read) the other bill's notice: the home page asks again.
    unread.count = 0;
    const asked = inboxCalls(seen).length;
    act(() => inboxChanged());
    await waitFor(() => expect(inboxCalls(seen)).toHaveLength(asked + 1));
    await waitFor(() => expect(screen.queryByTestId('inbox-badge')).toBeNull());
  });

  it('does not ask before the voucher is claimed, and the entry still opens the inbox', async () => {
    const seen = renderWithInbox(false, { count: 2 });
    await screen.findByTestId('claim-start');

    expect(inboxCalls(seen)).toHaveLength(0);
    expect(screen.queryByTestId('inbox-badge')).toBeNull();
    fireEvent.click(screen.getByTestId('inbox-entry'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/inbox/index' });
  });

  it('opens the inbox from the 诊间支付 tile', async () => {
    resetTaro();
    respondWith(200, meta({ services: [{ key: 'pay', title: '诊间支付', available: true }] }));
    setup();
    await metaLoaded();

    fireEvent.click(tile('诊间支付'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/inbox/index' });
    expect(showToast).not.toHaveBeenCalled();
  });
});

describe('home page: a document changed since the person agreed', () => {
  afterEach(() => resetTaro());

  it('asks first, opens the changed text, and records the new consent with the version this phone shows', async () => {
    resetTaro();
    signedIn();
    let agreed = false;
    const seen = serve({
      'GET /api/v1/meta': { status: 200, body: fixtureMeta() },
      'GET /api/v1/me': () => ({
        status: 200,
        body: agreed
          ? me(true)
          : { ...me(true), consentRequired: { version: CONSENT_VERSION, documents: ['privacy'] } },
      }),
      'POST /api/v1/me/consents': () => {
        agreed = true;
        return { status: 200, body: me(true) };
      },
    });
    render(<HomePage />);

    const row = await screen.findByTestId('consent-renewal-privacy');
    expect(row.textContent).toContain(`《隐私政策》版本 ${AGREEMENTS.privacy.version}`);
    fireEvent.click(row);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/agreements/privacy/index' });

    fireEvent.click(screen.getByTestId('consent-renewal-agree'));
    await waitFor(() => expect(screen.queryByTestId('consent-renewal')).toBeNull());
    const posted = seen.filter((r) => r.method === 'POST');
    expect(posted.map((r) => r.data)).toEqual([{ version: CONSENT_VERSION }]);
    expect(screen.getByTestId('home-region')).toBeTruthy();
  });

  it('says why when the BFF refuses, and keeps asking', async () => {
    resetTaro();
    signedIn();
    serve({
      'GET /api/v1/meta': { status: 200, body: fixtureMeta() },
      'GET /api/v1/me': {
        status: 200,
        body: { ...me(true), consentRequired: { version: CONSENT_VERSION, documents: ['privacy'] } },
      },
      'POST /api/v1/me/consents': { status: 409, body: errorBody('CONSENT_VERSION_OUTDATED') },
    });
    render(<HomePage />);
    fireEvent.click(await screen.findByTestId('consent-renewal-agree'));
    expect((await screen.findByTestId('consent-renewal-error')).textContent).toBe(
      ERRORS.CONSENT_VERSION_OUTDATED.message,
    );
    expect(screen.getByTestId('consent-renewal')).toBeTruthy();
  });

  it('asks nothing of someone whose consent is current', async () => {
    resetTaro();
    signedIn();
    serve({
      'GET /api/v1/meta': { status: 200, body: fixtureMeta() },
      'GET /api/v1/me': { status: 200, body: me(true) },
    });
    render(<HomePage />);
    await screen.findByTestId('home-region');
    expect(screen.queryByTestId('consent-renewal')).toBeNull();
  });
});
