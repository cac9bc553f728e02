// What each platform event changes in the BFF: the person's code stream, bills, the inbox
// and the push outbox. Pure mapping from an event (read into the BFF's words by the insurance
// client) to effects; the webhook applies them in the same transaction that stores the event
// (a refund there, against the bill as earlier refunds left it: services/refunds.ts).
import { formatYuan, type BillRefund, type BillStatus, type SettlementSplit } from '@ybm/shared';

import {
  readEvent,
  type NewBill,
  type PlatformEvent,
  type ReceivedEvent,
  type RefundType,
} from '../clients/insurance/events';
import type { AuditEntry, InboxEntry, VoucherEventInput } from '../store/records';
import { billNotice } from './bill-notices';
import { reinstatementNotice, reversalNotice } from './settlement-notices';

export interface EventEffects {
  voucherEvent?: VoucherEventInput;
  bill?: NewBill;
  billStatus?: { billId: string; status: BillStatus };
  /** A refund of this bill: the webhook adds it to the bill and writes the notice. */
  refund?: { billId: string; psnNo: string; refdType: RefundType; refund: BillRefund };
  inbox?: Omit<InboxEntry, 'eventId'>;
  /** This person's bound platform users get a push about this bill. */
  notifyBill?: { billId: string; psnNo: string };
  /** Money moved for this person: a row in the audit trail. */
  audit?: AuditEntry;
}

/**
 * A settlement reversed or reinstated: a notice in the inbox, a row in the audit trail and,
 * when a code was behind it, an event on the phone's code stream (the code page follows it).
 */
function settlementChanged(change: {
  psnNo: string;
  code: string | undefined;
  at: string;
  settlement: SettlementSplit;
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

/** The effects of an event as the platform sent it; 'unreadable' when its payload is not its type's. */
export function effectsOf(event: ReceivedEvent): EventEffects | 'unreadable' {
  const read = readEvent(event);
  return read === 'unreadable' ? read : effectsOfEvent(read);
}

function effectsOfEvent(event: PlatformEvent): EventEffects {
  switch (event.kind) {
    case 'code': {
      const { psnNo, code, at, stage, institutionName } = event;
      return {
        voucherEvent: { psnNo, code, at, kind: stage, ...(institutionName ? { institutionName } : {}) },
      };
    }
    case 'settled': {
      const { psnNo, code, settlement } = event;
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
      if (event.online) return { audit };
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
          settlement,
        },
      };
    }
    case 'reversed': {
      const { psnNo, code, at, cause, settlement } = event;
      return settlementChanged({
        psnNo,
        code,
        at,
        settlement,
        kind: 'reversed',
        inboxKind: 'reversal',
        notice: reversalNotice(settlement, cause),
        audit: { action: 'settlement.reversed', cause },
      });
    }
    case 'reinstated': {
      const { psnNo, code, at, settlement } = event;
      return settlementChanged({
        psnNo,
        code,
        at,
        settlement,
        kind: 'reinstated',
        inboxKind: 'reinstatement',
        notice: reinstatementNotice(settlement),
        audit: { action: 'settlement.reinstated' },
      });
    }
    case 'bill': {
      const { bill } = event;
      return {
        bill,
        // Worded again from the bill whenever the inbox is read (services/inbox.ts).
        inbox: {
          psnNo: bill.psnNo,
          kind: 'bill',
          ...billNotice({ status: 'unpaid', details: bill.details, result: null }),
          billId: bill.billId,
          createdAt: bill.createdAt,
        },
        notifyBill: { billId: bill.billId, psnNo: bill.psnNo },
      };
    }
    case 'refund': {
      const { billId, psnNo, refundType, totalFen, refund } = event;
      const { fundFen, accountFen, cashFen } = refund;
      return {
        refund: { billId, psnNo, refdType: refundType, refund },
        audit: {
          action: 'refund.received',
          outcome: 'ok',
          psnNo,
          // refdType: the name the audit trail's rows have always used for the refund's type.
          detail: { billId, refdType: refundType, totalFen, fundFen, accountFen, cashFen },
        },
      };
    }
    case 'bill-status':
      return { billStatus: { billId: event.billId, status: event.status } };
    case 'other':
      return {};
  }
}
