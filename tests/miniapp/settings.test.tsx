// 设置 on the phone: 大字模式 is kept on the phone and for the person at the BFF (how it follows
// the platform's font size: large-text.test.tsx); 修改支付密码 sends only SM2 ciphertexts,
// says the tries left after a wrong old password and offers 忘记密码 at the lock.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DOCUMENT_TYPE_NAMES, DOCUMENT_TYPES, ERRORS } from '@ybm/shared';
import { sm2 } from 'sm-crypto-v2';

import SettingsPage from '../../miniapp/src/pages/settings';
import ChangePasswordPage from '../../miniapp/src/pages/settings/password';
import RecoverPage from '../../miniapp/src/pages/settings/recover';
import { errorBody, signedIn, VOUCHER } from './fixtures';
import { redirectTo, resetTaro, serve, storage, useRouter } from './stubs/taro';

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

describe('忘记支付密码 with another document than 居民身份证', () => {
  it('offers every document the claim takes and sends the one chosen', async () => {
    useRouter.mockImplementation(() => ({ params: { purpose: 'password_reset' }, path: '' }));
    const seen = serve({
      'POST /api/v1/settings/password/reset': {
        status: 200,
        body: { recoveryId: 'RCV1', purpose: 'password_reset', step: 'sms', maskedPhone: '138****0004' },
      },
    });
    render(<RecoverPage />);
    fireEvent.click(screen.getByTestId('recover-doc-type'));
    const options = screen.getByTestId('recover-doc-type-options');
    expect(Array.from(options.children, (option) => option.textContent)).toEqual(
      DOCUMENT_TYPES.map((type) => DOCUMENT_TYPE_NAMES[type]),
    );
    fireEvent.click(screen.getByTestId('recover-doc-type-foreign_permanent_residence'));
    expect(screen.getByTestId('recover-doc-type').textContent).toContain('外国人永久居留身份证');
    fireEvent.change(screen.getByTestId('recover-name'), { target: { value: 'ANNA MULLER' } });
    fireEvent.change(screen.getByTestId('recover-number'), { target: { value: '933276198804120026' } });
    fireEvent.click(screen.getByTestId('recover-start'));

    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(seen[0]!.data).toEqual({
      name: 'ANNA MULLER',
      docType: 'foreign_permanent_residence',
      docNumber: '933276198804120026',
    });
    await screen.findByTestId('recover-phone');
  });
});
