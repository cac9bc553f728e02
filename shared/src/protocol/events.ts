// Events the platform pushes to the BFF's webhook, in the GM envelope signed with the
// platform's key: one event as {eventId, type, occurredAt, payload}, or several for one
// channel as {events: [...]} (up to 100). The BFF answers {code: "0"} once it has stored
// them. Payload schemas read what the BFF uses; fields the platform adds are passed over
// (settlements also carry fixmedinsCode, refunds appRefdSn and ordStas, …).
import '../zod-setup';
import { z } from 'zod';

import { FundZeroReasonSchema } from '../schemas/fund-reasons';

export const EVENT_TYPES = [
  'code.scanned',
  'code.verified',
  'settlement.completed',
  'settlement.reversed',
  'settlement.reinstated',
  'bill.created',
  'bill.revoked',
  'refund.completed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EventDataSchema = z.object({
  eventId: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  occurredAt: z.string().min(1),
  payload: z.record(z.string(), z.unknown()).default({}),
});
export type EventData = z.infer<typeof EventDataSchema>;

/** What one delivery carries: a single event, or several for one channel under one signature. */
export const EventDeliverySchema = z.union([
  EventDataSchema.transform((event) => [event]),
  z.object({ events: z.array(EventDataSchema).min(1).max(100) }).transform(({ events }) => events),
]);

const Fen = z.number().int();
export const SettlementCompleted = z.object({
  setlId: z.string(),
  psnNo: z.string(),
  code: z.string().optional(),
  /** pharmacy / outpatient at a counter, or mobile: a bill paid online (6202). */
  kind: z.string().optional(),
  institutionName: z.string().default(''),
  totalFen: Fen,
  fundFen: Fen,
  accountFen: Fen,
  cashFen: Fen,
  balanceAfterFen: Fen.optional(),
  settledAt: z.string(),
  /** Why the fund paid nothing, as the platform's code; the phone words it. */
  fundZeroReason: FundZeroReasonSchema,
});
// A settlement taken back (2103/2208/2601) or put back (2601 of a reversal): the settlement as
// it was, with the account's balance after this event.
export const SettlementReversed = SettlementCompleted.extend({
  reversedAt: z.string(),
  cause: z.enum(['reversed', 'corrected']).default('reversed'),
});
export const SettlementReinstated = SettlementCompleted.extend({ reinstatedAt: z.string() });
export const CodeTouched = z.object({
  code: z.string(),
  psnNo: z.string(),
  institutionName: z.string().optional(),
  at: z.string(),
});
export const BillCreated = z.object({
  payOrdId: z.string(),
  payToken: z.string(),
  psnNo: z.string(),
  institutionName: z.string().default(''),
  deptName: z.string().optional(),
  doctorName: z.string().optional(),
  items: z.array(z.object({ name: z.string(), qty: z.number(), priceFen: Fen, amountFen: Fen })).default([]),
  totalFen: Fen,
  fundFen: Fen.default(0),
  accountFen: Fen.default(0),
  cashFen: Fen.default(0),
  fundZeroReason: FundZeroReasonSchema,
  createdAt: z.string(),
});
export const RefundCompleted = z.object({
  payOrdId: z.string(),
  psnNo: z.string(),
  refdType: z.enum(['ALL', 'CASH', 'HI']),
  totalFen: Fen,
  // What went back to the fund, the account and as cash: the refund type alone does not say
  // (CASH may be part of the cash; two refunds may make up the whole).
  fundFen: Fen.nonnegative(),
  accountFen: Fen.nonnegative(),
  cashFen: Fen.nonnegative(),
  refundedAt: z.string(),
});
export const BillRevoked = z.object({ payOrdId: z.string(), psnNo: z.string() });

/** Each event type's payload. */
export const EVENT_PAYLOADS = {
  'code.scanned': CodeTouched,
  'code.verified': CodeTouched,
  'settlement.completed': SettlementCompleted,
  'settlement.reversed': SettlementReversed,
  'settlement.reinstated': SettlementReinstated,
  'bill.created': BillCreated,
  'bill.revoked': BillRevoked,
  'refund.completed': RefundCompleted,
} as const satisfies Record<EventType, z.ZodType>;
