// Refunds (`POST /v3/refund/domestic/refunds`, query `GET …/refunds/{out_refund_no}`): back to
// the payer's original account. A refund starts PROCESSING and succeeds a moment later
// (refundSettleMs); out_refund_no makes it safe to retry (the same request answers the same
// refund; different content is refused). Amounts must fit what was paid and not refunded.
import { Router } from '@koa/router';
import { z } from 'zod';

import { paramError, PayRefusal } from './errors';
import { rfc3339 } from './signing';
import { nextDigits, refundSettled, type PayRefund, type WechatPayState } from './state';

export const REFUND_PATHS = {
  create: '/v3/refund/domestic/refunds',
  byOutRefundNo: '/v3/refund/domestic/refunds/:outRefundNo',
} as const;

const OUT_REFUND_NO = /^[A-Za-z0-9_|*@-]{1,64}$/;

export const RefundSchema = z
  .object({
    transaction_id: z.string().min(1).max(32).optional(),
    out_trade_no: z.string().min(1).max(32).optional(),
    out_refund_no: z.string().regex(OUT_REFUND_NO),
    reason: z.string().max(80).optional(),
    notify_url: z.url().max(256).optional(),
    amount: z.object({
      refund: z.number().int().min(1),
      total: z.number().int().min(1),
      currency: z.literal('CNY'),
    }),
  })
  .refine((input) => input.transaction_id || input.out_trade_no, 'transaction_id 与 out_trade_no 二选一');

function refundView(refund: PayRefund): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successAt ? { success_time: rfc3339(refund.successAt) } : {}),
    create_time: rfc3339(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.totalFen,
      refund: refund.refundFen,
      payer_total: refund.totalFen,
      payer_refund: refund.refundFen,
      settlement_refund: refund.refundFen,
      settlement_total: refund.totalFen,
      discount_refund: 0,
      currency: 'CNY',
    },
  };
}

export function createRefundsRouter(state: WechatPayState): Router {
  const router = new Router();

  router.post(REFUND_PATHS.create, (ctx) => {
    const parsed = RefundSchema.safeParse((ctx.request as { body?: unknown }).body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw paramError(issue?.path.join('.') || 'body', issue?.message ?? '格式不正确');
    }
    const input = parsed.data;
    const order = [...state.orders.values()].find(
      (candidate) =>
        (input.out_trade_no !== undefined && candidate.outTradeNo === input.out_trade_no) ||
        (input.transaction_id !== undefined && candidate.transactionId === input.transaction_id),
    );
    if (!order) throw new PayRefusal(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const earlier = state.refunds.get(input.out_refund_no);
    if (earlier) {
      if (earlier.outTradeNo !== order.outTradeNo || earlier.refundFen !== input.amount.refund)
        throw new PayRefusal(400, 'INVALID_REQUEST', '退款单号已存在，且与本次请求的内容不一致');
      ctx.body = refundView(refundSettled(state, earlier));
      return;
    }
    if (!order.transactionId || (order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND'))
      throw new PayRefusal(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (input.amount.total !== order.totalFen)
      throw new PayRefusal(400, 'PARAM_ERROR', '订单金额 total 与原订单金额不一致', {
        field: 'amount.total',
        location: 'body',
      });
    if (input.amount.refund > order.totalFen - order.refundedFen)
      throw new PayRefusal(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const refund: PayRefund = {
      refundId: nextDigits(state, '50', 29),
      outRefundNo: input.out_refund_no,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId,
      reason: input.reason ?? '',
      refundFen: input.amount.refund,
      totalFen: order.totalFen,
      createdAt: state.now(),
      status: 'PROCESSING',
    };
    state.refunds.set(refund.outRefundNo, refund);
    order.refundedFen += refund.refundFen;
    order.tradeState = 'REFUND';
    ctx.body = refundView(refund);
  });

  router.get(REFUND_PATHS.byOutRefundNo, (ctx) => {
    const outRefundNo = ctx.params.outRefundNo ?? '';
    const refund = OUT_REFUND_NO.test(outRefundNo) ? state.refunds.get(outRefundNo) : undefined;
    if (!refund) throw new PayRefusal(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    ctx.body = refundView(refundSettled(state, refund));
  });

  return router;
}
