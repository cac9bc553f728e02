// Alipay trades for the mini-program (统一收单, PROTOCOL.md §8) through the unmodified alipay-sdk:
// alipay.trade.create (JSAPI_PAY → trade_no for my.tradePay), .query, .close and .refund
// (out_request_no makes a refund safe to repeat), and the asynchronous notification, whose RSA2
// sign the SDK checks (checkNotifySignV2) before anything in it is read. Refusals come back as
// AlipayError (ACQ.* sub_codes), outages and timeouts as UpstreamError.
import { fenToYuan, yuanToFen } from '@ybm/shared';
import { z } from 'zod';

import { parseAnswer, type AlipayGateway } from './alipay-gateway';

/** How old a notification may be: Alipay resends for about 25 h; older ones are replays. */
export const NOTIFY_MAX_AGE_MS = 26 * 3600_000;
const FUTURE_SKEW_MS = 5 * 60_000;

const Amount = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/);
// exec() camelCases the answer's keys.
const CreateAnswer = z.object({ tradeNo: z.string().min(1).max(64), outTradeNo: z.string() });
const QueryAnswer = z.object({
  tradeNo: z.string().min(1),
  outTradeNo: z.string(),
  tradeStatus: z.enum(['WAIT_BUYER_PAY', 'TRADE_CLOSED', 'TRADE_SUCCESS', 'TRADE_FINISHED']),
  totalAmount: Amount,
  sendPayDate: z.string().optional(),
});
const RefundAnswer = z.object({
  tradeNo: z.string(),
  outTradeNo: z.string(),
  fundChange: z.enum(['Y', 'N']),
  refundFee: Amount,
});
const Notification = z.object({
  notify_id: z.string().min(1).max(128),
  notify_time: z.string(),
  notify_type: z.string(),
  app_id: z.string(),
  out_trade_no: z.string().min(1).max(64),
  trade_no: z.string().min(1).max(64),
  trade_status: z.enum(['WAIT_BUYER_PAY', 'TRADE_CLOSED', 'TRADE_SUCCESS', 'TRADE_FINISHED']),
  total_amount: Amount,
  gmt_payment: z.string().optional(),
});

export type AlipayTradeStatus = z.infer<typeof QueryAnswer>['tradeStatus'];

/** A notification that is not Alipay's genuine, current word about one of our trades. */
export class AlipayNotificationRejected extends Error {
  constructor(
    readonly reason: 'signature' | 'malformed' | 'not_ours' | 'stale',
    message: string,
  ) {
    super(message);
    this.name = 'AlipayNotificationRejected';
  }
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time, the gateway's format, both ways. */
export function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
export function parseChinaTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, M, d, h, m, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, M - 1, d, h, m, s) - 8 * 3600_000;
  return chinaTime(ms) === text ? ms : undefined;
}

/** Alipay's user ids are 2088 and twelve digits; anything else is an open_id. */
const buyerField = (payer: string) =>
  /^2088\d{12}$/.test(payer) ? { buyer_id: payer } : { buyer_open_id: payer };

export function createAlipayTradeClient(
  gateway: AlipayGateway,
  options: { appId: string; now: () => number },
) {
  return {
    async createTrade(trade: {
      outTradeNo: string;
      amountFen: number;
      subject: string;
      payer: string;
      notifyUrl: string;
      expiresAt: number;
    }): Promise<string> {
      const method = 'alipay.trade.create';
      const answer = await gateway.exec(method, {
        notifyUrl: trade.notifyUrl,
        bizContent: {
          out_trade_no: trade.outTradeNo,
          total_amount: fenToYuan(trade.amountFen),
          subject: trade.subject,
          product_code: 'JSAPI_PAY',
          op_app_id: options.appId,
          time_expire: chinaTime(trade.expiresAt),
          ...buyerField(trade.payer),
        },
      });
      return parseAnswer(CreateAnswer, answer, method).tradeNo;
    },

    async queryTrade(outTradeNo: string) {
      const method = 'alipay.trade.query';
      const answer = parseAnswer(
        QueryAnswer,
        await gateway.exec(method, { bizContent: { out_trade_no: outTradeNo } }),
        method,
      );
      return {
        tradeNo: answer.tradeNo,
        status: answer.tradeStatus,
        totalFen: yuanToFen(answer.totalAmount),
        ...(answer.sendPayDate ? { paidAt: parseChinaTime(answer.sendPayDate) } : {}),
      };
    },

    async closeTrade(outTradeNo: string): Promise<void> {
      await gateway.exec('alipay.trade.close', { bizContent: { out_trade_no: outTradeNo } });
    },

    /** Refunds `refundFen` once per out_request_no; repeated, it answers without moving money. */
    async refund(refund: { outTradeNo: string; outRequestNo: string; refundFen: number; reason: string }) {
      const method = 'alipay.trade.refund';
      const answer = parseAnswer(
        RefundAnswer,
        await gateway.exec(method, {
          bizContent: {
            out_trade_no: refund.outTradeNo,
            refund_amount: fenToYuan(refund.refundFen),
            out_request_no: refund.outRequestNo,
            refund_reason: refund.reason,
          },
        }),
        method,
      );
      return { moved: answer.fundChange === 'Y', refundedSoFarFen: yuanToFen(answer.refundFee) };
    },

    /** The asynchronous notification's form, checked: Alipay's sign, our app, not stale. */
    readNotification(form: Record<string, string>) {
      if (!gateway.checkNotifySign(form))
        throw new AlipayNotificationRejected('signature', 'notification sign does not verify');
      const parsed = Notification.safeParse(form);
      if (!parsed.success)
        throw new AlipayNotificationRejected('malformed', 'notification fields missing or unknown');
      const notice = parsed.data;
      if (notice.app_id !== options.appId)
        throw new AlipayNotificationRejected('not_ours', 'notification for another app');
      const at = parseChinaTime(notice.notify_time);
      const now = options.now();
      if (at === undefined || now - at > NOTIFY_MAX_AGE_MS || at - now > FUTURE_SKEW_MS)
        throw new AlipayNotificationRejected('stale', 'notify_time is too old or in the future');
      return {
        id: notice.notify_id,
        outTradeNo: notice.out_trade_no,
        tradeNo: notice.trade_no,
        status: notice.trade_status,
        totalFen: yuanToFen(notice.total_amount),
        ...(notice.gmt_payment ? { paidAt: parseChinaTime(notice.gmt_payment) } : {}),
      };
    },
  };
}

export type AlipayTradeClient = ReturnType<typeof createAlipayTradeClient>;
