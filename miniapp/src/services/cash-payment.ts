// The cash part of a bill, paid through the person's own platform: the BFF places the order
// (POST /bills/:id/cash) and answers what this build pays it with — wx.requestPayment's
// signed parameters (weapp), a trade_no for my.tradePay (alipay), or, on H5, an order for the
// simulated cashier sheet. Whatever the platform's cashier tells the page is not proof of
// payment: afterwards the page asks the BFF (GET /bills/:id/cash), which asks the platform.
import Taro from '@tarojs/taro';
import type { CashPayment, CashStatus, DevCashierRequest, EndpointResponse } from '@ybm/shared';

import { call } from './api';
import { localError } from './http';

/** Placing an order is one call to WeChat Pay or Alipay from the BFF. */
const PLACE_TIMEOUT_MS = 15_000;

export const CASHIER_NAMES = { wechatpay: '微信支付', alipay: '支付宝' } as const;

/** How the person left the platform's cashier: it says nothing of whether money moved. */
export type CashierReturn = 'returned' | 'cancelled';

export function placeCashOrder(billId: string): Promise<CashPayment> {
  return call('placeCashOrder', {
    params: { billId },
    // H5 has no platform cashier: it asks for the demo's simulated one.
    body: process.env.TARO_ENV === 'h5' ? { cashier: 'dev' } : {},
    timeoutMs: PLACE_TIMEOUT_MS,
  });
}

export function cashStatus(billId: string): Promise<CashStatus> {
  return call('cashStatus', { params: { billId }, timeoutMs: PLACE_TIMEOUT_MS });
}

/** The H5 sheet's 支付 / 取消, done at the fake of the person's platform. */
export function devCashier(
  orderId: string,
  result: DevCashierRequest['result'],
): Promise<EndpointResponse<'devCashier'>> {
  return call('devCashier', { params: { orderId }, body: { result }, timeoutMs: PLACE_TIMEOUT_MS });
}

function wechatCashier(
  params: Extract<CashPayment, { provider: 'wechatpay' }>['params'],
): Promise<CashierReturn> {
  return Taro.requestPayment({ ...params }).then(
    () => 'returned' as const,
    (failure: { errMsg?: string }) => (/cancel/.test(failure?.errMsg ?? '') ? 'cancelled' : 'returned'),
  );
}

function alipayCashier(tradeNO: string): Promise<CashierReturn> {
  if (typeof my.tradePay !== 'function') {
    return Promise.reject(
      localError('CASH_PAYMENT_UNAVAILABLE', '当前支付宝版本不支持该支付方式，请升级支付宝后重试'),
    );
  }
  return new Promise((resolve) => {
    my.tradePay?.({
      tradeNO,
      success: (res) => resolve(res.resultCode === '6001' ? 'cancelled' : 'returned'),
      fail: () => resolve('returned'),
    });
  });
}

/** Opens this platform's own cashier for a placed order; resolves when the person is back. */
export function openPlatformCashier(payment: CashPayment): Promise<CashierReturn> {
  if (payment.provider === 'wechatpay' && process.env.TARO_ENV === 'weapp')
    return wechatCashier(payment.params);
  if (payment.provider === 'alipay' && process.env.TARO_ENV === 'alipay')
    return alipayCashier(payment.tradeNO);
  return Promise.reject(
    localError('CASH_PAYMENT_UNAVAILABLE', '当前版本无法打开该支付方式，请在微信或支付宝小程序中支付'),
  );
}
