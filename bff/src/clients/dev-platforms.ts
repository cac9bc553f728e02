// Dev-only: the fake platforms' /dev controls, used by the H5 demo login (mint a WeChat
// login code for a persona, answer the face check) and to list the seeded personas.
// Built only when DEV_LOGIN is on; production never constructs it.
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
  insuranceBaseUrl: string;
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
  return {
    async mintWechatLoginCode(openid) {
      return parse(
        z.object({ code: z.string() }),
        await post(`${options.wechatBaseUrl}/dev/login-code`, { openid }),
      ).code;
    },
    async setWechatFaceResult(verifyId, result) {
      try {
        await post(`${options.wechatBaseUrl}/dev/face-result`, { verify_id: verifyId, result });
      } catch (error) {
        // The fake WeChat knows no face check by that id: the caller's mistake, not WeChat's.
        if (error instanceof UpstreamError && error.httpStatus === 404) throw new AppError('NOT_FOUND');
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
