// WeChat Pay merchant API v3 (直连商户, JSAPI for the mini-program): place an order, query it
// by out_trade_no, close it, refund it and query the refund; the phone's requestPayment
// parameters; and the payment notification, verified and decrypted. Every request is signed
// with the merchant key, every answer's platform signature is checked before it is read, and
// every call has a deadline. Refusals come back as WechatPayError (HTTP status + WeChat Pay's
// code), outages and unreadable or unsigned answers as UpstreamError.
// The base URL comes from config: https://api.mch.weixin.qq.com in production.
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';

import { z } from 'zod';

import { UpstreamError } from '../errors';
import { isTimeout } from './http';
import {
  authorization,
  decryptResource,
  paySign,
  platformSignatureProblem,
  type PlatformSignatureProblem,
} from './wechatpay-signing';

const UPSTREAM = 'wechatpay';

export interface WechatPayClientOptions {
  baseUrl: string;
  mchid: string;
  /** The mini-program's appid, bound to the merchant. */
  appId: string;
  /** The merchant API certificate's serial number. */
  serial: string;
  /** The merchant's private key, PKCS8 PEM. */
  privateKey: string;
  /** 32 characters: the AES-256-GCM key of notifications. */
  apiV3Key: string;
  /** The platform's public key (public-key mode), SPKI PEM, and its id (PUB_KEY_ID_…). */
  platformPublicKey: string;
  platformPublicKeyId: string;
  timeoutMs: number;
  now: () => number;
  fetch?: typeof fetch;
}

/** WeChat Pay answered, signed, and refused: e.g. 403 ORDERPAID, 404 ORDER_NOT_EXIST. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
    this.name = 'WechatPayError';
  }
}

/** A notification that is not WeChat Pay's genuine word about one of our payments. */
export class WechatPayNotificationRejected extends Error {
  constructor(
    readonly reason: PlatformSignatureProblem | 'malformed' | 'undecryptable' | 'not_ours',
    message: string,
  ) {
    super(message);
    this.name = 'WechatPayNotificationRejected';
  }
}

const Refusal = z.object({ code: z.string(), message: z.string().default('') });
const PrepayAnswer = z.object({ prepay_id: z.string().min(1).max(64) });
export const TransactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int(), payer_total: z.number().int().optional() }),
  payer: z.object({ openid: z.string().optional() }).optional(),
});
export type WechatPayTransaction = z.infer<typeof TransactionSchema>;
const RefundSchema = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
  success_time: z.string().optional(),
  amount: z.object({ refund: z.number().int(), total: z.number().int() }),
});
export type WechatPayRefund = z.infer<typeof RefundSchema>;
const NotificationSchema = z.object({
  id: z.string().min(1).max(64),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.literal('encrypt-resource'),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: z.string().min(1),
    nonce: z.string().min(1).max(64),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});

