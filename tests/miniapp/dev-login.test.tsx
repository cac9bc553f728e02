import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ERRORS } from '@ybm/shared';

import DevLoginPage from '../../miniapp/src/pages/dev-login';
import { devPersona, hasSession, H5_NEEDS_DEV_LOGIN } from '../../miniapp/src/services/session';
import { errorBody, NEW_TOKEN, PERSONA, session } from './fixtures';
import {
  getCurrentPages,
  navigateBack,
  redirectTo,
  resetTaro,
  serve,
  storage,
  switchTab,
  useRouter,
} from './stubs/taro';

function setup(
  next?: string,
  personas: { status: number; body: unknown } = { status: 200, body: { personas: [PERSONA] } },
  platform: 'h5' | 'alipay' = 'h5',
) {
  resetTaro();
  useRouter.mockImplementation(() => ({
    params: (next ? { next } : {}) as Record<string, string>,
    path: '',
  }));
  const seen = serve({
    'GET /api/v1/dev/personas': personas,
    'POST /api/v1/dev/login-code': { status: 200, body: { code: 'dev-code', platform } },
    'POST /api/v1/session': { status: 201, body: session(NEW_TOKEN) },
  });
  render(<DevLoginPage />);
  return { seen };
}

describe('dev login page (H5)', () => {
  it('is clearly labelled and lists the seeded personas, masked', async () => {
    setup();
    expect(screen.getByText('开发环境 · 演示登录')).toBeTruthy();
    const persona = await screen.findByTestId(`persona-${PERSONA.key}`);
    expect(persona.textContent).toContain(PERSONA.label);
    expect(persona.textContent).toContain('刘*');
    expect(persona.textContent).not.toContain(PERSONA.docNumber);
  });

  it('signs in as the persona tapped, remembers it, and goes on to the claim', async () => {
    const { seen } = setup('claim');
    fireEvent.click(await screen.findByTestId(`persona-${PERSONA.key}`));

    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/consent/index' }));
    expect(seen.find((r) => r.url.endsWith('/login-code'))!.data).toEqual({
      persona: PERSONA.key,
      platform: 'h5',
    });
    expect(seen.find((r) => r.url.endsWith('/session'))!.data).toEqual({ platform: 'h5', code: 'dev-code' });
    expect(hasSession()).toBe(true);
    expect(storage.get('ybm.session.token')).toBe(NEW_TOKEN);
    expect(devPersona()).toMatchObject({ key: PERSONA.key, name: PERSONA.name });
  });

  it('goes back to the page that asked for a sign-in (next=back)', async () => {
    setup('back');
    getCurrentPages.mockImplementation(() => [{}, {}]);
    fireEvent.click(await screen.findByTestId(`persona-${PERSONA.key}`));

    await waitFor(() => expect(navigateBack).toHaveBeenCalled());
    expect(hasSession()).toBe(true);
    expect(redirectTo).not.toHaveBeenCalled();
    expect(switchTab).not.toHaveBeenCalled();
  });

  it('signs in as an Alipay user when 支付宝 is chosen, and renews the session the same way', async () => {
    const { seen } = setup('claim', undefined, 'alipay');
    expect((await screen.findByTestId('dev-platform-h5')).getAttribute('data-selected')).toBe('true');
    fireEvent.click(screen.getByTestId('dev-platform-alipay'));
    expect(screen.getByTestId('dev-platform-alipay').getAttribute('data-selected')).toBe('true');
    fireEvent.click(await screen.findByTestId(`persona-${PERSONA.key}`));

    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/consent/index' }));
    expect(seen.find((r) => r.url.endsWith('/login-code'))!.data).toEqual({
      persona: PERSONA.key,
      platform: 'alipay',
    });
    expect(seen.find((r) => r.url.endsWith('/session'))!.data).toEqual({
      platform: 'alipay',
      code: 'dev-code',
    });
    expect(devPersona()).toMatchObject({ key: PERSONA.key, platform: 'alipay' });
  });

  it('goes home when not on the way to a claim', async () => {
    setup();
    fireEvent.click(await screen.findByTestId(`persona-${PERSONA.key}`));
    await waitFor(() => expect(switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }));
  });

  it('says the dev login is off, and that H5 needs it, when the BFF has it disabled', async () => {
    setup(undefined, { status: 404, body: errorBody('DEV_LOGIN_DISABLED') });
    const panel = await screen.findByTestId('dev-login-error');
    expect(panel.textContent).toContain(ERRORS.DEV_LOGIN_DISABLED.message);
    expect(panel.textContent).toContain(H5_NEEDS_DEV_LOGIN);
  });
});
