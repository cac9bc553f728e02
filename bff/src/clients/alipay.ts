// The Alipay open platform through the official alipay-sdk (v4, key mode, RSA2): sign-in
// (alipay.system.oauth.token), identity verification (alipay.user.certify.open.*) and
// template messages. Every answer's signature is checked (validateSign); refusals come
// back as AlipayError with Alipay's code/sub_code, timeouts and outages as UpstreamError.
// The gateway comes from config: https://openapi.alipay.com/gateway.do in production.
import { z } from 'zod';

import { AlipayError, createAlipayGateway, parseAnswer, type AlipayGatewayOptions } from './alipay-gateway';

export { AlipayError } from './alipay-gateway';

export type AlipayClientOptions = AlipayGatewayOptions;

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

export function createAlipayClient(options: AlipayClientOptions): AlipayPlatform {
  const { sdk, exec } = createAlipayGateway(options);

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
