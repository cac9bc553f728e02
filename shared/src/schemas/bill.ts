// In-consultation payment (诊间支付): a bill the hospital pushed, paid online with medical
// insurance, and what of it was refunded; and the inbox (消息中心) where every bill,
// settlement, reversal and refund notice lands.
import '../zod-setup';
import { z } from 'zod';

import { FundZeroReasonSchema } from './fund-reasons';

const Fen = z.number().int();

export const BILL_STATUSES = [
  'unpaid', // 待支付
  'paying', // 支付中 (a payment is in flight)
  'awaiting_cash', // 医保已支付，待支付现金部分
  'paid', // 已支付
  'partly_refunded', // 部分退款: some of what was paid came back, not all
  'refunded', // 已退款: everything that was paid came back
  'revoked', // 医院已撤销
] as const;
export const BillStatusSchema = z.enum(BILL_STATUSES);
export type BillStatus = z.infer<typeof BillStatusSchema>;

export const BillItemSchema = z.object({
  name: z.string(),
  qty: z.number(),
  priceFen: Fen,
  amountFen: Fen,
});

export const BillSplitSchema = z.object({ fundFen: Fen, accountFen: Fen, cashFen: Fen });

/**
 * One refund, as the platform reported it: what went back to the pooled fund (统筹基金), to
 * the personal account (个人账户) and as cash to the way it was paid (原支付渠道).
 */
export const BillRefundSchema = BillSplitSchema.extend({ at: z.string() });
export type BillRefund = z.infer<typeof BillRefundSchema>;

export const BillPayerSchema = z.enum(['you', 'member', 'relative']);
export type BillPayer = z.infer<typeof BillPayerSchema>;

export const BillSchema = z.object({
  billId: z.string(),
  status: BillStatusSchema,
  institutionName: z.string(),
  deptName: z.string().optional(),
  doctorName: z.string().optional(),
  items: z.array(BillItemSchema),
  totalFen: Fen,
  /**
   * The split the platform pre-settled when the bill was created (with the personal account),
   * and why 医保统筹 pays nothing of it when it does not (the account does not change that).
   */
  preSettled: BillSplitSchema.extend({ fundZeroReason: FundZeroReasonSchema }),
  createdAt: z.string(),
  /** The final split, once paid. */
  result: BillSplitSchema.extend({
    setlId: z.string().optional(),
    /**
     * The balance after the payment of the personal account that paid (the bill's person's, or
     * with 家庭共济 the guardian's); shown only to someone who may see that account.
     */
    balanceAfterFen: Fen.optional(),
    paidAt: z.string(),
    /** A family member's bill: whose personal account paid its account part. */
    accountOf: z.enum(['member', 'guardian']).optional(),
  }).optional(),
  /** Every refund so far, oldest first; none until the hospital refunds something. */
  refunds: z.array(BillRefundSchema).default([]),
  /**
   * A family member's bill, seen by a guardian (亲情账户): whose it is, and whether the guardian
   * may pay its personal part from the guardian's own account (家庭共济).
   */
  forMember: z
    .object({ maskedName: z.string(), relationName: z.string(), mutualAid: z.boolean() })
    .optional(),
  /**
   * Who paid which part, said to the viewer, on a family member's bill or one a relative paid
   * part of: 'you', 'member' (the bill's own person), 'relative' (another family member).
   */
  paidBy: z.object({ account: BillPayerSchema.optional(), cash: BillPayerSchema.optional() }).optional(),
});
export type Bill = z.infer<typeof BillSchema>;

export const BillParamsSchema = z.object({ billId: z.string().regex(/^[A-Za-z0-9]{6,64}$/) });

export const PayBillSchema = z.object({
  /** Pay the personal-account part from the account (acctUsedFlag 1) or in cash (0). */
  useAccount: z.boolean(),
  /** SM2 ciphertext of the voucher password, made on the phone. */
  passwordCipher: z.string().regex(/^(04)?(?:[0-9a-fA-F]{2}){97,200}$/, 'not an SM2 ciphertext'),
  /** The phone's idempotency key: a retried or double-tapped pay returns the first result. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  /**
   * A family member's bill: whose personal account pays its account part — the member's own
   * (default), or the guardian's (家庭共济: employees, for a spouse, parent or child).
   */
  accountOf: z.enum(['member', 'guardian']).optional(),
});
export type PayBill = z.infer<typeof PayBillSchema>;

export const INBOX_KINDS = [
  'bill', // 诊间支付待缴费, then worded from the bill's state (已完成, 已退款, …)
  'settlement', // 医保结算成功
  'refund', // 退款
  'reversal', // 结算已撤销 (2103/2208, or a 2601 correction of a settlement)
  'reinstatement', // 结算已恢复 (a 2601 correction of a reversal)
] as const;

export const InboxMessageSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(INBOX_KINDS),
  title: z.string(),
  body: z.string(),
  billId: z.string().optional(),
  setlId: z.string().optional(),
  /** A bill notice: the bill's state now (the title and body are worded from it). */
  billStatus: BillStatusSchema.optional(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

export const InboxSchema = z.object({
  unread: z.number().int().nonnegative(),
  messages: z.array(InboxMessageSchema),
  nextBefore: z.number().int().optional(),
});
export type Inbox = z.infer<typeof InboxSchema>;

export const InboxQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const InboxParamsSchema = z.object({ id: z.coerce.number().int().positive() });
