// DEV CONTROLS — not part of WeChat Pay. They stand in for what the payer does in WeChat's
// cashier (wx.requestPayment: pay, or cancel), for time passing (an order past time_expire),
// and for what a tester needs around notifications (hold them, send one again, forge one,
// make the API busy). All live under /dev/pay/.
import { Router } from '@koa/router';
import { z } from 'zod';

import { parseDevBody } from '../lib/dev-input';
import { FORGERIES, type Notifier } from './notify';
import { nextDigits, type PayOrder, type WechatPayState } from './state';

export const HoldSchema = z.object({ hold: z.boolean() });
export const ForgeSchema = z.object({
  kind: z.enum(FORGERIES),
  /** The order the forgery is about; unknown_order needs none. */
  out_trade_no: z.string().min(1).max(32).optional(),
  /** Where to send it; the order's notify_url by default. */
  url: z.url().optional(),
});
export const BusySchema = z.object({ count: z.number().int().min(0).max(1000).default(1) });

const view = (order: PayOrder) => ({
  out_trade_no: order.outTradeNo,
  trade_state: order.tradeState,
  amount_fen: order.totalFen,
  openid: order.openid,
  expires_at: new Date(order.expiresAt).toISOString(),
  transaction_id: order.transactionId ?? null,
  payer_actions: order.payerActions,
  refunded_fen: order.refundedFen,
});

export function createDevRouter(state: WechatPayState, notifier: Notifier): Router {
  const router = new Router({ prefix: '/dev/pay' });

  const find = (outTradeNo: string | undefined) => state.orders.get(outTradeNo ?? '');
  /** 404 for an order this fake never took, 409 when the cashier could not take this step. */
  const refuse = (ctx: { status: number; body: unknown }, status: 404 | 409, error: string) => {
    ctx.status = status;
    ctx.body = { error };
  };

  router.get('/orders/:outTradeNo', (ctx) => {
    const order = find(ctx.params.outTradeNo);
    if (!order) return refuse(ctx, 404, 'unknown out_trade_no');
    ctx.body = view(order);
  });

  /** As the payer confirming wx.requestPayment: the order is paid and its notification sent. */
  router.post('/orders/:outTradeNo/pay', (ctx) => {
    const order = find(ctx.params.outTradeNo);
    if (!order) return refuse(ctx, 404, 'unknown out_trade_no');
    if (order.tradeState !== 'NOTPAY') return refuse(ctx, 409, `order is ${order.tradeState}`);
    if (state.now() >= order.expiresAt) return refuse(ctx, 409, 'order expired (time_expire passed)');
    order.payerActions.push({ action: 'pay', at: state.now() });
    order.tradeState = 'SUCCESS';
    order.transactionId = nextDigits(state, '42', 28);
    order.successAt = state.now();
    const delivery = notifier.paid(order);
    ctx.body = { ...view(order), notification_id: delivery.id };
  });

  /** As the payer closing WeChat's cashier without paying: the order stays NOTPAY. */
  router.post('/orders/:outTradeNo/cancel', (ctx) => {
    const order = find(ctx.params.outTradeNo);
    if (!order) return refuse(ctx, 404, 'unknown out_trade_no');
    order.payerActions.push({ action: 'cancel', at: state.now() });
    ctx.body = view(order);
  });

  /** Time passes: time_expire is now, so the payer can no longer pay (it stays NOTPAY until closed). */
  router.post('/orders/:outTradeNo/expire', (ctx) => {
    const order = find(ctx.params.outTradeNo);
    if (!order) return refuse(ctx, 404, 'unknown out_trade_no');
    order.expiresAt = Math.min(order.expiresAt, state.now());
    ctx.body = view(order);
  });

  /** Every notification sent or waiting, oldest first; `?out_trade_no=` narrows. */
  router.get('/notifications', (ctx) => {
    const no = typeof ctx.query.out_trade_no === 'string' ? ctx.query.out_trade_no : undefined;
    ctx.body = {
      held: state.holdNotifications,
      notifications: state.notifications
        .filter((d) => !no || d.outTradeNo === no)
        .map(({ id, outTradeNo, url, status, attempts }) => ({
          id,
          out_trade_no: outTradeNo,
          url,
          status,
          attempts,
        })),
    };
  });

  /** Holds notifications (they wait) or releases them (they go now). */
  router.post('/notifications/hold', async (ctx) => {
    state.holdNotifications = parseDevBody(HoldSchema, ctx).hold;
    if (!state.holdNotifications) await notifier.deliverDue();
    ctx.body = { held: state.holdNotifications };
  });

  /** Sends every pending notification now instead of on WeChat Pay's schedule. */
  router.post('/notifications/deliver', async (ctx) => {
    await notifier.deliverDue();
    ctx.body = { ok: true };
  });

  /** Sends a notification again, as WeChat Pay may: the same body under fresh signature headers. */
  router.post('/notifications/:id/replay', async (ctx) => {
    const delivery = state.notifications.find((d) => d.id === ctx.params.id);
    if (!delivery) return refuse(ctx, 404, 'unknown notification id');
    ctx.body = { status: await notifier.replay(delivery) };
  });

  /** Sends a forged notification; answers the merchant's HTTP status. */
  router.post('/notifications/forge', async (ctx) => {
    const input = parseDevBody(ForgeSchema, ctx);
    const order = input.kind === 'unknown_order' ? undefined : find(input.out_trade_no);
    if (!order && input.kind !== 'unknown_order') return refuse(ctx, 404, 'unknown out_trade_no');
    const url = input.url ?? order?.notifyUrl;
    if (!url) {
      ctx.status = 400;
      ctx.body = { error: 'url is required for unknown_order' };
      return;
    }
    ctx.body = { status: await notifier.forge(order, input.kind, url) };
  });

  /** The next `count` /v3 calls answer 500 SYSTEM_ERROR. */
  router.post('/busy', (ctx) => {
    state.busy = parseDevBody(BusySchema, ctx).count;
    ctx.body = { busy: state.busy };
  });

  return router;
}
