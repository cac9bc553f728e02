import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ERRORS } from '@ybm/shared';

import SmsPage from '../../miniapp/src/pages/claim/sms';
import { forgetClaim } from '../../miniapp/src/services/claim';
import { claimState, errorBody, signedIn } from './fixtures';
import { redirectTo, resetTaro, serve, useRouter } from './stubs/taro';

const CLAIM_GET = 'GET /api/v1/claim/c-1';
const SEND = 'POST /api/v1/claim/c-1/sms';
const VERIFY = 'POST /api/v1/claim/c-1/sms/verify';
type Answer = { status: number; body: unknown };

const AT_SMS = claimState({ step: 'sms', maskedPhone: '138****5678' });

async function setup(routes: Record<string, Answer> = {}, initial = AT_SMS) {
  resetTaro();
  forgetClaim();
  signedIn();
  useRouter.mockImplementation(() => ({ params: { claimId: 'c-1' }, path: '' }));
  const seen = serve({
    [CLAIM_GET]: { status: 200, body: initial },
    [SEND]: { status: 200, body: { ...AT_SMS, resendAfterSec: 60 } },
    ...routes,
  });
  render(<SmsPage />);
  await screen.findByTestId('sms-send');
  const sendButton = () => screen.getByTestId('sms-send');
  const typeCode = (value: string) => fireEvent.change(screen.getByTestId('sms-code'), { target: { value } });
  const sends = () => seen.filter((r) => r.url.endsWith('/sms'));
  return { seen, sendButton, typeCode, sends };
}

async function tick(seconds: number) {
  for (let i = 0; i < seconds; i += 1) {
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
  }
}

afterEach(() => {
  jest.useRealTimers();
});

describe('claim SMS page', () => {
  it('shows the masked phone number the code goes to', async () => {
    await setup();
    expect(screen.getByTestId('sms-phone').textContent).toBe('138****5678');
  });

  it('counts down the resend time the BFF gives, second by second, then offers 重新获取', async () => {
    jest.useFakeTimers();
    const { sendButton, sends } = await setup();
    expect(sendButton().textContent).toBe('获取验证码');

    fireEvent.click(sendButton());
    await waitFor(() => expect(sendButton().textContent).toBe('60秒后重新获取'));
    await tick(1);
    expect(sendButton().textContent).toBe('59秒后重新获取');

    // No second send while counting.
    fireEvent.click(sendButton());
    expect(sends()).toHaveLength(1);

    await tick(59);
    expect(sendButton().textContent).toBe('重新获取');
    fireEvent.click(sendButton());
    await waitFor(() => expect(sendButton().textContent).toBe('60秒后重新获取'));
    expect(sends()).toHaveLength(2);
  });

  it('keeps counting after a reload while a sent code is fresh', async () => {
    jest.useFakeTimers();
    const { sendButton } = await setup({}, { ...AT_SMS, resendAfterSec: 42 });
    await waitFor(() => expect(sendButton().textContent).toBe('42秒后重新获取'));
  });

  it('on SMS_RESEND_TOO_SOON says so and counts from the time the BFF has left', async () => {
    jest.useFakeTimers();
    const { sendButton } = await setup({ [SEND]: { status: 429, body: errorBody('SMS_RESEND_TOO_SOON') } });
    serve({
      [SEND]: { status: 429, body: errorBody('SMS_RESEND_TOO_SOON') },
      [CLAIM_GET]: { status: 200, body: { ...AT_SMS, resendAfterSec: 37 } },
    });

    fireEvent.click(sendButton());
    expect((await screen.findByTestId('sms-error')).textContent).toBe(ERRORS.SMS_RESEND_TOO_SOON.message);
    await waitFor(() => expect(sendButton().textContent).toBe('37秒后重新获取'));
  });

  it('enables 下一步 only with six digits, and goes on to the face step', async () => {
    const { typeCode, seen } = await setup({
      [VERIFY]: { status: 200, body: claimState({ step: 'face' }) },
    });
    const next = () => screen.getByTestId('sms-submit');

    typeCode('12345');
    expect(next().getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(next());
    expect(seen.filter((r) => r.url.endsWith('/verify'))).toHaveLength(0);
    typeCode('123456');
    expect(next().getAttribute('aria-disabled')).toBe('false');
    fireEvent.click(next());

    await waitFor(() =>
      expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/face/index?claimId=c-1' }),
    );
    expect(seen.find((r) => r.url.endsWith('/verify'))!.data).toEqual({ smsCode: '123456' });
  });

  it('goes to the password page for 一键同步 when the BFF says so', async () => {
    const { typeCode } = await setup({
      [VERIFY]: { status: 200, body: claimState({ step: 'sync', syncAvailable: true }) },
    });
    typeCode('123456');
    fireEvent.click(screen.getByTestId('sms-submit'));
    await waitFor(() =>
      expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/claim/password/index?claimId=c-1' }),
    );
  });

  it.each(['SMS_CODE_WRONG', 'SMS_CODE_EXPIRED', 'SMS_CODE_VOIDED'] as const)(
    'shows %s in place, under the code',
    async (code) => {
      const { typeCode } = await setup({ [VERIFY]: { status: 400, body: errorBody(code) } });
      typeCode('123456');
      fireEvent.click(screen.getByTestId('sms-submit'));

      expect((await screen.findByTestId('sms-error')).textContent).toBe(ERRORS[code].message);
      expect(redirectTo).not.toHaveBeenCalled();
    },
  );

  it('shows the daily limit in place', async () => {
    const { sendButton } = await setup({ [SEND]: { status: 429, body: errorBody('SMS_DAILY_LIMIT') } });
    fireEvent.click(sendButton());
    expect((await screen.findByTestId('sms-error')).textContent).toBe(ERRORS.SMS_DAILY_LIMIT.message);
  });

  it.each([
    ['NO_PHONE_ON_RECORD', '医保系统中没有您的手机号'],
    ['RESERVED_PHONE_OUT_OF_SERVICE', '预留手机号已停用'],
  ] as const)('shows %s as a result that says what is true and what to do', async (code, heading) => {
    const { sendButton } = await setup({ [SEND]: { status: 403, body: errorBody(code) } });
    fireEvent.click(sendButton());
    expect((await screen.findByTestId('claim-refusal-message')).textContent).toBe(ERRORS[code].message);
    expect(screen.getByTestId('claim-refusal').textContent).toContain(heading);
    expect(screen.getByTestId('claim-home')).toBeTruthy();
  });
});
