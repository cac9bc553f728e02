// DEV CONTROLS — not part of Alipay. They stand in for what the payer does in Alipay's cashier
// (my.tradePay: pay, or cancel), for time passing (a trade past its pay window), and for what
// a tester needs around notifications (hold them, send one again, forge one). All live under
// /dev/trade/ (an outage of the gateway is /dev/busy, as for every other method).
import { Router } from '@koa/router';
import { z } from 'zod';

import { parseDevBody } from '../lib/dev-input';
import type { AlipayState } from './state';
import { tradeNow } from './trade';
import { TRADE_FORGERIES, type TradeNotifier } from './trade-notify';
import type { Trade } from './trade-state';

export const HoldSchema = z.object({ hold: z.boolean() });
export const ForgeSchema = z.object({
  kind: z.enum(TRADE_FORGERIES),
  out_trade_no: z.string().min(1).max(64).optional(),
  url: z.url().optional(),
});

const view = (trade: Trade) => ({
  out_trade_no: trade.outTradeNo,
  trade_no: trade.tradeNo,
  trade_status: trade.status,
  amount_fen: trade.totalFen,
  buyer: trade.buyerId ?? trade.buyerOpenId,
  expires_at: new Date(trade.expiresAt).toISOString(),
  payer_actions: trade.payerActions,
  refunded_fen: trade.refundedFen,
});

export function createTradeDevRouter(state: AlipayState, notifier: TradeNotifier): Router {
  const router = new Router({ prefix: '/dev/trade' });
  const book = state.trades;
  const find = (outTradeNo: string | undefined) => {
    const trade = book.trades.get(outTradeNo ?? '');
    return trade ? tradeNow(state, trade) : undefined;
  };
  const refuse = (ctx: { status: number; body: unknown }, status: 404 | 409, error: string) => {
    ctx.status = status;
    ctx.body = { error };
  };

  router.get('/orders/:outTradeNo', (ctx) => {
    const trade = find(ctx.params.outTradeNo);
    if (!trade) return refuse(ctx, 404, 'unknown out_trade_no');
    ctx.body = view(trade);
  });

  /** As the payer confirming my.tradePay (resultCode 9000): paid, and notified. */
  router.post('/orders/:outTradeNo/pay', (ctx) => {
    const trade = find(ctx.params.outTradeNo);
    if (!trade) return refuse(ctx, 404, 'unknown out_trade_no');
    if (trade.status !== 'WAIT_BUYER_PAY') return refuse(ctx, 409, `trade is ${trade.status}`);
    trade.payerActions.push({ action: 'pay', at: state.now() });
    trade.status = 'TRADE_SUCCESS';
    trade.paidAt = state.now();
    book.onSettled?.(trade);
    ctx.body = view(trade);
  });

  /** As the payer leaving my.tradePay (resultCode 6001): the trade still waits for payment. */
  router.post('/orders/:outTradeNo/cancel', (ctx) => {
    const trade = find(ctx.params.outTradeNo);
    if (!trade) return refuse(ctx, 404, 'unknown out_trade_no');
    trade.payerActions.push({ action: 'cancel', at: state.now() });
    ctx.body = view(trade);
  });

  /** Time passes: the pay window ends now, so Alipay closes the trade (TRADE_CLOSED, notified). */
  router.post('/orders/:outTradeNo/expire', (ctx) => {
    const trade = find(ctx.params.outTradeNo);
    if (!trade) return refuse(ctx, 404, 'unknown out_trade_no');
    trade.expiresAt = Math.min(trade.expiresAt, state.now());
    ctx.body = view(tradeNow(state, trade));
  });

  router.get('/notifications', (ctx) => {
    const no = typeof ctx.query.out_trade_no === 'string' ? ctx.query.out_trade_no : undefined;
    ctx.body = {
      held: book.holdNotifications,
      notifications: book.notifications
        .filter((n) => !no || n.outTradeNo === no)
        .map(({ id, outTradeNo, url, status, attempts, form }) => ({
          id,
          out_trade_no: outTradeNo,
          trade_status: form.trade_status,
          url,
          status,
          attempts,
        })),
    };
  });

  router.post('/notifications/hold', async (ctx) => {
    book.holdNotifications = parseDevBody(HoldSchema, ctx).hold;
    if (!book.holdNotifications) await notifier.deliverDue();
    ctx.body = { held: book.holdNotifications };
  });

  router.post('/notifications/deliver', async (ctx) => {
    await notifier.deliverDue();
    ctx.body = { ok: true };
  });

  router.post('/notifications/:id/replay', async (ctx) => {
    const notification = book.notifications.find((n) => n.id === ctx.params.id);
    if (!notification) return refuse(ctx, 404, 'unknown notification id');
    ctx.body = { status: await notifier.replay(notification) };
  });

  router.post('/notifications/forge', async (ctx) => {
    const input = parseDevBody(ForgeSchema, ctx);
    const trade = input.kind === 'unknown_order' ? undefined : find(input.out_trade_no);
    if (!trade && input.kind !== 'unknown_order') return refuse(ctx, 404, 'unknown out_trade_no');
    const url = input.url ?? trade?.notifyUrl;
    if (!url) {
      ctx.status = 400;
      ctx.body = { error: 'url is required (the trade has no notify_url)' };
      return;
    }
    ctx.body = await notifier.forge(trade, input.kind, url);
  });

  return router;
}
