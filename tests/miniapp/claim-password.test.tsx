import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ERRORS, WEAK_PASSWORD_MESSAGES } from '@ybm/shared';
import { sm2 } from 'sm-crypto-v2';

import PasswordPage from '../../miniapp/src/pages/claim/password';
import { forgetClaim } from '../../miniapp/src/services/claim';
import { claimState, errorBody, signedIn, VOUCHER } from './fixtures';
import { reLaunch, resetTaro, serve, useRouter, type SeenRequest } from './stubs/taro';

const keys = sm2.generateKeyPairHex();
const CLAIM_GET = 'GET /api/v1/claim/c-1';
const PASSWORD_KEY = 'GET /api/v1/claim/password-key';
const SET_PASSWORD = 'POST /api/v1/claim/c-1/password';
const SYNC = 'POST /api/v1/claim/c-1/sync';
const DONE = { status: 200, body: { step: 'done', voucher: VOUCHER } };
type Answer = { status: number; body: unknown };

async function setup(
  state = claimState({ step: 'password', birthDate: '1990-03-07' }),
  routes: Record<string, Answer> = {},
) {
  resetTaro();
  forgetClaim();
  signedIn();
  useRouter.mockImplementation(() => ({ params: { claimId: 'c-1' }, path: '' }));
  const seen = serve({
    [CLAIM_GET]: { status: 200, body: state },
    [PASSWORD_KEY]: {
      status: 200,
      body: { algorithm: 'SM2', cipherMode: 'C1C3C2', publicKeyHex: keys.publicKey },
    },
    [SET_PASSWORD]: DONE,
    [SYNC]: DONE,
    ...routes,
  });
  render(<PasswordPage />);
  await screen.findByTestId('password-keypad');
  const enter = (password: string) =>
    Array.from(password).forEach((digit) => fireEvent.click(screen.getByTestId(`key-${digit}`)));
  const posted = (suffix: string) => seen.filter((r) => r.method === 'POST' && r.url.endsWith(suffix));
  return { seen, enter, posted };
}

function cipherOf(request: SeenRequest): string {
  return (request.data as { passwordCipher: string }).passwordCipher;
}

describe('claim password page', () => {
  it('sends only the SM2 ciphertext of the confirmed password, then lands on the code tab', async () => {
    const { enter, posted } = await setup();
    enter('824617');
    enter('824617');

    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/code/index' }));
    const [request] = posted('/password');
    expect(Object.keys(request!.data as object)).toEqual(['passwordCipher']);
    expect(JSON.stringify(request!.data)).not.toContain('824617');
    expect(sm2.doDecrypt(cipherOf(request!), keys.privateKey, 1)).toBe('824617');
  });

  it('refuses the birthday on the phone, without a request', async () => {
    const { enter, seen } = await setup();
    enter('900307');

    expect(screen.getByTestId('password-error').textContent).toBe(WEAK_PASSWORD_MESSAGES.birthday);
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('shows the platform’s PASSWORD_WEAK refusal and starts the entry over', async () => {
    const { enter } = await setup(undefined, {
      [SET_PASSWORD]: { status: 400, body: errorBody('PASSWORD_WEAK') },
    });
    enter('824617');
    enter('824617');

    expect((await screen.findByTestId('password-error')).textContent).toBe(ERRORS.PASSWORD_WEAK.message);
    expect(screen.getByTestId('password-setup').getAttribute('data-stage')).toBe('first');
    expect(reLaunch).not.toHaveBeenCalled();
  });

  it('shows all five steps for a new claim, the password the current one', async () => {
    await setup(claimState({ step: 'password' }));
    expect(screen.getByTestId('claim-steps').textContent).toBe('1授权2身份3验证码4人脸5密码');
    expect(screen.getByTestId('claim-step-face').getAttribute('data-state')).toBe('done');
    expect(screen.getByTestId('claim-step-password').getAttribute('data-state')).toBe('current');
  });

  describe('一键同步 (activated on the other platform)', () => {
    const syncState = claimState({ step: 'sync', syncAvailable: true });

    it('asks for the existing password once and sends its ciphertext to claimSync', async () => {
      const { enter, posted } = await setup(syncState);
      expect(screen.getByTestId('sync-intro')).toBeTruthy();
      expect(screen.getByText('一键同步')).toBeTruthy();

      enter('123456'); // the existing password is not judged again here
      await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/code/index' }));
      expect(posted('/password')).toHaveLength(0);
      expect(sm2.doDecrypt(cipherOf(posted('/sync')[0]!), keys.privateKey, 1)).toBe('123456');
    });

    it('shows only the steps that applied: no SMS code and no face check were asked for', async () => {
      await setup(syncState);
      const steps = screen.getByTestId('claim-steps');
      expect(steps.textContent).toBe('1授权2身份3同步');
      expect(steps.textContent).not.toMatch(/验证码|人脸/);
      expect(screen.getByTestId('claim-step-consent').getAttribute('data-state')).toBe('done');
      expect(screen.getByTestId('claim-step-identity').getAttribute('data-state')).toBe('done');
      expect(screen.getByTestId('claim-step-sync').getAttribute('data-state')).toBe('current');
    });

    it.each(['PASSWORD_WRONG', 'PASSWORD_LOCKED'] as const)('shows %s', async (code) => {
      const { enter } = await setup(syncState, {
        [SYNC]: { status: code === 'PASSWORD_LOCKED' ? 423 : 400, body: errorBody(code) },
      });
      enter('824617');

      await waitFor(() => expect(screen.getByText(ERRORS[code].message)).toBeTruthy());
      expect(reLaunch).not.toHaveBeenCalled();
    });
  });
});
