// Asking for bill notices: WeChat with tmplIds, Alipay with entityIds, never on H5; at the end
// of the claim, on opening the inbox and on confirming a payment, from inside the tap, once per
// moment; never in the way (a refusal or a failure changes nothing).
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { sm2 } from 'sm-crypto-v2';

import PasswordPage from '../../miniapp/src/pages/claim/password';
import HomePage from '../../miniapp/src/pages/index';
import PayPage from '../../miniapp/src/pages/pay';
import { forgetClaim } from '../../miniapp/src/services/claim';
import {
  DEFAULT_BILL_TEMPLATE_ID,
  forgetSubscriptionRequests,
  requestBillSubscription,
} from '../../miniapp/src/services/subscription';
import { bill, BILL_ID } from './bill-fixtures';
import { claimState, me, meta, signedIn, VOUCHER } from './fixtures';
import {
  canIUse,
  navigateTo,
  reLaunch,
  requestSubscribeMessage,
  resetTaro,
  serve,
  useRouter,
} from './stubs/taro';

const keys = sm2.generateKeyPairHex();
const PASSWORD_KEY = {
  status: 200,
  body: { algorithm: 'SM2', cipherMode: 'C1C3C2', publicKeyHex: keys.publicKey },
};
const platform = process.env.TARO_ENV;
const templateOverride = process.env.TARO_APP_BILL_TEMPLATE_ID;

function on(target: 'weapp' | 'alipay' | 'h5' | undefined) {
  resetTaro();
  forgetSubscriptionRequests();
  if (target) process.env.TARO_ENV = target;
  else delete process.env.TARO_ENV;
}

afterEach(() => {
  if (platform === undefined) delete process.env.TARO_ENV;
  else process.env.TARO_ENV = platform;
  if (templateOverride === undefined) delete process.env.TARO_APP_BILL_TEMPLATE_ID;
  else process.env.TARO_APP_BILL_TEMPLATE_ID = templateOverride;
});

describe('requestBillSubscription', () => {
  it('asks WeChat with tmplIds', () => {
    on('weapp');
    expect(requestBillSubscription('inbox')).toBe(true);
    expect(canIUse).toHaveBeenCalledWith('requestSubscribeMessage');
    expect(requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: [DEFAULT_BILL_TEMPLATE_ID] });
  });

  it('asks Alipay with entityIds', () => {
    on('alipay');
    expect(requestBillSubscription('inbox')).toBe(true);
    expect(requestSubscribeMessage).toHaveBeenCalledWith({ entityIds: [DEFAULT_BILL_TEMPLATE_ID] });
  });

  it.each(['h5', undefined] as const)('never asks on H5 (TARO_ENV %s)', (target) => {
    on(target);
    expect(requestBillSubscription('inbox')).toBe(false);
    expect(requestBillSubscription('pay')).toBe(false);
    expect(requestBillSubscription('claim')).toBe(false);
    expect(requestSubscribeMessage).not.toHaveBeenCalled();
  });

  it('uses the template id the build was given', () => {
    on('weapp');
    process.env.TARO_APP_BILL_TEMPLATE_ID = 'tmpl-from-build';
    requestBillSubscription('pay');
    expect(requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tmpl-from-build'] });
  });

  it('does not ask where the base library cannot', () => {
    on('weapp');
    canIUse.mockReturnValueOnce(false);
    expect(requestBillSubscription('inbox')).toBe(false);
    expect(requestSubscribeMessage).not.toHaveBeenCalled();
  });

  it('asks once per moment per launch', () => {
    on('weapp');
    requestBillSubscription('inbox');
    requestBillSubscription('inbox');
    requestBillSubscription('pay');
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(2);
  });

  it('ignores a refusal or a failure', async () => {
    on('alipay');
    requestSubscribeMessage.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail cancel' });
    expect(requestBillSubscription('claim')).toBe(true);
    requestSubscribeMessage.mockImplementationOnce(() => {
      throw new Error('not in this base library');
    });
    expect(requestBillSubscription('pay')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 0)); // an unhandled rejection would fail here
  });
});

describe('the moments it asks', () => {
  async function homeSignedIn() {
    signedIn();
    serve({
      'GET /api/v1/meta': {
        status: 200,
        body: meta({ services: [{ key: 'pay', title: '诊间支付', available: true }] }),
      },
      'GET /api/v1/me': { status: 200, body: me(true) },
      'GET /api/v1/inbox': { status: 200, body: { unread: 0, messages: [] } },
    });
    render(<HomePage />);
    await screen.findByTestId('voucher-card');
  }

  it.each([
    ['weapp', { tmplIds: [DEFAULT_BILL_TEMPLATE_ID] }],
    ['alipay', { entityIds: [DEFAULT_BILL_TEMPLATE_ID] }],
  ] as const)('on %s: the home page’s 消息 entry asks, then opens the inbox', async (target, option) => {
    on(target);
    await homeSignedIn();
    fireEvent.click(screen.getByTestId('inbox-entry'));
    expect(requestSubscribeMessage).toHaveBeenCalledWith(option);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/inbox/index' });
  });

  it('the 诊间支付 tile opens the inbox and asks', async () => {
    on('weapp');
    await homeSignedIn();
    fireEvent.click(screen.getByText('诊间支付'));
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/inbox/index' });
  });

  it('on H5 the inbox opens without asking', async () => {
    on('h5');
    await homeSignedIn();
    fireEvent.click(screen.getByTestId('inbox-entry'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/inbox/index' });
    expect(requestSubscribeMessage).not.toHaveBeenCalled();
  });

  it.each([
    ['weapp', 1],
    ['h5', 0],
  ] as const)('on %s: 确认支付 asks (%i) and the keypad opens regardless', async (target, times) => {
    on(target);
    signedIn();
    useRouter.mockImplementation(() => ({ params: { billId: BILL_ID }, path: '' }));
    serve({ [`GET /api/v1/bills/${BILL_ID}`]: { status: 200, body: bill() } });
    requestSubscribeMessage.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail' });
    render(<PayPage />);

    fireEvent.click(await screen.findByTestId('pay-confirm'));
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(times);
    expect(screen.getByTestId('password-keypad')).toBeTruthy();
  });

  it.each([
    ['weapp', 1],
    ['h5', 0],
  ] as const)(
    'on %s: confirming the claim password asks (%i), and the claim finishes even if refused',
    async (target, times) => {
      on(target);
      forgetClaim();
      signedIn();
      useRouter.mockImplementation(() => ({ params: { claimId: 'c-1' }, path: '' }));
      serve({
        'GET /api/v1/claim/c-1': {
          status: 200,
          body: claimState({ step: 'password', birthDate: '1990-03-07' }),
        },
        'GET /api/v1/claim/password-key': PASSWORD_KEY,
        'POST /api/v1/claim/c-1/password': { status: 200, body: { step: 'done', voucher: VOUCHER } },
      });
      requestSubscribeMessage.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail cancel' });
      render(<PasswordPage />);
      await screen.findByTestId('password-keypad');
      const enter = (digits: string) =>
        Array.from(digits).forEach((digit) => fireEvent.click(screen.getByTestId(`key-${digit}`)));

      enter('824617');
      expect(requestSubscribeMessage).not.toHaveBeenCalled(); // not before the password is confirmed
      enter('824617');
      expect(requestSubscribeMessage).toHaveBeenCalledTimes(times);
      await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/code/index' }));
    },
  );
});
