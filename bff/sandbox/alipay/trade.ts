// 统一收单 for a mini-program (PROTOCOL.md §8): alipay.trade.create (JSAPI_PAY → trade_no, which
// the phone pays with my.tradePay), .query, .close and .refund, with Alipay's fields, states
// (WAIT_BUYER_PAY → TRADE_SUCCESS, or TRADE_CLOSED when closed, timed out or fully refunded)
// and sub_codes (ACQ.TRADE_HAS_SUCCESS, ACQ.TRADE_HAS_CLOSE, ACQ.TRADE_NOT_EXIST, …).
// notify_url comes with each create (a common parameter); the notifier sends to it.
import { fenToYuan, yuanToFen } from '@ybm/shared';

import { AlipayRefusal } from './errors';
import type { MethodHandler } from './gateway';
import { chinaTime } from './oauth';
import type { AlipayState } from './state';
import type { Trade } from './trade-state';

const OUT_TRADE_NO = /^[A-Za-z0-9_]{1,64}$/;
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;
/** The default pay window of a JSAPI trade when the merchant sets none. */
const DEFAULT_TIMEOUT_MS = 90 * 60_000;

const acq = (subCode: string, subMsg: string) => new AlipayRefusal('40004', subCode, subMsg);
const invalid = (what: string) => acq('ACQ.INVALID_PARAMETER', `参数无效：${what}`);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function amountFen(value: unknown, field: string): number {
  const raw = typeof value === 'number' ? value.toFixed(2) : text(value);
  if (!raw || !AMOUNT.test(raw)) throw invalid(field);
  const fen = yuanToFen(raw);
  if (fen < 1 || fen > 10_000_000_000) throw invalid(field);
  return fen;
}

/** timeout_express ("15m", "2h", "1d") or time_expire ("yyyy-MM-dd HH:mm:ss", Beijing). */
function expiryOf(state: AlipayState, biz: Record<string, unknown>): number {
  const express = text(biz.timeout_express);
  if (express) {
    const match = /^(\d{1,5})([mhd])$/.exec(express);
    if (!match) throw invalid('timeout_express');
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
    return state.now() + Number(match[1]) * unit;
  }
  const at = text(biz.time_expire);
  if (at) {
    const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(at);
    if (!match) throw invalid('time_expire');
    const [y, M, d, h, m, s] = match.slice(1).map(Number) as number[];
    return Date.UTC(y!, M! - 1, d!, h!, m!, s!) - 8 * 3_600_000;
  }
  return state.now() + DEFAULT_TIMEOUT_MS;
}

/** A trade as it is now: an unpaid one past its pay window is closed by Alipay. */
export function tradeNow(state: AlipayState, trade: Trade): Trade {
  if (trade.status === 'WAIT_BUYER_PAY' && state.now() >= trade.expiresAt) {
    trade.status = 'TRADE_CLOSED';
    trade.closedAt = trade.expiresAt;
    state.trades.onSettled?.(trade);
  }
  return trade;
}

export function findTrade(state: AlipayState, biz: Record<string, unknown>): Trade {
  const tradeNo = text(biz.trade_no);
  const outTradeNo = text(biz.out_trade_no);
  if (!tradeNo && !outTradeNo)
    throw acq('ACQ.INVALID_PARAMETER', '参数无效：out_trade_no 与 trade_no 不能同时为空');
  const trade = tradeNo
    ? [...state.trades.trades.values()].find((t) => t.tradeNo === tradeNo)
    : state.trades.trades.get(outTradeNo!);
  if (!trade || (outTradeNo && trade.outTradeNo !== outTradeNo))
    throw acq('ACQ.TRADE_NOT_EXIST', '交易不存在');
  return tradeNow(state, trade);
}

/** Masked like Alipay's buyer_logon_id: 138******88 style. */
const logonId = (trade: Trade) => {
  const who = trade.buyerId ?? trade.buyerOpenId ?? '';
  return `${who.slice(0, 3)}***${who.slice(-2)}`;
};

const buyer = (trade: Trade) =>
  trade.buyerId ? { buyer_user_id: trade.buyerId } : { buyer_open_id: trade.buyerOpenId };

