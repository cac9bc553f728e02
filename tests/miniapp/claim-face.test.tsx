import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ERRORS } from '@ybm/shared';

import FacePage from '../../miniapp/src/pages/claim/face';
import { forgetClaim } from '../../miniapp/src/services/claim';
import { FACE_UNSUPPORTED_WECHAT } from '../../miniapp/src/services/face';
import { claimState, errorBody, signedIn } from './fixtures';
import { canIUse, redirectTo, resetTaro, serve, useRouter } from './stubs/taro';

const CLAIM_GET = 'GET /api/v1/claim/c-1';
const FACE_START = 'POST /api/v1/claim/c-1/face';
const FACE_COMPLETE = 'POST /api/v1/claim/c-1/face/complete';
const DEV_FACE = 'POST /api/v1/dev/face';
type Answer = { status: number; body: unknown };

async function setup(
  complete: Answer = { status: 200, body: claimState({ step: 'password' }) },
  start?: Answer,
) {
  resetTaro();
  forgetClaim();
  signedIn();
  useRouter.mockImplementation(() => ({ params: { claimId: 'c-1' }, path: '' }));
  const seen = serve({
    [CLAIM_GET]: { status: 200, body: claimState({ step: 'face', maskedName: '刘*' }) },
    [FACE_START]: start ?? { status: 200, body: { verifyId: 'v-1' } },
    [DEV_FACE]: { status: 200, body: { ok: true } },
    [FACE_COMPLETE]: complete,
  });
  render(<FacePage />);
  await screen.findByTestId('face-start');
  return { seen, paths: () => seen.map((r) => `${r.method} ${r.url}`) };
}

afterEach(() => {
  delete process.env.TARO_ENV;
  delete (globalThis as { wx?: unknown }).wx;
  delete (globalThis as { my?: unknown }).my;
});

describe('claim face page on H5 (the dev fake)', () => {
  it('offers 模拟刷脸通过 / 未通过 / 取消 after starting, labelled as the dev environment', async () => {
    await setup();
    fireEvent.click(screen.getByTestId('face-start'));

    const dev = await screen.findByTestId('face-dev');
    expect(dev.textContent).toContain('开发环境');
    expect(screen.getByTestId('face-dev-pass').textContent).toBe('模拟刷脸通过');
    expect(screen.getByTestId('face-dev-fail').textContent).toBe('模拟刷脸未通过');
    expect(screen.getByTestId('face-dev-cancel').textContent).toBe('模拟刷脸取消');
  });

  it('tells the fake platform the result, then lets the BFF check it and goes on', async () => {
    const { seen, paths } = await setup();
    fireEvent.click(screen.getByTestId('face-start'));
    fireEvent.click(await screen.findByTestId('face-dev-pass'));

    await waitFor(() =>
      expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/password/index?claimId=c-1' }),
    );
    expect(paths().slice(1)).toEqual([FACE_START, DEV_FACE, FACE_COMPLETE]);
    expect(seen.find((r) => r.url.endsWith('/dev/face'))!.data).toEqual({ verifyId: 'v-1', result: 'pass' });
  });

  it.each([
    ['face-dev-fail', 'fail', 'FACE_FAILED'],
    ['face-dev-cancel', 'cancel', 'FACE_CANCELLED'],
  ] as const)(
    '%s: shows the BFF’s refusal in place and offers to try again',
    async (button, result, code) => {
      const { seen } = await setup({ status: code === 'FACE_FAILED' ? 403 : 400, body: errorBody(code) });
      fireEvent.click(screen.getByTestId('face-start'));
      fireEvent.click(await screen.findByTestId(button));

      expect((await screen.findByTestId('face-error')).textContent).toBe(ERRORS[code].message);
      expect(seen.find((r) => r.url.endsWith('/dev/face'))!.data).toEqual({ verifyId: 'v-1', result });
      expect(screen.getByTestId('face-start').textContent).toBe('重新核验');
      expect(redirectTo).not.toHaveBeenCalled();
    },
  );

  it('shows too many tries in place', async () => {
    await setup(undefined, { status: 429, body: errorBody('FACE_TOO_MANY_TRIES') });
    fireEvent.click(screen.getByTestId('face-start'));
    expect((await screen.findByTestId('face-error')).textContent).toBe(ERRORS.FACE_TOO_MANY_TRIES.message);
  });
});

describe('claim face page in the mini-programs', () => {
  it('WeChat: runs wx.requestFacialVerify with the verifyId, then the BFF checks the result', async () => {
    process.env.TARO_ENV = 'weapp';
    const requestFacialVerify = jest.fn((options: { success: () => void }) => options.success());
    (globalThis as { wx?: unknown }).wx = { requestFacialVerify, canIUse: () => true };
    const { paths } = await setup();

    fireEvent.click(screen.getByTestId('face-start'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalled());
    expect(canIUse).toHaveBeenCalledWith('requestFacialVerify');
    expect(requestFacialVerify).toHaveBeenCalledWith(expect.objectContaining({ verifyId: 'v-1' }));
    expect(paths().slice(1)).toEqual([FACE_START, FACE_COMPLETE]);
  });

  it('WeChat: says to upgrade when requestFacialVerify is not available', async () => {
    process.env.TARO_ENV = 'weapp';
    (globalThis as { wx?: unknown }).wx = { canIUse: () => false };
    canIUse.mockReturnValue(false);
    await setup();

    fireEvent.click(screen.getByTestId('face-start'));
    expect((await screen.findByTestId('face-error')).textContent).toBe(FACE_UNSUPPORTED_WECHAT);
  });

  it('Alipay: runs my.startAPVerify with the certify URL and id, even when the user backs out', async () => {
    process.env.TARO_ENV = 'alipay';
    const startAPVerify = jest.fn((options: { fail: () => void }) => options.fail());
    (globalThis as { my?: unknown }).my = {
      startAPVerify,
      canIUse: (api: string) => api === 'startAPVerify',
    };
    const { paths } = await setup(
      { status: 400, body: errorBody('FACE_CANCELLED') },
      { status: 200, body: { certifyId: 'cert-1', certifyUrl: 'https://certify.example/cert-1' } },
    );

    fireEvent.click(screen.getByTestId('face-start'));
    expect((await screen.findByTestId('face-error')).textContent).toBe(ERRORS.FACE_CANCELLED.message);
    expect(startAPVerify).toHaveBeenCalledWith(
      expect.objectContaining({ certifyId: 'cert-1', url: 'https://certify.example/cert-1' }),
    );
    expect(paths().slice(1)).toEqual([FACE_START, FACE_COMPLETE]);
  });
});