/** RFC 3339 in Beijing time, as WeChat Pay writes instants (time_expire). */
function rfc3339(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const nonce = () => randomBytes(16).toString('hex');

export function createWechatPayClient(options: WechatPayClientOptions) {
  // Parsing the keys now makes a bad one fail at start-up, not at the first payment.
  const keys = {
    mchid: options.mchid,
    serial: options.serial,
    privateKey: createPrivateKey(options.privateKey.trim()),
  };
  const platform = {
    publicKey: createPublicKey(options.platformPublicKey.trim()),
    publicKeyId: options.platformPublicKeyId,
  };
  const apiV3Key = Buffer.from(options.apiV3Key, 'utf8');
  if (apiV3Key.length !== 32) throw new Error('WeChat Pay APIv3 key must be 32 bytes');
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const nowS = () => Math.floor(options.now() / 1000);

  /** One signed call; the parsed JSON of a verified 2xx answer ('' for 204), or a typed error. */
  async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: authorization(keys, {
        method,
        url,
        body: text,
        timestamp: String(nowS()),
        nonce: nonce(),
      }),
      'user-agent': 'ybm-bff',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let answer: string;
    let header: (name: string) => string | undefined;
    try {
      const response = await doFetch(`${base}${url}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: text }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      answer = await response.text();
      header = (name) => response.headers.get(name) ?? undefined;
    } catch (error) {
      if (isTimeout(error)) throw new UpstreamError('UPSTREAM_TIMEOUT', UPSTREAM, `${url}: timed out`, error);
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${url}: unreachable`, error);
    }
    if (status >= 500)
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', UPSTREAM, `${url}: HTTP ${status}`, undefined, status);
    // Nothing unsigned is believed: not a success, not a refusal.
    const problem = platformSignatureProblem(platform, header, answer, nowS());
    if (problem) {
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        UPSTREAM,
        `${url}: answer signature ${problem}`,
        undefined,
        status,
      );
    }
    let json: unknown = undefined;
    if (answer !== '') {
      try {
        json = JSON.parse(answer);
      } catch (error) {
        throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${url}: not JSON`, error, status);
      }
    }
    if (status >= 200 && status < 300) return json ?? '';
    const refusal = Refusal.safeParse(json);
    if (!refusal.success)
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${url}: HTTP ${status}`, undefined, status);
    throw new WechatPayError(status, refusal.data.code, refusal.data.message);
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, `${what}: unexpected answer`);
    return parsed.data;
  }

  const byOutTradeNo = (outTradeNo: string) =>
    `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`;

  return {
    async placeJsapiOrder(order: {
      outTradeNo: string;
      description: string;
      amountFen: number;
      openid: string;
      notifyUrl: string;
      expiresAt: number;
    }): Promise<string> {
      const answer = await call('POST', '/v3/pay/transactions/jsapi', {
        appid: options.appId,
        mchid: options.mchid,
        description: order.description,
        out_trade_no: order.outTradeNo,
        time_expire: rfc3339(order.expiresAt),
        notify_url: order.notifyUrl,
        amount: { total: order.amountFen, currency: 'CNY' },
        payer: { openid: order.openid },
      });
      return parse(PrepayAnswer, answer, 'jsapi').prepay_id;
    },

    async queryOrder(outTradeNo: string): Promise<WechatPayTransaction> {
      const answer = await call(
        'GET',
        `${byOutTradeNo(outTradeNo)}?mchid=${encodeURIComponent(options.mchid)}`,
      );
      const transaction = parse(TransactionSchema, answer, 'query');
      if (transaction.out_trade_no !== outTradeNo || transaction.mchid !== options.mchid)
        throw new UpstreamError('UPSTREAM_BAD_RESPONSE', UPSTREAM, 'query: answer about another order');
      return transaction;
    },

    async closeOrder(outTradeNo: string): Promise<void> {
      await call('POST', `${byOutTradeNo(outTradeNo)}/close`, { mchid: options.mchid });
    },

    async refund(refund: {
      outTradeNo: string;
      outRefundNo: string;
      refundFen: number;
      totalFen: number;
      reason: string;
    }): Promise<WechatPayRefund> {
      const answer = await call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: refund.outTradeNo,
        out_refund_no: refund.outRefundNo,
        reason: refund.reason,
        amount: { refund: refund.refundFen, total: refund.totalFen, currency: 'CNY' },
      });
      return parse(RefundSchema, answer, 'refund');
    },

    async queryRefund(outRefundNo: string): Promise<WechatPayRefund> {
      const answer = await call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
      return parse(RefundSchema, answer, 'refund query');
    },

    /** What wx.requestPayment needs for a prepay_id, signed with the merchant key. */
    paymentParams(prepayId: string) {
      const fields = {
        appId: options.appId,
        timeStamp: String(nowS()),
        nonceStr: nonce(),
        package: `prepay_id=${prepayId}`,
      };
      return {
        timeStamp: fields.timeStamp,
        nonceStr: fields.nonceStr,
        package: fields.package,
        signType: 'RSA' as const,
        paySign: paySign(keys.privateKey, fields),
      };
    },

    /**
     * A notification POSTed to our notify_url: its platform signature over the raw body, its
     * freshness, and its resource decrypted under the APIv3 key. Throws
     * WechatPayNotificationRejected for anything that is not WeChat Pay's genuine word.
     */
    readNotification(headers: (name: string) => string | undefined, rawBody: string) {
      const problem = platformSignatureProblem(platform, headers, rawBody, nowS());
      if (problem) throw new WechatPayNotificationRejected(problem, `notification signature ${problem}`);
      let envelope: z.infer<typeof NotificationSchema>;
      try {
        envelope = NotificationSchema.parse(JSON.parse(rawBody));
      } catch {
        throw new WechatPayNotificationRejected('malformed', 'notification body is not the expected shape');
      }
      const plaintext = decryptResource(apiV3Key, envelope.resource);
      if (plaintext === undefined)
        throw new WechatPayNotificationRejected(
          'undecryptable',
          'resource does not open under the APIv3 key',
        );
      let transaction: WechatPayTransaction;
      try {
        transaction = TransactionSchema.parse(JSON.parse(plaintext));
      } catch {
        throw new WechatPayNotificationRejected('malformed', 'resource is not a transaction');
      }
      if (transaction.mchid !== options.mchid || transaction.appid !== options.appId)
        throw new WechatPayNotificationRejected('not_ours', 'notification for another merchant or app');
      return { id: envelope.id, eventType: envelope.event_type, transaction };
    },
  };
}

export type WechatPayClient = ReturnType<typeof createWechatPayClient>;
