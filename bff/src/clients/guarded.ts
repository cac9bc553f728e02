// The platform clients behind their circuit breakers (issue 26): every call that goes out to
// WeChat, Alipay or a payment service runs through that dependency's breaker, so while it is
// down a call is refused at once with its own 503 (DependencyDown, nothing sent) instead of
// waiting out its timeout. What needs no call (reading a notification, the phone's payment
// parameters) is passed through untouched. The insurance platform's wire is guarded in
// ./insurance (guardTransport).
import type { Breaker } from '../services/breaker';
import type { CashPlatform } from '../services/cash-platforms';
import type { AlipayPlatform } from './alipay';
import type { WechatPlatform } from './wechat';

export function guardWechat(client: WechatPlatform, breaker: Breaker): WechatPlatform {
  return {
    codeToSession: (jsCode) => breaker.run(() => client.codeToSession(jsCode)),
    getVerifyId: (input) => breaker.run(() => client.getVerifyId(input)),
    queryVerifyResult: (input) => breaker.run(() => client.queryVerifyResult(input)),
    sendSubscribeMessage: (message) => breaker.run(() => client.sendSubscribeMessage(message)),
  };
}

export function guardAlipay(client: AlipayPlatform, breaker: Breaker): AlipayPlatform {
  return {
    authCodeToUser: (authCode) => breaker.run(() => client.authCodeToUser(authCode)),
    startCertify: (input) => breaker.run(() => client.startCertify(input)),
    queryCertify: (certifyId) => breaker.run(() => client.queryCertify(certifyId)),
    sendTemplateMessage: (message) => breaker.run(() => client.sendTemplateMessage(message)),
  };
}

export function guardCashier(platform: CashPlatform, breaker: Breaker): CashPlatform {
  return {
    provider: platform.provider,
    place: (order) => breaker.run(() => platform.place(order)),
    query: (orderId) => breaker.run(() => platform.query(orderId)),
    close: (orderId) => breaker.run(() => platform.close(orderId)),
    refund: (refund) => breaker.run(() => platform.refund(refund)),
    refundStatus: (refund) => breaker.run(() => platform.refundStatus(refund)),
    readNotice: (notice) => platform.readNotice(notice),
    phoneParams: (orderId, platformRef) => platform.phoneParams(orderId, platformRef),
  };
}
