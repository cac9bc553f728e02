// 设置 on the phone: 大字模式 is kept on the phone and for the person at the BFF (how it follows
// the platform's font size: large-text.test.tsx); 修改支付密码 sends only SM2 ciphertexts,
// says the tries left after a wrong old password and offers 忘记密码 at the lock.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ERRORS } from '@ybm/shared';
import { sm2 } from 'sm-crypto-v2';

import SettingsPage from '../../miniapp/src/pages/settings';
import ChangePasswordPage from '../../miniapp/src/pages/settings/password';
import { errorBody, signedIn, VOUCHER } from './fixtures';
import { redirectTo, resetTaro, serve, storage } from './stubs/taro';

const keys = sm2.generateKeyPairHex();
const ME = { platform: 'h5', activated: true, voucher: VOUCHER, preferences: { largeText: false } };
const PASSWORD_KEY = {
  status: 200,
  body: { algorithm: 'SM2', cipherMode: 'C1C3C2', publicKeyHex: keys.publicKey },
};

beforeEach(() => {
  resetTaro();
  signedIn();
});

describe('大字模式', () => {
  it('is switched on in 设置, kept on the phone and saved for the person', async () => {
    const seen = serve({
      'GET /api/v1/me': { status: 200, body: ME },
      'PUT /api/v1/settings/preferences': { status: 200, body: { largeText: true } },
    });
    render(<SettingsPage />);
    await screen.findByTestId('settings-unbind');
    fireEvent.click(screen.getByTestId('settings-large-text'));

    await waitFor(() =>
      expect(seen.filter((r) => r.method === 'PUT').map((r) => r.data)).toEqual([{ largeText: true }]),
    );
    expect(storage.get('ybm.largeText')).toBe(true);
    await waitFor(() => expect(storage.has('ybm.largeText.unsaved')).toBe(false));
    expect(screen.getByTestId('settings-large-text').getAttribute('data-checked')).toBe('true');
    // The page's root view carries the class the large rules hang from.
    expect(screen.getByTestId('page-root').className).toContain('large-text');
  });

  it('says so when the BFF could not keep the choice', async () => {
    serve({
      'GET /api/v1/me': { status: 200, body: ME },
      'PUT /api/v1/settings/preferences': { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') },
    });
    render(<SettingsPage />);
    await screen.findByTestId('settings-unbind');
    fireEvent.click(screen.getByTestId('settings-large-text'));
    expect((await screen.findByTestId('settings-error')).textContent).toContain('未能保存到您的账号');
    // Still on here, and kept so: the account's older `false` does not switch it off again.
    expect(storage.get('ybm.largeText.unsaved')).toBe(true);
  });
});

describe('修改支付密码', () => {
  const enter = (password: string) =>
    Array.from(password).forEach((digit) => fireEvent.click(screen.getByTestId(`key-${digit}`)));

  it('sends the old and the new password only as SM2 ciphertext', async () => {
    const seen = serve({
      'GET /api/v1/claim/password-key': PASSWORD_KEY,
      'POST /api/v1/settings/password': { status: 200, body: { changedAt: '2026-12-07T10:00:00Z' } },
    });
    render(<ChangePasswordPage />);
    enter('358024');
    enter('640273');
    enter('640273');
    await screen.findByTestId('change-password-done');
    const [posted] = seen.filter((r) => r.method === 'POST');
    const body = posted!.data as { oldPasswordCipher: string; newPasswordCipher: string };
    expect(JSON.stringify(body)).not.toMatch(/358024|640273/);
    expect(sm2.doDecrypt(body.oldPasswordCipher, keys.privateKey, 1)).toBe('358024');
    expect(sm2.doDecrypt(body.newPasswordCipher, keys.privateKey, 1)).toBe('640273');
  });

  it('says the tries left after a wrong old password, and offers 忘记密码 at the lock', async () => {
    let tries = 0;
    serve({
      'GET /api/v1/claim/password-key': PASSWORD_KEY,
      'POST /api/v1/settings/password': () => {
        tries += 1;
        return tries === 1
          ? {
              status: 400,
              body: { error: { ...errorBody('PASSWORD_WRONG').error, details: { remaining: 4 } } },
            }
          : { status: 423, body: errorBody('PASSWORD_LOCKED') };
      },
    });
    render(<ChangePasswordPage />);
    enter('111333');
    enter('640273');
    enter('640273');
    expect((await screen.findByTestId('password-error')).textContent).toBe('原密码错误，今日还可尝试4次');

    enter('111333');
    enter('640273');
    enter('640273');
    const locked = await screen.findByTestId('change-password-locked');
    expect(locked.textContent).toContain(ERRORS.PASSWORD_LOCKED.message);
    fireEvent.click(screen.getByTestId('change-password-forgot'));
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/settings/recover/index?purpose=password_reset' });
  });
});
