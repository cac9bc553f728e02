// The cash part of a bill, paid through the person's own platform: the order the BFF places
// (and what the phone pays it with), where the payment stands when the phone comes back, and
// the H5 demo's simulated cashier. The phone's own callback is never proof of payment: only
// the BFF's answer here, made from the platform's signed word, is.
import '../zod-setup';
import { z } from 'zod';

import { BillSchema } from './bill';

/** Our order number at the platform (out_trade_no): letters and digits, as both platforms allow. */
export const CashOrderIdSchema = z.string().regex(/^[A-Za-z0-9]{6,32}$/);

export const CASH_PROVIDERS = ['wechatpay', 'alipay'] as const;
export const CashProviderSchema = z.enum(CASH_PROVIDERS);
export type CashProvider = z.infer<typeof CashProviderSchema>;

/** wx.requestPayment's parameters, signed by the merchant (PROTOCOL.md §8). */
export const WechatPayParamsSchema = z.object({
  timeStamp: z.string().regex(/^\d{1,12}$/),
  nonceStr: z.string().min(1).max(32),
  package: z.string().regex(/^prepay_id=\S+$/),
  signType: z.literal('RSA'),
  paySign: z.string().min(1),
});
export type WechatPayParams = z.infer<typeof WechatPayParamsSchema>;

export const CashPaymentSchema = z.discriminatedUnion('provider', [
  /** weapp: Taro.requestPayment(params). */
  z.object({ provider: z.literal('wechatpay'), orderId: CashOrderIdSchema, params: WechatPayParamsSchema }),
  /** alipay: my.tradePay({ tradeNO }). */
  z.object({ provider: z.literal('alipay'), orderId: CashOrderIdSchema, tradeNO: z.string().min(1).max(64) }),
  /** H5 demo: the simulated cashier sheet pays the order at the fake of `platform`. */
  z.object({
    provider: z.literal('dev'),
    orderId: CashOrderIdSchema,
    platform: CashProviderSchema,
    amountFen: z.number().int().positive(),
  }),
]);
export type CashPayment = z.infer<typeof CashPaymentSchema>;

export const CashOrderRequestSchema = z.object({
  /** 'dev': the H5 build's simulated cashier (only where the BFF's demo login is on). */
  cashier: z.literal('dev').optional(),
});
export type CashOrderRequest = z.infer<typeof CashOrderRequestSchema>;

export const CASH_STATES = [
  'unpaid', // no order waits for payment (none yet, or it was closed or expired): 去支付
  'open', // an order waits and the platform has not said it was paid
  'confirming', // the platform said paid; the insurance platform is being told
  'paid', // both parts are paid: 已支付
] as const;
export const CashStateSchema = z.enum(CASH_STATES);
export type CashState = z.infer<typeof CashStateSchema>;

export const CashStatusSchema = z.object({
  state: CashStateSchema,
  bill: BillSchema,
  /** The order waiting for payment, when there is one. */
  orderId: CashOrderIdSchema.optional(),
  /** True when the last order was closed or expired unpaid: say so and offer to pay again. */
  closed: z.boolean().default(false),
});
export type CashStatus = z.infer<typeof CashStatusSchema>;

export const CashOrderParamsSchema = z.object({ orderId: CashOrderIdSchema });

/** The H5 cashier sheet: the person pays, or cancels, at the fake of their platform. */
export const DevCashierRequestSchema = z.object({ result: z.enum(['pay', 'cancel']) });
export type DevCashierRequest = z.infer<typeof DevCashierRequestSchema>;
