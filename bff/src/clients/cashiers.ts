// WeChat Pay and Alipay as the cash-payment service sees them (services/cash-platforms.ts):
// each adapter turns its platform's states and refusal codes into the product's — an order
// open, paid, closed or unknown; a refund done, processing or failed — so the service never
// reads a protocol field. A refusal nobody planned for (our request was wrong) is an
// UpstreamError: the service treats it as the platform being unusable right now.
import { UpstreamError } from '../errors';
import { AlipayError } from './alipay-gateway';
import { AlipayNotificationRejected, type AlipayTradeClient } from './alipay-trade';
import { WechatPayError, WechatPayNotificationRejected, type WechatPayClient } from './wechatpay';
import {
  CashNoticeRejected,
  CashOrderRefused,
  type CashOrderState,
  type CashPlatform,
  type CashRefundOutcome,
} from '../services/cash-platforms';

const unexpected = (upstream: string, error: { code: string; message: string }) =>
  new UpstreamError('UPSTREAM_BAD_RESPONSE', upstream, `refused: ${error.code} ${error.message}`, error);

export function wechatPayCashier(client: WechatPayClient): CashPlatform {
  const refusal = (error: unknown): never => {
    if (error instanceof WechatPayError) throw unexpected('wechatpay', error);
    throw error;
  };

  async function query(orderId: string): Promise<CashOrderState> {
    let transaction;
    try {
      transaction = await client.queryOrder(orderId);
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'ORDER_NOT_EXIST') return { state: 'unknown' };
      return refusal(error);
    }
    switch (transaction.trade_state) {
      case 'SUCCESS':
      case 'REFUND':
        return {
          state: 'paid',
          tradeNo: transaction.transaction_id ?? '',
          amountFen: transaction.amount.total,
          paidAt: transaction.success_time ?? '',
        };
      case 'NOTPAY':
      case 'USERPAYING':
        return { state: 'open' };
      default:
        // CLOSED, REVOKED, PAYERROR: this order will not take money.
        return { state: 'closed' };
    }
  }

  const refundOutcome = (refund: { status: string; refund_id: string }): CashRefundOutcome => {
    if (refund.status === 'SUCCESS') return { state: 'done', platformRefundId: refund.refund_id };
    if (refund.status === 'PROCESSING') return { state: 'processing', platformRefundId: refund.refund_id };
    return { state: 'failed', reason: `refund ${refund.status}` };
  };

  async function refund(input: Parameters<CashPlatform['refund']>[0]): Promise<CashRefundOutcome> {
    try {
      return refundOutcome(
        await client.refund({
          outTradeNo: input.orderId,
          outRefundNo: input.refundId,
          refundFen: input.amountFen,
          totalFen: input.totalFen,
          reason: input.reason,
        }),
      );
    } catch (error) {
      // These say the refund cannot be made as asked, whatever we retry.
      if (
        error instanceof WechatPayError &&
        ['INVALID_REQUEST', 'RESOURCE_NOT_EXISTS', 'PARAM_ERROR', 'USER_ACCOUNT_ABNORMAL'].includes(
          error.code,
        )
      )
        return { state: 'failed', reason: `${error.code} ${error.message}` };
      return refusal(error);
    }
  }

  return {
    provider: 'wechatpay',
    async place(order) {
      try {
        return await client.placeJsapiOrder({
          outTradeNo: order.orderId,
          description: order.description,
          amountFen: order.amountFen,
          openid: order.payer,
          notifyUrl: order.notifyUrl,
          expiresAt: order.expiresAt,
        });
      } catch (error) {
        if (error instanceof WechatPayError) {
          if (error.code === 'ORDERPAID') throw new CashOrderRefused('paid', error.message);
          if (error.code === 'ORDER_CLOSED') throw new CashOrderRefused('closed', error.message);
          if (error.code === 'OUT_TRADE_NO_USED') throw new CashOrderRefused('conflict', error.message);
        }
        return refusal(error);
      }
    },
    query,
    async close(orderId) {
      try {
        await client.closeOrder(orderId);
        return { state: 'closed' };
      } catch (error) {
        if (error instanceof WechatPayError && error.code === 'ORDERPAID') return query(orderId);
        if (error instanceof WechatPayError && error.code === 'ORDER_NOT_EXIST') return { state: 'unknown' };
        return refusal(error);
      }
    },
    refund,
    async refundStatus(input) {
      try {
        return refundOutcome(await client.queryRefund(input.refundId));
      } catch (error) {
        // Never made (its request was lost): make it now, under the same number.
        if (error instanceof WechatPayError && error.code === 'RESOURCE_NOT_EXISTS') return refund(input);
        return refusal(error);
      }
    },
    readNotice({ header, rawBody }) {
      let notification;
      try {
        notification = client.readNotification(header, rawBody);
      } catch (error) {
        if (error instanceof WechatPayNotificationRejected)
          throw new CashNoticeRejected(error.reason, error.message);
        throw error;
      }
      const { transaction } = notification;
      const paid = notification.eventType === 'TRANSACTION.SUCCESS' && transaction.trade_state === 'SUCCESS';
      return {
        notificationId: notification.id,
        orderId: transaction.out_trade_no,
        outcome: paid ? 'paid' : 'other',
        amountFen: transaction.amount.total,
        ...(transaction.transaction_id ? { tradeNo: transaction.transaction_id } : {}),
        ...(transaction.success_time ? { paidAt: transaction.success_time } : {}),
      };
    },
    phoneParams: (orderId, prepayId) => ({
      provider: 'wechatpay',
      orderId,
      params: client.paymentParams(prepayId),
    }),
  };
}

