// Dev-only: the fake platforms' /dev controls, used by the H5 demo login (mint a WeChat
// login code or an Alipay auth code for a persona, answer the face check — WeChat's or
// Alipay's certify), to list the seeded personas, and by the H5 cashier sheet (pay or cancel
// a cash order at the fake WeChat Pay or the fake Alipay, which then notify the BFF as the
// real ones would). Built only when DEV_LOGIN is on; production never constructs it.
import { z } from 'zod';

import { AppError, UpstreamError } from '../errors';
import type { DevPlatformControls } from '../services/platforms';
import { requestJson } from './http';

const PersonasAnswer = z.object({
  personas: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      docType: z.string(),
      docNumber: z.string(),
      note: z.string(),
    }),
  ),
});

export function createDevPlatformControls(options: {
  wechatBaseUrl: string;
  /** The fake Alipay's origin (its /dev controls sit beside /gateway.do); none: no Alipay demo. */
  alipayBaseUrl?: string;
  insuranceBaseUrl: string;
  /** The fake WeChat Pay's base (its /dev/pay controls); none: no WeChat Pay demo. */
  wechatPayBaseUrl?: string;
  timeoutMs: number;
}): DevPlatformControls {
  const post = (url: string, body: unknown) =>
    requestJson({ upstream: 'dev-controls', url, method: 'POST', body, timeoutMs: options.timeoutMs });
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'dev-controls', 'unexpected answer');
    return parsed.data;
  };
  const alipayBaseUrl = options.alipayBaseUrl;
  /** Runs a dev call; false when the fake answered 404 (it knows no such id). */
  const knownTo = async (call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      return true;
    } catch (error) {
      if (error instanceof UpstreamError && error.httpStatus === 404) return false;
      throw error;
    }
  };
  return {
    async mintWechatLoginCode(openid) {
      return parse(
        z.object({ code: z.string() }),
        await post(`${options.wechatBaseUrl}/dev/login-code`, { openid }),
      ).code;
    },
    ...(alipayBaseUrl
      ? {
          async mintAlipayAuthCode(userId: string) {
            return parse(
              z.object({ code: z.string() }),
              await post(`${alipayBaseUrl}/dev/auth-code`, { user_id: userId }),
            ).code;
          },
        }
      : {}),
    async setFaceResult(faceId, result) {
      // The id says nothing of its platform: ask the fake WeChat, then the fake Alipay.
      const answered =
        (await knownTo(() =>
          post(`${options.wechatBaseUrl}/dev/face-result`, { verify_id: faceId, result }),
        )) ||
        (alipayBaseUrl !== undefined &&
          (await knownTo(() => post(`${alipayBaseUrl}/dev/certify-result`, { certify_id: faceId, result }))));
      // Neither knows a face check by that id: the caller's mistake, not the platforms'.
      if (!answered) throw new AppError('NOT_FOUND');
    },
    async cashier(provider, orderId, result) {
      const base =
        provider === 'wechatpay'
          ? options.wechatPayBaseUrl && `${options.wechatPayBaseUrl}/dev/pay/orders`
          : alipayBaseUrl && `${alipayBaseUrl}/dev/trade/orders`;
      if (!base) throw new AppError('CASH_PAYMENT_UNAVAILABLE');
      try {
        await post(`${base}/${encodeURIComponent(orderId)}/${result}`, {});
      } catch (error) {
        // The fake's cashier could not take the step: the order is closed, expired or paid.
        if (error instanceof UpstreamError && error.httpStatus === 409)
          throw new AppError('CASH_ORDER_CLOSED');
        if (error instanceof UpstreamError && error.httpStatus === 404)
          throw new AppError('CASH_ORDER_NOT_FOUND');
        throw error;
      }
    },
    async listPersonas() {
      const body = await requestJson({
        upstream: 'dev-controls',
        url: `${options.insuranceBaseUrl}/dev/personas`,
        method: 'GET',
        timeoutMs: options.timeoutMs,
      });
      return parse(PersonasAnswer, body).personas;
    },
  };
}
