// JSAPI orders (PROTOCOL.md §8): place (`POST /v3/pay/transactions/jsapi` → prepay_id; the
// same out_trade_no with the same content answers the same prepay_id), query by out_trade_no,
// and close. Fields, states and error codes are WeChat Pay's: NOTPAY / SUCCESS / CLOSED /
// REFUND; 403 ORDERPAID, 400 ORDER_CLOSED, 403 OUT_TRADE_NO_USED, 404 ORDER_NOT_EXIST.
import { Router } from '@koa/router';
import { z } from 'zod';

import { paramError, PayRefusal } from './errors';
import { parseRfc3339, rfc3339 } from './signing';
import { DEFAULT_EXPIRY_MS, randomText, type PayOrder, type WechatPayState } from './state';

export const TRANSACTION_PATHS = {
  jsapi: '/v3/pay/transactions/jsapi',
  byOutTradeNo: '/v3/pay/transactions/out-trade-no/:outTradeNo',
  close: '/v3/pay/transactions/out-trade-no/:outTradeNo/close',
} as const;

const OUT_TRADE_NO = /^[A-Za-z0-9_|*-]{6,32}$/;

export const JsapiOrderSchema = z.object({
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: z.string().min(1).max(127),
  out_trade_no: z.string().regex(OUT_TRADE_NO),
  time_expire: z.string().max(64).optional(),
  attach: z.string().max(128).optional(),
  notify_url: z.url().max(256),
  amount: z.object({
    total: z.number().int().min(1).max(100_000_000),
    currency: z.literal('CNY').default('CNY'),
  }),
  payer: z.object({ openid: z.string().min(1).max(128) }),
});
export const CloseSchema = z.object({ mchid: z.string().min(1).max(32) });

const TRADE_STATE_DESC: Record<PayOrder['tradeState'], string> = {
  NOTPAY: '未支付',
  SUCCESS: '支付成功',
  CLOSED: '已关闭',
  REFUND: '转入退款',
};

/** The transaction as the query answers it and as a notification's resource carries it. */
export function transactionOf(order: PayOrder): Record<string, unknown> {
  const paid = order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND';
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: order.tradeState,
    trade_state_desc: TRADE_STATE_DESC[order.tradeState],
    ...(paid ? { bank_type: 'OTHERS', success_time: rfc3339(order.successAt ?? order.createdAt) } : {}),
    attach: order.attach,
    payer: { openid: order.openid },
    amount: paid
      ? { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' }
      : { total: order.totalFen, currency: 'CNY' },
  };
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw paramError(issue?.path.join('.') || 'body', issue?.message ?? '格式不正确');
}

export function orderOf(state: WechatPayState, outTradeNo: string): PayOrder {
  const order = OUT_TRADE_NO.test(outTradeNo) ? state.orders.get(outTradeNo) : undefined;
  if (!order) throw new PayRefusal(404, 'ORDER_NOT_EXIST', '订单不存在');
  return order;
}

function requireMchid(state: WechatPayState, mchid: unknown, location: 'body' | 'query'): void {
  if (typeof mchid !== 'string' || mchid.length === 0) throw paramError('mchid', '必填', location);
  if (mchid !== state.options.mchid) throw new PayRefusal(400, 'MCH_NOT_EXISTS', '商户号不存在');
}

/** The same order again: the fields that make it this order, not the nonce of a retry. */
const sameContent = (order: PayOrder, input: z.output<typeof JsapiOrderSchema>) =>
  order.appid === input.appid &&
  order.description === input.description &&
  order.totalFen === input.amount.total &&
  order.openid === input.payer.openid &&
  order.notifyUrl === input.notify_url;

export function createTransactionsRouter(state: WechatPayState): Router {
  const router = new Router();

  router.post(TRANSACTION_PATHS.jsapi, (ctx) => {
    const input = parseBody(JsapiOrderSchema, (ctx.request as { body?: unknown }).body);
    requireMchid(state, input.mchid, 'body');
    if (!state.options.appIds.includes(input.appid))
      throw new PayRefusal(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');
    let expiresAt = state.now() + DEFAULT_EXPIRY_MS;
    if (input.time_expire !== undefined) {
      const parsed = parseRfc3339(input.time_expire);
      if (parsed === undefined) throw paramError('time_expire', '不是 rfc3339 格式的时间');
      expiresAt = parsed;
    }
    const existing = state.orders.get(input.out_trade_no);
    if (existing) {
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND')
        throw new PayRefusal(403, 'ORDERPAID', '该订单已支付');
      if (existing.tradeState === 'CLOSED') throw new PayRefusal(400, 'ORDER_CLOSED', '订单已关闭');
      if (!sameContent(existing, input))
        throw new PayRefusal(403, 'OUT_TRADE_NO_USED', '商户订单号重复，请核实商户订单号是否重复提交');
      ctx.body = { prepay_id: existing.prepayId };
      return;
    }
    const order: PayOrder = {
      appid: input.appid,
      mchid: input.mchid,
      outTradeNo: input.out_trade_no,
      description: input.description,
      notifyUrl: input.notify_url,
      attach: input.attach ?? '',
      totalFen: input.amount.total,
      openid: input.payer.openid,
      // Shaped like the real one: "wx" + time digits + random.
      prepayId: `wx${Math.floor(state.now() / 1000)}${randomText(state, 20)}`,
      expiresAt,
      createdAt: state.now(),
      tradeState: 'NOTPAY',
      payerActions: [],
      refundedFen: 0,
    };
    state.orders.set(order.outTradeNo, order);
    ctx.body = { prepay_id: order.prepayId };
  });

  router.get(TRANSACTION_PATHS.byOutTradeNo, (ctx) => {
    requireMchid(state, ctx.query.mchid, 'query');
    ctx.body = transactionOf(orderOf(state, ctx.params.outTradeNo ?? ''));
  });

  router.post(TRANSACTION_PATHS.close, (ctx) => {
    requireMchid(state, parseBody(CloseSchema, (ctx.request as { body?: unknown }).body).mchid, 'body');
    const order = orderOf(state, ctx.params.outTradeNo ?? '');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND')
      throw new PayRefusal(403, 'ORDERPAID', '订单已支付，不能发起关单');
    // Closing a closed order again changes nothing and answers the same.
    order.tradeState = 'CLOSED';
    ctx.status = 204;
  });

  return router;
}
