// What each platform event changes in the BFF: the person's code stream, bills, the inbox
// and the push outbox. Pure mapping from an event to effects; the webhook applies them in
// the same transaction that stores the event (a refund there, against the bill as earlier
// refunds left it: services/refunds.ts).
import { formatYuan, type BillRefund, type BillStatus } from '@ybm/shared';
import {
  BillCreated,
  BillRevoked,
  CodeTouched,
  RefundCompleted,
  SettlementCompleted,
  SettlementReinstated,
  SettlementReversed,
  type EventData,
} from '@ybm/shared/src/protocol';
import type { z } from 'zod';

import type { AuditEntry } from '../store/audit';
import type { BillDetails } from '../store/bills';
import type { VoucherEventInput } from '../store/events';
import type { InboxEntry } from '../store/inbox';
import { billNotice } from './bill-notices';
import { reinstatementNotice, reversalNotice } from './settlement-notices';

export interface EventEffects {
  voucherEvent?: VoucherEventInput;
  bill?: { billId: string; psnNo: string; payToken: string; details: BillDetails; createdAt: string };
  billStatus?: { billId: string; status: BillStatus };
  /** A refund of this bill: the webhook adds it to the bill and writes the notice. */
  refund?: { billId: string; psnNo: string; refdType: 'ALL' | 'CASH' | 'HI'; refund: BillRefund };
  inbox?: Omit<InboxEntry, 'eventId'>;
  /** This person's bound platform users get a push about this bill. */
  notifyBill?: { billId: string; psnNo: string };
  /** Money moved for this person: a row in the audit trail. */
  audit?: AuditEntry;
}

type SettlementFields = Omit<z.output<typeof SettlementCompleted>, 'psnNo' | 'code' | 'kind'>;

/**
 * A settlement reversed or reinstated: a notice in the inbox, a row in the audit trail and,
 * when a code was behind it, an event on the phone's code stream (the code page follows it).
 */
function settlementChanged(change: {
  psnNo: string;
  code: string | undefined;
  at: string;
  settlement: SettlementFields;
  kind: 'reversed' | 'reinstated';
  inboxKind: 'reversal' | 'reinstatement';
  notice: { title: string; body: string };
  audit: { action: 'settlement.reversed' | 'settlement.reinstated'; cause?: string };
}): EventEffects {
  const { psnNo, code, at, settlement } = change;
  const { setlId, totalFen, fundFen, accountFen, cashFen } = settlement;
  const effects: EventEffects = {
    inbox: { psnNo, kind: change.inboxKind, ...change.notice, setlId, createdAt: at },
    audit: {
      action: change.audit.action,
      outcome: 'ok',
      psnNo,
      detail: {
        setlId,
        totalFen,
        fundFen,
        accountFen,
        cashFen,
        byCode: code !== undefined,
        ...(change.audit.cause ? { cause: change.audit.cause } : {}),
      },
    },
  };
  if (!code) return effects;
  return {
    ...effects,
    voucherEvent: {
      psnNo,
      code,
      kind: change.kind,
      institutionName: settlement.institutionName,
      at,
      settlement: { ...settlement },
    },
  };
}

export function effectsOf(event: EventData): EventEffects | 'unreadable' {
  switch (event.type) {
    case 'code.scanned':
    case 'code.verified': {
      const parsed = CodeTouched.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, institutionName, at } = parsed.data;
      const kind = event.type === 'code.scanned' ? 'scanned' : 'verified';
      return { voucherEvent: { psnNo, code, at, kind, ...(institutionName ? { institutionName } : {}) } };
    }
    case 'settlement.completed': {
      const parsed = SettlementCompleted.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, kind, ...settlement } = parsed.data;
      const { setlId, totalFen, fundFen, accountFen, cashFen } = settlement;
      const audit: AuditEntry = {
        action: 'settlement.received',
        outcome: 'ok',
        psnNo,
        detail: { setlId, totalFen, fundFen, accountFen, cashFen, byCode: code !== undefined },
      };
      const inbox = {
        psnNo,
        kind: 'settlement' as const,
        title: '医保结算成功',
        body:
          `${settlement.institutionName} 消费${formatYuan(settlement.totalFen)}：医保统筹支付${formatYuan(settlement.fundFen)}，` +
          `个人账户支付${formatYuan(settlement.accountFen)}，个人现金支付${formatYuan(settlement.cashFen)}`,
        setlId: settlement.setlId,
        createdAt: settlement.settledAt,
      };
      // A bill paid online: its own notice says so (worded from the bill's state), and the
      // person saw the result on the pay page — a second notice would only be one more to read.
      if (kind === 'mobile') return { audit };
      // Card and ID-card settlements have no code: they reach the records and the inbox only.
      if (!code) return { inbox, audit };
      return {
        inbox,
        audit,
        voucherEvent: {
          psnNo,
          code,
          kind: 'settled',
          institutionName: settlement.institutionName,
          at: settlement.settledAt,
          settlement: { ...settlement },
        },
      };
    }
    case 'settlement.reversed': {
      const parsed = SettlementReversed.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, kind: _kind, reversedAt, cause, ...settlement } = parsed.data;
      return settlementChanged({
        psnNo,
        code,
        at: reversedAt,
        settlement,
        kind: 'reversed',
        inboxKind: 'reversal',
        notice: reversalNotice(settlement, cause),
        audit: { action: 'settlement.reversed', cause },
      });
    }
    case 'settlement.reinstated': {
      const parsed = SettlementReinstated.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { psnNo, code, kind: _kind, reinstatedAt, ...settlement } = parsed.data;
      return settlementChanged({
        psnNo,
        code,
        at: reinstatedAt,
        settlement,
        kind: 'reinstated',
        inboxKind: 'reinstatement',
        notice: reinstatementNotice(settlement),
        audit: { action: 'settlement.reinstated' },
      });
    }
    case 'bill.created': {
      const parsed = BillCreated.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const bill = parsed.data;
      const details: BillDetails = {
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
      };
      return {
        bill: {
          billId: bill.payOrdId,
          psnNo: bill.psnNo,
          payToken: bill.payToken,
          createdAt: bill.createdAt,
          details,
        },
        // Worded again from the bill whenever the inbox is read (services/inbox.ts).
        inbox: {
          psnNo: bill.psnNo,
          kind: 'bill',
          ...billNotice({ status: 'unpaid', details, result: null }),
          billId: bill.payOrdId,
          createdAt: bill.createdAt,
        },
        notifyBill: { billId: bill.payOrdId, psnNo: bill.psnNo },
      };
    }
    case 'refund.completed': {
      const parsed = RefundCompleted.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      const { payOrdId, psnNo, refdType, totalFen, fundFen, accountFen, cashFen, refundedAt } = parsed.data;
      // The platform's amounts must add up; a refund that does not is not one we can show.
      if (fundFen + accountFen + cashFen !== totalFen) return 'unreadable';
      return {
        refund: {
          billId: payOrdId,
          psnNo,
          refdType,
          refund: { at: refundedAt, fundFen, accountFen, cashFen },
        },
        audit: {
          action: 'refund.received',
          outcome: 'ok',
          psnNo,
          detail: { billId: payOrdId, refdType, totalFen, fundFen, accountFen, cashFen },
        },
      };
    }
    case 'bill.revoked': {
      const parsed = BillRevoked.safeParse(event.payload);
      if (!parsed.success) return 'unreadable';
      return { billStatus: { billId: parsed.data.payOrdId, status: 'revoked' } };
    }
    default:
      return {};
  }
}
