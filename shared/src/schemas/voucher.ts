// Showing the code (展码) and following what the counter does with it: scanned →
// identity verified → settled, with the amount and its split on the phone — and, should the
// counter take it back, reversed (or reinstated by a correction of that reversal).
import '../zod-setup';
import { z } from 'zod';

import { BillPayerSchema, BillRefundSchema } from './bill';
import { AsOfSchema } from './common';
import { FundZeroReasonSchema } from './fund-reasons';
import { CareNoteSchema } from './services';

const Fen = z.number().int();

export const VoucherCodeSchema = z.object({
  /** The one-time code string the QR carries; single use, valid until expiresAt. */
  code: z.string().min(8).max(64),
  issuedAt: z.string(),
  expiresAt: z.string(),
  /** Pass to /voucher/events to hear only what happens after this code was issued. */
  cursor: z.number().int().nonnegative(),
  maskedName: z.string(),
  insuranceType: z.string(),
  regionName: z.string(),
});
export type VoucherCode = z.infer<typeof VoucherCodeSchema>;

export const SettlementSplitSchema = z.object({
  setlId: z.string(),
  totalFen: Fen,
  /** 医保统筹 */
  fundFen: Fen,
  /** 个人账户 */
  accountFen: Fen,
  /** 现金 */
  cashFen: Fen,
  balanceAfterFen: Fen.optional(),
  settledAt: z.string(),
  institutionName: z.string(),
  /** Why 医保统筹 paid nothing (丙类, 起付线, the region's rules, 封顶线); absent when it paid. */
  fundZeroReason: FundZeroReasonSchema,
});
export type SettlementSplit = z.infer<typeof SettlementSplitSchema>;

export const VOUCHER_EVENT_KINDS = ['scanned', 'verified', 'settled', 'reversed', 'reinstated'] as const;

export const VoucherEventSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(VOUCHER_EVENT_KINDS),
  code: z.string(),
  at: z.string(),
  institutionName: z.string().optional(),
  /**
   * settled, reversed, reinstated: the settlement's split, with the account's balance after
   * this event (after a reversal: with the account part back).
   */
  settlement: SettlementSplitSchema.optional(),
});
export type VoucherEvent = z.infer<typeof VoucherEventSchema>;

export const VoucherEventsQuerySchema = z.object({
  cursor: z.coerce.number().int().nonnegative(),
  /** Long-poll: how long to wait for something new (seconds, at most 25). */
  wait: z.coerce.number().int().min(0).max(25).default(25),
});

export const VoucherEventsSchema = z.object({
  cursor: z.number().int().nonnegative(),
  events: z.array(VoucherEventSchema),
});
export type VoucherEvents = z.infer<typeof VoucherEventsSchema>;

/** A six-digit SMS code typed by the person. */
export const SmsCodeSchema = z.object({ smsCode: z.string().regex(/^\d{6}$/) });

/**
 * A record's id: opaque (sealed by the BFF, URL-safe), stable for the record, good only for the
 * person it belongs to and their live guardians; it says nothing of the settlement behind it.
 */
const RecordId = z.string().regex(/^[A-Za-z0-9_-]{40,200}$/);

export const RecordSchema = z.object({
  recordId: z.string(),
  kind: z.enum(['pharmacy', 'outpatient', 'mobile']),
  status: z.enum(['settled', 'reversed']),
  /** How the person was identified at the counter. */
  medium: z.enum(['code', 'id_card', 'social_card', 'online']),
  totalFen: Fen,
  fundFen: Fen,
  accountFen: Fen,
  cashFen: Fen,
  balanceAfterFen: Fen.optional(),
  settledAt: z.string(),
  /** When the settlement was reversed (status 'reversed'). */
  reversedAt: z.string().optional(),
  institutionName: z.string(),
  regionName: z.string(),
  /** An online (mobile) settlement's refunds, oldest first. */
  refunds: z.array(BillRefundSchema).default([]),
  /** Why 医保统筹 paid nothing; absent when it paid. */
  fundZeroReason: FundZeroReasonSchema,
  /** 异地就医 (filed or not) and the institution's level, when they moved the ratios. */
  care: CareNoteSchema.optional(),
  /**
   * Who paid which part when not the record's own person alone, said to the viewer: 'you',
   * 'member' (the record's person), 'relative' — 家庭共济 from a guardian's account, or the cash
   * a guardian paid through their own WeChat Pay / Alipay.
   */
  paidBy: z.object({ account: BillPayerSchema.optional(), cash: BillPayerSchema.optional() }).optional(),
  /** The record's own page: what it was for, line by line, where the platform has the lines. */
  items: z
    .array(
      z.object({
        name: z.string(),
        /** 甲类 / 乙类 / 丙类 */
        className: z.string(),
        qty: z.number(),
        priceFen: Fen,
        amountFen: Fen,
        /** The person's own part of the line (丙 in full, 乙's first share, above a price limit). */
        selfPaidFen: Fen,
      }),
    )
    .optional(),
});
export type SettlementRecord = z.infer<typeof RecordSchema>;

export const RecordsQuerySchema = z.object({
  /** Where the page before ended: its nextBefore (opaque, like a record id). */
  before: RecordId.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Only this calendar month (Asia/Shanghai), YYYY-MM. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  /** A family member's records (亲情账户), by the memberId the family list gave. */
  member: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/)
    .optional(),
});

/** GET /records/:recordId?member=: with member, the record must be that member's. */
export const RecordQuerySchema = z.object({
  member: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/)
    .optional(),
});

/** One record, by the id the list gave (GET /records/:recordId). */
export const RecordParamsSchema = z.object({ recordId: RecordId });

export const RecordsPageSchema = z.object({
  records: z.array(RecordSchema),
  nextBefore: z.string().optional(),
  /** Present only while the platform is down: the last good copy of this first page, and when. */
  asOf: AsOfSchema.optional(),
});
export type RecordsPage = z.infer<typeof RecordsPageSchema>;
