// The Alipay open platform through the official alipay-sdk (v4, key mode, RSA2): sign-in
// (alipay.system.oauth.token), identity verification (alipay.user.certify.open.*) and
// template messages. Every answer's signature is checked (validateSign); refusals come
// back as AlipayError with Alipay's code/sub_code, timeouts and outages as UpstreamError.
// The gateway comes from config: https://openapi.alipay.com/gateway.do in production.
import { createPrivateKey, createPublicKey, createVerify } from 'node:crypto';

import { AlipayRequestError, AlipaySdk } from 'alipay-sdk';
import { z } from 'zod';

import { UpstreamError } from '../errors';

export interface AlipayClientOptions {
  /** Full URL of the v2 gateway (exec, pageExec). */
  gateway: string;
  /** Base URL of the v3 API (curl); defaults to the gateway's origin. Unused by the v2 calls here. */
  endpoint?: string;
  appId: string;
  /** The app's RSA private key, PKCS8 (PEM, or its Base64 body alone). */
  privateKey: string;
  /** Alipay's RSA public key, SPKI (PEM, or its Base64 body alone). */
  alipayPublicKey: string;
  timeoutMs: number;
}

/** Who signed in. Alipay gives open_id (newer apps), user_id (older ones) or both: at least one is set. */
export interface AlipayIdentity {
  userId?: string;
  openId?: string;
}

export type AlipayCertifyOutcome = 'pass' | 'fail' | 'pending';

export interface TemplateMessage {
  toUserId?: string;
  toOpenId?: string;
  templateId: string;
  page: string;
  /** Template data key → text (at most 50 characters each), e.g. `{ keyword1: '门诊缴费' }`. */
  data: Record<string, string>;
  formId?: string;
}

export type TemplateMessageResult =
  | { ok: true }
  | { ok: false; reason: 'refused' | 'bad_data' | 'bad_template'; code: string; subCode: string };

export interface AlipayPlatform {
  authCodeToUser(authCode: string): Promise<AlipayIdentity>;
  /** Opens a face check; the phone passes certifyId and certifyUrl to my.startAPVerify. */
  startCertify(input: {
    outerOrderNo: string;
    name: string;
    idNumber: string;
    certType?: string;
    returnUrl?: string;
  }): Promise<{ certifyId: string; certifyUrl: string }>;
  queryCertify(certifyId: string): Promise<AlipayCertifyOutcome>;
  sendTemplateMessage(message: TemplateMessage): Promise<TemplateMessageResult>;
}

/** Alipay answered and refused: `code` is the gateway class (40002, 40004…), `subCode` the reason. */
export class AlipayError extends Error {
  constructor(
    readonly code: string,
    readonly subCode: string,
    readonly subMsg: string,
  ) {
    super(`Alipay ${code} ${subCode}: ${subMsg}`);
    this.name = 'AlipayError';
  }

  /** The auth code was invalid, used or expired: the user should sign in again. */
  get isAuthCodeRejected(): boolean {
    return this.subCode === 'isv.code-invalid';
  }
}

const UPSTREAM = 'alipay';

const Refusal = z.object({
  code: z.string(),
  msg: z.string().optional(),
  sub_code: z.string().optional(),
  sub_msg: z.string().optional(),
});
// exec() camelCases the answer's keys.
const TokenAnswer = z
  .object({ userId: z.string().min(1).optional(), openId: z.string().min(1).optional() })
  .refine((answer) => answer.userId || answer.openId);
const InitializeAnswer = z.object({ certifyId: z.string().min(1) });
const QueryAnswer = z.object({ passed: z.enum(['T', 'F']), failReason: z.string().optional() });

const TEMPLATE_REFUSALS: Record<string, Exclude<TemplateMessageResult, { ok: true }>['reason']> = {
  USER_NOT_SUBSCRIBED: 'refused',
  DATA_ILLEGAL: 'bad_data',
  USER_TEMPLATE_ILLEGAL: 'bad_template',
};

/** The SDK's formatKey keeps a trailing PEM line break inside the key: trim it first. */
const tidyKey = (key: string) => key.trim();

function parseAnswer<T>(schema: z.ZodType<T>, value: unknown, method: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${method}: unexpected answer`);
  return parsed.data;
}

function refusalOf(
  body: { code: string; subCode?: string; subMsg?: string; msg?: string },
  method: string,
): Error {
  // 20000 is the gateway's "service currently unavailable": an outage, not a refusal.
  if (body.code === '20000')
    return new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${method}: ${body.subCode ?? '20000'}`);
  return new AlipayError(body.code, body.subCode ?? '', body.subMsg ?? body.msg ?? '');
}

