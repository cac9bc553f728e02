// What the platform's webhook deliveries say, in the BFF's words: a delivery read into its
// events (each kept as received, for the event store), each event's payload read with the
// protocol module's schema into a product-typed PlatformEvent, and the acknowledgement the
// platform waits for. Pure functions: the webhook service applies what they read.
import type { Bill, BillRefund, BillStatus, SettlementSplit } from '@ybm/shared';
import {
  BillCreated,
  BillRevoked,
  CodeTouched,
  EventDeliverySchema,
  RefundCompleted,
  SettlementCompleted,
  SettlementReinstated,
  SettlementReversed,
  SUCCESS_CODE,
  type EventData,
} from '@ybm/shared/protocol';

/** One event as the platform sent it (id, type, time, payload): what the event store keeps. */
export type ReceivedEvent = EventData;

/** Which part of a paid bill a refund was of. */
export type RefundType = 'ALL' | 'CASH' | 'HI';

/** A bill the hospital created for the person to pay online. */
export interface NewBill {
  billId: string;
  psnNo: string;
  /** The order's token, which paying and querying the bill need. */
  payToken: string;
  details: {
    institutionName: string;
    deptName?: string;
    doctorName?: string;
    items: { name: string; qty: number; priceFen: number; amountFen: number }[];
    totalFen: number;
    /** The platform's pre-settlement, with why the fund would pay nothing when it would not. */
    preSettled: Bill['preSettled'];
  };
  createdAt: string;
}

export type PlatformEvent =
  | {
      kind: 'code';
      psnNo: string;
      code: string;
      stage: 'scanned' | 'verified';
      at: string;
      institutionName?: string;
    }
  | {
      kind: 'settled';
      psnNo: string;
      code?: string;
      /** A bill paid online (6202), not a settlement at a counter. */
      online: boolean;
      settlement: SettlementSplit;
    }
  | {
      kind: 'reversed';
      psnNo: string;
      code?: string;
      at: string;
      /** corrected: a 2601 correction took it back rather than a reversal. */
      cause: 'reversed' | 'corrected';
      settlement: SettlementSplit;
    }
  | { kind: 'reinstated'; psnNo: string; code?: string; at: string; settlement: SettlementSplit }
  | { kind: 'bill'; bill: NewBill }
  | { kind: 'bill-status'; billId: string; psnNo: string; status: BillStatus }
  | {
      kind: 'refund';
      billId: string;
      psnNo: string;
      refundType: RefundType;
      totalFen: number;
      refund: BillRefund;
    }
  /** A type this BFF does not act on. */
  | { kind: 'other' };

/** The events of one delivery (one, or several under one signature); undefined when it is none. */
export function readDelivery(data: unknown): ReceivedEvent[] | undefined {
  const events = EventDeliverySchema.safeParse(data);
  return events.success ? events.data : undefined;
}

/** The answer that tells the platform the delivery is stored (it resends until then). */
export function acknowledgement(fresh: boolean[]): { code: string; message: string } {
  const repeated = fresh.filter((isNew) => !isNew).length;
  return {
    code: SUCCESS_CODE,
    message:
      repeated === 0
        ? '成功'
        : repeated === fresh.length
          ? '重复事件，已忽略'
          : `成功，其中 ${repeated} 条重复已忽略`,
  };
}

/** The event in the BFF's words, or 'unreadable' when its payload is not the shape its type has. */
export function readEvent(event: ReceivedEvent): PlatformEvent | 'unreadable' {
  switch (event.type) {
    case 'code.scanned':
    case 'code.verified': {
      const parsed = CodeTouched.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, institutionName, at } = parsed.data;
      const stage = event.type === 'code.scanned' ? 'scanned' : 'verified';
      return { kind: 'code', psnNo, code, stage, at, ...(institutionName ? { institutionName } : {}) };
    }
    case 'settlement.completed': {
      const parsed = SettlementCompleted.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, kind, ...settlement } = parsed.data;
      return { kind: 'settled', psnNo, ...(code ? { code } : {}), online: kind === 'mobile', settlement };
    }
    case 'settlement.reversed': {
      const parsed = SettlementReversed.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, kind: _kind, reversedAt, cause, ...settlement } = parsed.data;
      return { kind: 'reversed', psnNo, ...(code ? { code } : {}), at: reversedAt, cause, settlement };
    }
    case 'settlement.reinstated': {
      const parsed = SettlementReinstated.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, kind: _kind, reinstatedAt, ...settlement } = parsed.data;
      return { kind: 'reinstated', psnNo, ...(code ? { code } : {}), at: reinstatedAt, settlement };
    }
    case 'bill.created': {
      const parsed = BillCreated.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const bill = parsed.data;
      return {
        kind: 'bill',
        bill: {
          billId: bill.payOrdId,
          psnNo: bill.psnNo,
          payToken: bill.payToken,
          createdAt: bill.createdAt,
          details: {
            institutionName: bill.institutionName,
            ...(bill.deptName ? { deptName: bill.deptName } : {}),
            ...(bill.doctorName ? { doctorName: bill.doctorName } : {}),
            items: bill.items,
            totalFen: bill.totalFen,
            preSettled: {
              fundFen: bill.fundFen,
              accountFen: bill.accountFen,
              cashFen: bill.cashFen,
              ...(bill.fundZeroReason ? { fundZeroReason: bill.fundZeroReason } : {}),
            },
          },
        },
      };
    }
    case 'bill.revoked': {
      const parsed = BillRevoked.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      return {
        kind: 'bill-status',
        billId: parsed.data.payOrdId,
        psnNo: parsed.data.psnNo,
        status: 'revoked',
      };
    }
    case 'refund.completed': {
      const parsed = RefundCompleted.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { payOrdId, psnNo, refdType, totalFen, fundFen, accountFen, cashFen, refundedAt } = parsed.data;
      // The platform's amounts must add up; a refund that does not is not one we can show.
      if (fundFen + accountFen + cashFen !== totalFen) return 'unreadable';
      return {
        kind: 'refund',
        billId: payOrdId,
        psnNo,
        refundType: refdType,
        totalFen,
        refund: { at: refundedAt, fundFen, accountFen, cashFen },
      };
    }
    default:
      return { kind: 'other' };
  }
}
