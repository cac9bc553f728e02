// What tests/platforms/hostile-input.test.ts sends to the fake WeChat, WeChat Pay and Alipay:
// one valid request per path (and per Alipay gateway method), what the fake requires of it, and
// the answer it gets. The fakes check their input by hand, as the platforms do; `accepts` is
// that check written as a schema — the platform's documented request as the fake enforces
// it — so the test knows which variants are in fact valid. The test reads each fake's paths
// off its routers: a path without a target here fails it.
//
// An answer is `ok`, `page` (a page for the phone), a WeChat errcode (`40029`), a WeChat Pay
// code (`ORDER_NOT_EXIST`), an Alipay sub_code (`isv.code-invalid`), or `http 404` from a /dev
// control.
import { yuanToFen } from '@ybm/shared';
import { z } from 'zod';

import {
  AuthCodeSchema,
  BusySchema as AlipayBusySchema,
  CertifyResultSchema,
  SubscriptionSchema as AlipaySubscriptionSchema,
} from '../../bff/sandbox/alipay/dev';
import {
  ForgeSchema as TradeForgeSchema,
  HoldSchema as TradeHoldSchema,
} from '../../bff/sandbox/alipay/trade-dev';
import {
  BusySchema,
  FaceResultSchema,
  HighRiskSchema,
  InvalidateSchema,
  LoginCodeSchema,
  SubscriptionSchema,
} from '../../bff/sandbox/wechat/dev';
import {
  BusySchema as PayBusySchema,
  ForgeSchema as PayForgeSchema,
  HoldSchema as PayHoldSchema,
} from '../../bff/sandbox/wechatpay/dev';
import { RefundSchema as PayRefundSchema } from '../../bff/sandbox/wechatpay/refunds';
import { parseRfc3339 } from '../../bff/sandbox/wechatpay/signing';
import { CloseSchema as PayCloseSchema, JsapiOrderSchema } from '../../bff/sandbox/wechatpay/transactions';

export type Answer = string;

export interface Target {
  /** As the fake registers it, `:name` parameters included. */
  path: string;
  method: 'get' | 'post';
  /** The path parameters of the valid request. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** What the fake requires of the query and the body (none: it reads no such input). */
  accepts: { query?: z.ZodType; body?: z.ZodType };
  answer: Answer;
  /** What a variant the fake accepts may also get, each for a reason. */
  mayAlsoGet?: Answer[];
}

const text = z.string().min(1);
/** The fakes read the first of a repeated query parameter. */
const first = (schema: z.ZodType) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), schema);

/** The values a WeChat run needs, known once the fake runs. */
export interface WechatValues {
  app: { appId: string; appSecret: string };
  accessToken: () => string;
  loginCode: string;
  openid: string;
  verifyId: string;
  certHash: string;
}

/** A subscribe message data key (`thing1`) and its value rule, as subscribe.ts checks them. */
const thingData = z.record(
  z.string().regex(/^thing\d+$/),
  z.object({ value: z.string().refine((v) => v.length > 0 && [...v].length <= 20) }),
);