export function createAlipayClient(options: AlipayClientOptions): AlipayPlatform {
  const alipayPublicKey = tidyKey(options.alipayPublicKey);
  const sdk = new AlipaySdk({
    appId: options.appId,
    privateKey: tidyKey(options.privateKey),
    keyType: 'PKCS8',
    alipayPublicKey,
    gateway: options.gateway,
    endpoint: options.endpoint ?? new URL(options.gateway).origin,
    timeout: options.timeoutMs,
  });
  // The keys as the SDK formatted them. Parsing them now makes a bad key fail at start-up,
  // so an error thrown later while reading an answer is the answer's fault.
  createPrivateKey(sdk.config.privateKey);
  const verifyKey = createPublicKey(sdk.config.alipayPublicKey);

  /**
   * The SDK's validateSign looks for the method's response key, so a correctly signed
   * `error_response` fails its check: read the raw answer and verify it here.
   */
  function fromRequestError(error: AlipayRequestError, method: string): Error {
    const causeName = String((error.cause as { name?: unknown } | undefined)?.name ?? '');
    if (/timeout/i.test(causeName))
      return new UpstreamError('UPSTREAM_TIMEOUT', UPSTREAM, `${method}: timed out`, error);
    const raw = error.responseDataRaw;
    if (raw === undefined)
      return new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${method}: unreachable`, error);
    // exec() reports a non-200 status only in its message ("HTTP 请求错误, status: 503").
    const status = error.responseHttpStatus ?? Number(/status: (\d{3})/.exec(error.message)?.[1] ?? 200);
    if (status >= 500) {
      return new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${method}: HTTP ${status}`, error);
    }
    const refusal = signedErrorResponse(raw);
    if (refusal)
      return refusalOf(
        { code: refusal.code, subCode: refusal.sub_code, subMsg: refusal.sub_msg, msg: refusal.msg },
        method,
      );
    return new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${method}: answer not trustworthy`, error);
  }

  /** The refusal in a signed `error_response` whose sign verifies over its raw inner text. */
  function signedErrorResponse(raw: string): z.infer<typeof Refusal> | undefined {
    const match = /^\s*\{"error_response":(\{.*\}),"sign":"([^"]*)"\}\s*$/s.exec(raw);
    if (!match) return undefined;
    const [, inner, sign] = match as unknown as [string, string, string];
    if (!createVerify('RSA-SHA256').update(inner, 'utf8').verify(verifyKey, sign, 'base64')) return undefined;
    const parsed = Refusal.safeParse(JSON.parse(inner));
    return parsed.success ? parsed.data : undefined;
  }

  async function exec(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    let result: Record<string, unknown>;
    try {
      result = await sdk.exec(method, params, { validateSign: true });
    } catch (error) {
      if (error instanceof AlipayRequestError) throw fromRequestError(error, method);
      // e.g. a success answer without `sign`: the SDK's verify throws a TypeError.
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${method}: unreadable answer`, error);
    }
    // exec() does not throw on business errors: a code other than 10000 is a refusal.
    if (typeof result.code === 'string' && result.code !== '10000') {
      throw refusalOf(result as { code: string; subCode?: string; subMsg?: string }, method);
    }
    return result;
  }

  return {
    async authCodeToUser(authCode) {
      const method = 'alipay.system.oauth.token';
      const answer = parseAnswer(
        TokenAnswer,
        await exec(method, { grantType: 'authorization_code', code: authCode }),
        method,
      );
      return {
        ...(answer.userId ? { userId: answer.userId } : {}),
        ...(answer.openId ? { openId: answer.openId } : {}),
      };
    },

    async startCertify({ outerOrderNo, name, idNumber, certType = 'IDENTITY_CARD', returnUrl }) {
      const method = 'alipay.user.certify.open.initialize';
      const answer = await exec(method, {
        bizContent: {
          outer_order_no: outerOrderNo,
          biz_code: 'FACE',
          identity_param: {
            identity_type: 'CERT_INFO',
            cert_type: certType,
            cert_name: name,
            cert_no: idNumber,
          },
          merchant_config: returnUrl ? { return_url: returnUrl } : {},
        },
      });
      const { certifyId } = parseAnswer(InitializeAnswer, answer, method);
      // The certify step is a page the phone opens: a signed gateway URL, no server call.
      const certifyUrl = sdk.pageExec('alipay.user.certify.open.certify', 'GET', {
        bizContent: { certify_id: certifyId },
      });
      return { certifyId, certifyUrl };
    },

    async queryCertify(certifyId) {
      const method = 'alipay.user.certify.open.query';
      const answer = parseAnswer(
        QueryAnswer,
        await exec(method, { bizContent: { certify_id: certifyId } }),
        method,
      );
      if (answer.passed === 'T') return 'pass';
      // Not passed and no reason: the user has not finished (or gave up) on the phone.
      return answer.failReason ? 'fail' : 'pending';
    },

    async sendTemplateMessage({ toUserId, toOpenId, templateId, page, data, formId }) {
      try {
        await exec('alipay.open.app.mini.templatemessage.send', {
          bizContent: {
            ...(toUserId ? { to_user_id: toUserId } : {}),
            ...(toOpenId ? { to_open_id: toOpenId } : {}),
            user_template_id: templateId,
            page,
            // data is a JSON string in this API (and stays clear of the SDK's key snake-casing).
            data: JSON.stringify(
              Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { value }])),
            ),
            ...(formId ? { form_id: formId } : {}),
          },
        });
        return { ok: true };
      } catch (error) {
        const reason = error instanceof AlipayError ? TEMPLATE_REFUSALS[error.subCode] : undefined;
        if (error instanceof AlipayError && reason)
          return { ok: false, reason, code: error.code, subCode: error.subCode };
        throw error;
      }
    },
  };
}