export function alipayCashier(trades: AlipayTradeClient): CashPlatform {
  const refusal = (error: unknown): never => {
    if (error instanceof AlipayError) {
      if (error.subCode === 'ACQ.SYSTEM_ERROR')
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'alipay', error.subCode, error);
      throw unexpected('alipay', { code: `${error.code} ${error.subCode}`, message: error.subMsg });
    }
    throw error;
  };
  const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

  async function query(orderId: string): Promise<CashOrderState> {
    let trade;
    try {
      trade = await trades.queryTrade(orderId);
    } catch (error) {
      if (error instanceof AlipayError && error.subCode === 'ACQ.TRADE_NOT_EXIST')
        return { state: 'unknown' };
      return refusal(error);
    }
    if (trade.status === 'WAIT_BUYER_PAY') return { state: 'open' };
    if (trade.status === 'TRADE_CLOSED' && trade.paidAt === undefined) return { state: 'closed' };
    // TRADE_SUCCESS / TRADE_FINISHED, or closed after a full refund: it was paid.
    return { state: 'paid', tradeNo: trade.tradeNo, amountFen: trade.totalFen, paidAt: iso(trade.paidAt) };
  }

  async function refund(input: Parameters<CashPlatform['refund']>[0]): Promise<CashRefundOutcome> {
    try {
      await trades.refund({
        outTradeNo: input.orderId,
        outRequestNo: input.refundId,
        refundFen: input.amountFen,
        reason: input.reason,
      });
      // Moved now, or moved by an earlier request under this out_request_no: done either way.
      return { state: 'done' };
    } catch (error) {
      if (error instanceof AlipayError && error.code === '40004' && error.subCode !== 'ACQ.SYSTEM_ERROR')
        return { state: 'failed', reason: `${error.subCode} ${error.subMsg}` };
      return refusal(error);
    }
  }

  return {
    provider: 'alipay',
    async place(order) {
      try {
        return await trades.createTrade({
          outTradeNo: order.orderId,
          amountFen: order.amountFen,
          subject: order.description,
          payer: order.payer,
          notifyUrl: order.notifyUrl,
          expiresAt: order.expiresAt,
        });
      } catch (error) {
        if (error instanceof AlipayError) {
          if (error.subCode === 'ACQ.TRADE_HAS_SUCCESS') throw new CashOrderRefused('paid', error.subMsg);
          if (error.subCode === 'ACQ.TRADE_HAS_CLOSE') throw new CashOrderRefused('closed', error.subMsg);
          if (error.subCode === 'ACQ.CONTEXT_INCONSISTENT')
            throw new CashOrderRefused('conflict', error.subMsg);
        }
        return refusal(error);
      }
    },
    query,
    async close(orderId) {
      try {
        await trades.closeTrade(orderId);
        return { state: 'closed' };
      } catch (error) {
        if (error instanceof AlipayError && error.subCode === 'ACQ.TRADE_STATUS_ERROR') return query(orderId);
        if (error instanceof AlipayError && error.subCode === 'ACQ.TRADE_NOT_EXIST')
          return { state: 'unknown' };
        return refusal(error);
      }
    },
    refund,
    // A refund under the same out_request_no is the same refund: asking again is how to look.
    refundStatus: refund,
    readNotice({ form }) {
      if (!form) throw new CashNoticeRejected('malformed', 'not a form');
      let notice;
      try {
        notice = trades.readNotification(form);
      } catch (error) {
        if (error instanceof AlipayNotificationRejected)
          throw new CashNoticeRejected(error.reason, error.message);
        throw error;
      }
      const paid = notice.status === 'TRADE_SUCCESS' || notice.status === 'TRADE_FINISHED';
      return {
        notificationId: notice.id,
        orderId: notice.outTradeNo,
        outcome: paid ? 'paid' : notice.status === 'TRADE_CLOSED' ? 'closed' : 'other',
        amountFen: notice.totalFen,
        tradeNo: notice.tradeNo,
        ...(paid ? { paidAt: iso(notice.paidAt) } : {}),
      };
    },
    phoneParams: (orderId, tradeNo) => ({ provider: 'alipay', orderId, tradeNO: tradeNo }),
  };
}
