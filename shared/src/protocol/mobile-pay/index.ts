// Mobile payment 62xx (PROTOCOL.md §3): a hospital's HIS uploads an in-consultation bill
// (6201), the person's side pays it (6202), and the HIS refunds (6203), reconciles (6301)
// or withdraws it (6401) — each at its own path, in the GM envelope.
import type { z } from 'zod';

import { PATHS } from '../paths';
import {
  PayOrderAnswer,
  QueryOrderAnswer,
  RefundOrderAnswer,
  RevokeOrderAnswer,
  UploadFeesAnswer,
} from './answers';
import { payOrder, queryOrder, refundOrder, revokeOrder, uploadFees } from './fields';

export const MOBILE_PAY_TRANSACTIONS = {
  '6201': { name: '费用明细上传', path: PATHS.uploadFees, input: uploadFees, answer: UploadFeesAnswer },
  '6202': { name: '支付下单', path: PATHS.payOrder, input: payOrder, answer: PayOrderAnswer },
  '6203': { name: '医保退费', path: PATHS.refundOrder, input: refundOrder, answer: RefundOrderAnswer },
  '6301': { name: '订单结算结果查询', path: PATHS.queryOrder, input: queryOrder, answer: QueryOrderAnswer },
  '6401': { name: '费用明细撤销', path: PATHS.revokeOrder, input: revokeOrder, answer: RevokeOrderAnswer },
} as const;
export type MobilePayInfno = keyof typeof MOBILE_PAY_TRANSACTIONS;

/** What a HIS sends (amounts as yuan strings or numbers). */
export type MobilePayRequest<N extends MobilePayInfno> = z.input<
  (typeof MOBILE_PAY_TRANSACTIONS)[N]['input']
>;
/** The request as the platform reads it (amounts in fen). */
export type MobilePayInput<N extends MobilePayInfno> = z.output<(typeof MOBILE_PAY_TRANSACTIONS)[N]['input']>;
/** The answer once parsed (amounts in fen). */
export type MobilePayAnswer<N extends MobilePayInfno> = z.output<
  (typeof MOBILE_PAY_TRANSACTIONS)[N]['answer']
>;

export { RefundRefusedData } from './answers';
export { describeIssues as describeMobilePayIssues, splitFields } from './fields';
export { ORD_STAS, ORD_STAS_NAMES, ORD_STAS_VALUES, type OrdStas } from './ord-stas';
export { MOBILE_PAY_REFUSALS, type MobilePayRefusalCode } from './refusals';