export function wechatTargets(v: WechatValues): Target[] {
  const app = { appid: z.literal(v.app.appId), secret: z.literal(v.app.appSecret) };
  // These paths read access_token as given: repeated, it is no token.
  const token = () => z.object({ access_token: z.literal(v.accessToken()) });
  const certInfo = z.object({
    cert_type: z.literal('IDENTITY_CARD'),
    cert_name: text,
    cert_no: z.string().regex(/^\d{17}[\dX]$/),
  });
  return [
    {
      path: '/sns/jscode2session',
      method: 'get',
      query: {
        appid: v.app.appId,
        secret: v.app.appSecret,
        js_code: v.loginCode,
        grant_type: 'authorization_code',
      },
      accepts: {
        query: z.object({
          appid: first(app.appid),
          secret: first(app.secret),
          js_code: first(text),
          grant_type: first(z.literal('authorization_code')),
        }),
      },
      answer: 'ok',
      // The code is good once; other text is no code.
      mayAlsoGet: ['40163', '40029'],
    },
    {
      path: '/cgi-bin/stable_token',
      method: 'post',
      body: {
        grant_type: 'client_credential',
        appid: v.app.appId,
        secret: v.app.appSecret,
        force_refresh: false,
      },
      // force_refresh is read only when it is `true`.
      accepts: { body: z.object({ grant_type: z.literal('client_credential'), ...app }) },
      answer: 'ok',
    },
    {
      path: '/cityservice/face/identify/getverifyid',
      method: 'post',
      query: { access_token: '$token' },
      body: {
        openid: v.openid,
        out_seq_no: 'seq-1',
        cert_info: { cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '11010119900101123X' },
      },
      get accepts() {
        return { query: token(), body: z.object({ openid: text, out_seq_no: text, cert_info: certInfo }) };
      },
      answer: 'ok',
    },
    {
      path: '/cityservice/face/identify/queryverifyinfo',
      method: 'post',
      query: { access_token: '$token' },
      body: { openid: v.openid, out_seq_no: 'seq-1', verify_id: v.verifyId, cert_hash: v.certHash },
      get accepts() {
        return {
          query: token(),
          body: z.object({
            out_seq_no: text,
            verify_id: z.unknown(),
            openid: z.unknown(),
            cert_hash: z.unknown(),
          }),
        };
      },
      answer: 'ok',
      // Another verify_id, openid or cert_hash than the check's (invalid args, as WeChat says).
      mayAlsoGet: ['40097'],
    },
    {
      path: '/cgi-bin/message/subscribe/send',
      method: 'post',
      query: { access_token: '$token' },
      body: { touser: v.openid, template_id: 't', page: 'pages/pay/index', data: { thing1: { value: 'x' } } },
      get accepts() {
        return {
          query: token(),
          body: z.object({
            touser: z.string(),
            template_id: z.string(),
            page: z
              .string()
              .regex(/^\/?pages\/[\w-]+(\/[\w-]+)*(\?.*)?$/)
              .optional(),
            miniprogram_state: z.enum(['developer', 'trial', 'formal']).optional(),
            lang: z.enum(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']).optional(),
            data: thingData.refine((data) => Object.keys(data).length > 0),
          }),
        };
      },
      answer: 'ok',
      // Another openid is no user of the mini-program.
      mayAlsoGet: ['40003'],
    },
    { path: '/healthz', method: 'get', accepts: {}, answer: 'ok' },
    {
      path: '/dev/login-code',
      method: 'post',
      body: { openid: 'openid-dev' },
      accepts: { body: LoginCodeSchema },
      answer: 'ok',
    },
    {
      path: '/dev/face-result',
      method: 'post',
      body: { verify_id: v.verifyId, result: 'pass' },
      accepts: { body: FaceResultSchema },
      answer: 'ok',
      mayAlsoGet: ['http 404'],
    },
    {
      path: '/dev/subscription',
      method: 'post',
      body: { openid: v.openid, count: 1, long_term: false },
      accepts: { body: SubscriptionSchema },
      answer: 'ok',
    },
    { path: '/dev/messages', method: 'get', query: { touser: v.openid }, accepts: {}, answer: 'ok' },
    {
      path: '/dev/high-risk',
      method: 'post',
      body: { openid: 'openid-risky', high_risk: true },
      accepts: { body: HighRiskSchema },
      answer: 'ok',
    },
    { path: '/dev/busy', method: 'post', body: { count: 0 }, accepts: { body: BusySchema }, answer: 'ok' },
    {
      path: '/dev/access-token/invalidate',
      method: 'post',
      body: { reason: 'expired' },
      accepts: { body: InvalidateSchema },
      answer: 'ok',
    },
  ];
}

/** The values an Alipay run needs, known once the fake runs. */
export interface AlipayValues {
  appId: string;
  authCode: string;
  certifyId: string;
  userId: string;
}

/** One method of the Alipay gateway, signed with the app's key like alipay-sdk signs it. */
export interface GatewayMethod {
  method: string;
  /** Method parameters besides biz_content (oauth.token's grant_type and code). */
  params?: Record<string, string>;
  biz?: Record<string, unknown>;
  accepts: { params?: z.ZodType; biz?: z.ZodType };
  /** Opened by the phone (a signed GET URL), answered with a page. */
  page?: true;
  answer: Answer;
  mayAlsoGet?: Answer[];
}

const CERT_TYPES = [
  'IDENTITY_CARD',
  'HOME_VISIT_PERMIT_HK_MC',
  'HOME_VISIT_PERMIT_TAIWAN',
  'RESIDENCE_PERMIT_HK_MC',
  'RESIDENCE_PERMIT_TAIWAN',
] as const;

export function alipayMethods(v: AlipayValues & TradeValues): GatewayMethod[] {
  const certifyId = z.object({ certify_id: text });
  return [
    {
      method: 'alipay.system.oauth.token',
      params: { grant_type: 'authorization_code', code: v.authCode },
      accepts: { params: z.object({ grant_type: z.literal('authorization_code'), code: z.string() }) },
      answer: 'ok',
      // The code is good once; other text is no code.
      mayAlsoGet: ['isv.code-invalid'],
    },
    {
      method: 'alipay.user.certify.open.initialize',
      biz: {
        outer_order_no: 'ORDER1',
        biz_code: 'FACE',
        identity_param: {
          identity_type: 'CERT_INFO',
          cert_type: 'IDENTITY_CARD',
          cert_name: '张三',
          cert_no: '11010119900101123X',
        },
        merchant_config: { return_url: 'https://example.cn/back' },
      },
      accepts: {
        biz: z.object({
          outer_order_no: z.string().regex(/^[A-Za-z0-9]{1,32}$/),
          biz_code: z.enum(['FACE', 'CERT_PHOTO', 'CERT_PHOTO_FACE', 'SMART_FACE']),
          identity_param: z.object({
            identity_type: z.literal('CERT_INFO'),
            cert_type: z.enum(CERT_TYPES),
            cert_name: text,
            cert_no: text,
          }),
        }),
      },
      answer: 'ok',
      // A resident ID number must be 18 characters with its check digit's place.
      mayAlsoGet: ['CERT_NO_INVALID'],
    },
    {
      method: 'alipay.user.certify.open.certify',
      biz: { certify_id: v.certifyId },
      accepts: { biz: certifyId },
      page: true,
      answer: 'page',
      mayAlsoGet: ['CERTIFY_ID_NOT_EXIST'],
    },
    {
      method: 'alipay.user.certify.open.query',
      biz: { certify_id: v.certifyId },
      accepts: { biz: certifyId },
      answer: 'ok',
      mayAlsoGet: ['CERTIFY_ID_NOT_EXIST'],
    },
    {
      method: 'alipay.open.app.mini.templatemessage.send',
      biz: {
        to_user_id: v.userId,
        user_template_id: 'TPL1',
        page: 'pages/pay/index',
        data: '{"keyword1":{"value":"x"}}',
      },
      accepts: {
        biz: z
          .object({
            to_user_id: z.unknown().optional(),
            to_open_id: z.unknown().optional(),
            user_template_id: text,
            page: z.string().min(1).max(128),
            data: z.preprocess(
              (d) => {
                try {
                  return typeof d === 'string' ? JSON.parse(d) : d;
                } catch {
                  return undefined;
                }
              },
              z
                .record(
                  z.string(),
                  z.object({ value: z.string().refine((s) => s.length > 0 && [...s].length <= 50) }),
                )
                .refine((data) => Object.keys(data).length > 0),
            ),
          })
          .refine((biz) =>
            [biz.to_user_id, biz.to_open_id].some((to) => typeof to === 'string' && to.length > 0),
          ),
      },
      answer: 'ok',
      // Another user holds no subscription.
      mayAlsoGet: ['USER_NOT_SUBSCRIBED'],
    },
    ...tradeMethods(v),
  ];
}

export function alipayDevTargets(v: AlipayValues): Target[] {
  return [
    { path: '/healthz', method: 'get', accepts: {}, answer: 'ok' },
    {
      path: '/dev/auth-code',
      method: 'post',
      body: { user_id: '2088000000000001' },
      accepts: { body: AuthCodeSchema },
      answer: 'ok',
    },
    {
      path: '/dev/certify-result',
      method: 'post',
      body: { certify_id: v.certifyId, result: 'pass' },
      accepts: { body: CertifyResultSchema },
      answer: 'ok',
      mayAlsoGet: ['http 404'],
    },
    {
      path: '/dev/subscription',
      method: 'post',
      body: { user_id: v.userId, count: 1 },
      accepts: { body: AlipaySubscriptionSchema },
      answer: 'ok',
    },
    { path: '/dev/template-messages', method: 'get', query: { to: v.userId }, accepts: {}, answer: 'ok' },
    {
      path: '/dev/busy',
      method: 'post',
      body: { count: 0 },
      accepts: { body: AlipayBusySchema },
      answer: 'ok',
    },
  ];
}

/** A field the fake Alipay reads as text: there only as a non-empty string. */
const given = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
/** Read as text, and when there it must follow `rule`. */
const optionalText = (rule: (text: string) => boolean) =>
  z
    .unknown()
    .optional()
    .refine((v) => !given(v) || rule(v));
const requiredText = (rule: (text: string) => boolean) => z.unknown().refine((v) => given(v) && rule(v));
const YUAN = /^\d{1,10}(\.\d{1,2})?$/;
/** total_amount / refund_amount as the fake reads them: yuan (a number to two places), ¥0.01 and up. */
const yuanAmount = z.unknown().refine((v) => {
  const raw = typeof v === 'number' ? v.toFixed(2) : given(v) ? v : undefined;
  return raw !== undefined && YUAN.test(raw) && yuanToFen(raw) >= 1 && yuanToFen(raw) <= 10_000_000_000;
});
/** A trade named by trade_no or out_trade_no. */
const tradeRef = { trade_no: z.unknown().optional(), out_trade_no: z.unknown().optional() };
const namesTrade = (biz: { trade_no?: unknown; out_trade_no?: unknown }) =>
  given(biz.trade_no) || given(biz.out_trade_no);

/** The values an Alipay trades run needs: a trade left open, and a paid one. */
export interface TradeValues {
  /** Created by the create method as written, then queried and closed. */
  openTrade: string;
  /** Paid before the run, for refunds. */
  paidTrade: string;
}

/** 统一收单 (trade.ts): as written, create makes openTrade, query finds it, close closes it, refund refunds a cent of paidTrade. */
function tradeMethods(v: Pick<AlipayValues, 'userId'> & TradeValues): GatewayMethod[] {
  const find = z.object(tradeRef).refine(namesTrade);
  return [
    {
      method: 'alipay.trade.create',
      params: { notify_url: 'http://127.0.0.1:9/notify' },
      biz: {
        out_trade_no: v.openTrade,
        total_amount: '1.00',
        subject: '诊间支付-现金部分',
        product_code: 'JSAPI_PAY',
        buyer_id: v.userId,
        timeout_express: '15m',
      },
      accepts: {
        biz: z
          .object({
            out_trade_no: requiredText((text) => /^[A-Za-z0-9_]{1,64}$/.test(text)),
            total_amount: yuanAmount,
            subject: requiredText((text) => text.length <= 256),
            product_code: optionalText((text) => text === 'JSAPI_PAY'),
            timeout_express: optionalText((text) => /^\d{1,5}[mhd]$/.test(text)),
            time_expire: z.unknown().optional(),
            buyer_id: z.unknown().optional(),
            buyer_open_id: z.unknown().optional(),
          })
          .refine((biz) => given(biz.buyer_id) !== given(biz.buyer_open_id))
          // time_expire is read only without timeout_express.
          .refine(
            (biz) =>
              given(biz.timeout_express) ||
              !given(biz.time_expire) ||
              /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(biz.time_expire),
          ),
      },
      answer: 'ok',
      // The same out_trade_no with other content.
      mayAlsoGet: ['ACQ.CONTEXT_INCONSISTENT'],
    },
    {
      method: 'alipay.trade.query',
      biz: { out_trade_no: v.openTrade },
      accepts: { biz: find },
      answer: 'ok',
      mayAlsoGet: ['ACQ.TRADE_NOT_EXIST'],
    },
    {
      method: 'alipay.trade.close',
      biz: { out_trade_no: v.openTrade },
      accepts: { biz: find },
      answer: 'ok',
      // Closed already (or paid), or no such trade.
      mayAlsoGet: ['ACQ.TRADE_STATUS_ERROR', 'ACQ.TRADE_NOT_EXIST'],
    },
    {
      method: 'alipay.trade.refund',
      biz: { out_trade_no: v.paidTrade, refund_amount: '0.01', out_request_no: 'R1' },
      accepts: {
        biz: z
          .object({
            ...tradeRef,
            refund_amount: yuanAmount,
            out_request_no: optionalText((text) => text.length <= 64),
          })
          .refine(namesTrade),
      },
      answer: 'ok',
      // No such trade, an unpaid one, R1 again with another amount, or more than is left.
      mayAlsoGet: [
        'ACQ.TRADE_NOT_EXIST',
        'ACQ.TRADE_STATUS_ERROR',
        'ACQ.INVALID_PARAMETER',
        'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL',
      ],
    },
  ];
}

/** The fake Alipay's trade controls (trade-dev.ts): `devTrade` is left unpaid for them. */
export function alipayTradeDevTargets(
  v: TradeValues & { devTrade: string; notificationId: string },
): Target[] {
  const order = (action: string, trade = v.devTrade): Target => ({
    path: `/dev/trade/orders/:outTradeNo${action}`,
    method: action ? 'post' : 'get',
    params: { outTradeNo: trade },
    accepts: {},
    answer: 'ok',
    // Another trade: none (404), or one the payer cannot pay now (409).
    mayAlsoGet: ['http 404', 'http 409'],
  });
  return [
    order('', v.paidTrade),
    order('/pay'),
    order('/cancel'),
    order('/expire'),
    {
      path: '/dev/trade/notifications',
      method: 'get',
      query: { out_trade_no: v.paidTrade },
      accepts: {},
      answer: 'ok',
    },
    {
      path: '/dev/trade/notifications/hold',
      method: 'post',
      body: { hold: false },
      accepts: { body: TradeHoldSchema },
      answer: 'ok',
    },
    { path: '/dev/trade/notifications/deliver', method: 'post', accepts: {}, answer: 'ok' },
    {
      path: '/dev/trade/notifications/:id/replay',
      method: 'post',
      params: { id: v.notificationId },
      accepts: {},
      answer: 'ok',
      mayAlsoGet: ['http 404'],
    },
    {
      path: '/dev/trade/notifications/forge',
      method: 'post',
      body: { kind: 'stale', out_trade_no: v.paidTrade },
      accepts: { body: TradeForgeSchema },
      answer: 'ok',
      // No such trade; an unknown_order forgery with nowhere to send it.
      mayAlsoGet: ['http 404', 'http 400'],
    },
  ];
}

/** The values a WeChat Pay run needs, known once the fake runs. */
export interface WechatPayValues {
  mchid: string;
  appId: string;
  /** Placed by the JSAPI order as written, then queried and closed. */
  openOrder: string;
  /** Paid before the run, for refunds. */
  paidOrder: string;
  /** Placed before the run and left to the cashier's dev controls. */
  devOrder: string;
  /** The paid order's notification. */
  notificationId: string;
  notifyUrl: string;
}

/** WeChat Pay v3 (transactions.ts, refunds.ts) and its /dev/pay controls (dev.ts). */
export function wechatPayTargets(v: WechatPayValues): Target[] {
  const order = (action: string, outTradeNo = v.devOrder): Target => ({
    path: `/dev/pay/orders/:outTradeNo${action}`,
    method: action ? 'post' : 'get',
    params: { outTradeNo },
    accepts: {},
    answer: 'ok',
    mayAlsoGet: ['http 404', 'http 409'],
  });
  return [
    {
      path: '/v3/pay/transactions/jsapi',
      method: 'post',
      body: {
        appid: v.appId,
        mchid: v.mchid,
        description: '诊间支付-现金部分',
        out_trade_no: v.openOrder,
        notify_url: v.notifyUrl,
        amount: { total: 100, currency: 'CNY' },
        payer: { openid: 'openid-hostile' },
      },
      accepts: {
        body: JsapiOrderSchema.refine(
          (input) => input.time_expire === undefined || parseRfc3339(input.time_expire) !== undefined,
        ),
      },
      answer: 'ok',
      // Another merchant or app id than the merchant's; the same out_trade_no with other content.
      mayAlsoGet: ['MCH_NOT_EXISTS', 'APPID_MCHID_NOT_MATCH', 'OUT_TRADE_NO_USED'],
    },
    {
      path: '/v3/pay/transactions/out-trade-no/:outTradeNo',
      method: 'get',
      params: { outTradeNo: v.openOrder },
      query: { mchid: v.mchid },
      // The query reads mchid as given: repeated, it is no merchant id.
      accepts: { query: z.object({ mchid: z.string().min(1) }) },
      answer: 'ok',
      mayAlsoGet: ['MCH_NOT_EXISTS', 'ORDER_NOT_EXIST'],
    },
    {
      path: '/v3/pay/transactions/out-trade-no/:outTradeNo/close',
      method: 'post',
      params: { outTradeNo: v.openOrder },
      body: { mchid: v.mchid },
      accepts: { body: PayCloseSchema },
      answer: 'ok',
      mayAlsoGet: ['MCH_NOT_EXISTS', 'ORDER_NOT_EXIST', 'ORDERPAID'],
    },
    {
      path: '/v3/refund/domestic/refunds',
      method: 'post',
      body: {
        out_trade_no: v.paidOrder,
        out_refund_no: 'R1',
        reason: '医院退费',
        amount: { refund: 1, total: 100, currency: 'CNY' },
      },
      accepts: { body: PayRefundSchema },
      answer: 'ok',
      // No such order; R1 again with other content, or more than is left; a total not the order's.
      mayAlsoGet: ['RESOURCE_NOT_EXISTS', 'INVALID_REQUEST', 'PARAM_ERROR'],
    },
    {
      path: '/v3/refund/domestic/refunds/:outRefundNo',
      method: 'get',
      params: { outRefundNo: 'R1' },
      accepts: {},
      answer: 'ok',
      mayAlsoGet: ['RESOURCE_NOT_EXISTS'],
    },
    order('', v.paidOrder),
    order('/pay'),
    order('/cancel'),
    order('/expire'),
    {
      path: '/dev/pay/notifications',
      method: 'get',
      query: { out_trade_no: v.paidOrder },
      accepts: {},
      answer: 'ok',
    },
    {
      path: '/dev/pay/notifications/hold',
      method: 'post',
      body: { hold: false },
      accepts: { body: PayHoldSchema },
      answer: 'ok',
    },
    { path: '/dev/pay/notifications/deliver', method: 'post', accepts: {}, answer: 'ok' },
    {
      path: '/dev/pay/notifications/:id/replay',
      method: 'post',
      params: { id: v.notificationId },
      accepts: {},
      answer: 'ok',
      mayAlsoGet: ['http 404'],
    },
    {
      path: '/dev/pay/notifications/forge',
      method: 'post',
      body: { kind: 'stale', out_trade_no: v.paidOrder },
      accepts: { body: PayForgeSchema },
      answer: 'ok',
      mayAlsoGet: ['http 404', 'http 400'],
    },
    {
      path: '/dev/pay/busy',
      method: 'post',
      body: { count: 0 },
      accepts: { body: PayBusySchema },
      answer: 'ok',
    },
  ];
}