export function tradeMethods(state: AlipayState): Record<string, MethodHandler> {
  const book = state.trades;
  const nextTradeNo = () => {
    book.serial += 1;
    // 28 digits like Alipay's: the date, then a serial and random digits.
    const day = chinaTime(state.now()).slice(0, 10).replace(/-/g, '');
    return `${day}22${String(book.serial).padStart(6, '0')}${parseInt(state.randomHex(6), 16)}`
      .padEnd(28, '0')
      .slice(0, 28);
  };

  return {
    'alipay.trade.create': ({ params, biz }) => {
      const outTradeNo = text(biz.out_trade_no);
      if (!outTradeNo || !OUT_TRADE_NO.test(outTradeNo)) throw invalid('out_trade_no');
      const totalFen = amountFen(biz.total_amount, 'total_amount');
      const subject = text(biz.subject);
      if (!subject || subject.length > 256) throw invalid('subject');
      const productCode = text(biz.product_code) ?? 'JSAPI_PAY';
      if (productCode !== 'JSAPI_PAY') throw invalid('product_code');
      const buyerId = text(biz.buyer_id);
      const buyerOpenId = text(biz.buyer_open_id);
      if (!buyerId === !buyerOpenId) throw invalid('buyer_id 与 buyer_open_id 须且仅须填写一个');
      const expiresAt = expiryOf(state, biz);
      const existing = book.trades.get(outTradeNo);
      if (existing) {
        tradeNow(state, existing);
        if (existing.status === 'TRADE_SUCCESS' || existing.status === 'TRADE_FINISHED')
          throw acq('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
        if (existing.status === 'TRADE_CLOSED') throw acq('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
        const same =
          existing.totalFen === totalFen &&
          existing.subject === subject &&
          existing.buyerId === buyerId &&
          existing.buyerOpenId === buyerOpenId;
        if (!same) throw acq('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
        return {
          fields: { code: '10000', msg: 'Success', out_trade_no: outTradeNo, trade_no: existing.tradeNo },
        };
      }
      const trade: Trade = {
        outTradeNo,
        tradeNo: nextTradeNo(),
        totalFen,
        subject,
        ...(buyerId ? { buyerId } : { buyerOpenId: buyerOpenId! }),
        productCode,
        ...(text(params.notify_url) ? { notifyUrl: params.notify_url } : {}),
        status: 'WAIT_BUYER_PAY',
        createdAt: state.now(),
        expiresAt,
        refunds: new Map(),
        refundedFen: 0,
        payerActions: [],
      };
      book.trades.set(outTradeNo, trade);
      return { fields: { code: '10000', msg: 'Success', out_trade_no: outTradeNo, trade_no: trade.tradeNo } };
    },

    'alipay.trade.query': ({ biz }) => {
      const trade = findTrade(state, biz);
      // A trade closed by a full refund was still paid: it keeps its payment's fields.
      const paid = trade.paidAt !== undefined;
      return {
        fields: {
          code: '10000',
          msg: 'Success',
          trade_no: trade.tradeNo,
          out_trade_no: trade.outTradeNo,
          buyer_logon_id: logonId(trade),
          trade_status: trade.status,
          total_amount: fenToYuan(trade.totalFen),
          ...(paid
            ? {
                buyer_pay_amount: fenToYuan(trade.totalFen),
                receipt_amount: fenToYuan(trade.totalFen),
                send_pay_date: chinaTime(trade.paidAt ?? trade.createdAt),
              }
            : {}),
          ...buyer(trade),
        },
      };
    },

    'alipay.trade.close': ({ biz }) => {
      const trade = findTrade(state, biz);
      if (trade.status !== 'WAIT_BUYER_PAY') throw acq('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      trade.status = 'TRADE_CLOSED';
      trade.closedAt = state.now();
      book.onSettled?.(trade);
      return {
        fields: { code: '10000', msg: 'Success', trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo },
      };
    },

    'alipay.trade.refund': ({ biz }) => {
      const trade = findTrade(state, biz);
      const refundFen = amountFen(biz.refund_amount, 'refund_amount');
      const outRequestNo = text(biz.out_request_no) ?? trade.outTradeNo;
      if (outRequestNo.length > 64) throw invalid('out_request_no');
      const answer = (fundChange: 'Y' | 'N') => ({
        fields: {
          code: '10000',
          msg: 'Success',
          trade_no: trade.tradeNo,
          out_trade_no: trade.outTradeNo,
          buyer_logon_id: logonId(trade),
          fund_change: fundChange,
          refund_fee: fenToYuan(trade.refundedFen),
          gmt_refund_pay: chinaTime(state.now()),
          ...buyer(trade),
        },
      });
      const earlier = trade.refunds.get(outRequestNo);
      // The same out_request_no again is the same refund: nothing moves a second time.
      if (earlier) {
        if (earlier.amountFen !== refundFen) throw invalid('同一退款请求号的退款金额与原请求不一致');
        return answer('N');
      }
      if (!trade.paidAt) throw acq('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      if (trade.status === 'TRADE_FINISHED') throw acq('ACQ.TRADE_HAS_FINISHED', '交易已结束');
      if (refundFen > trade.totalFen - trade.refundedFen)
        throw acq('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      trade.refunds.set(outRequestNo, { amountFen: refundFen, at: state.now() });
      trade.refundedFen += refundFen;
      // Refunded in full, the trade is closed.
      if (trade.refundedFen === trade.totalFen) {
        trade.status = 'TRADE_CLOSED';
        trade.closedAt = state.now();
      }
      return answer('Y');
    },
  };
}
