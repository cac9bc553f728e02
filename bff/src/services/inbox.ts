// 消息中心 for one person: their notices, newest first, a bill's notice worded from the bill as
// it is now (and carrying its state, for the phone's tag); reading a notice, and opening a
// bill, which reads that bill's notice too, so the unread badge follows what the person saw.
import type { Inbox, InboxMessage } from '@ybm/shared';

import type { BillStore } from '../store/bills';
import type { InboxStore } from '../store/inbox';
import { billNotice } from './bill-notices';

export function createInboxService(deps: { inbox: InboxStore; bills: BillStore }) {
  /** A bill notice as of now; the others as written. */
  function current(psnNo: string, message: InboxMessage): InboxMessage {
    if (message.kind !== 'bill' || !message.billId) return message;
    const bill = deps.bills.get(message.billId);
    if (!bill || bill.psnNo !== psnNo) return message;
    return { ...message, ...billNotice(bill), billStatus: bill.status };
  }

  return {
    page(psnNo: string, query: { before?: number; limit: number }): Inbox {
      const page = deps.inbox.page(psnNo, query);
      return {
        unread: deps.inbox.unread(psnNo),
        ...page,
        messages: page.messages.map((message) => current(psnNo, message)),
      };
    },
    /** False when the message is not this person's. */
    markRead: (psnNo: string, id: number) => deps.inbox.markRead(psnNo, id),
    /** The person opened this bill: its notice has been seen. */
    billOpened: (psnNo: string, billId: string) => deps.inbox.markBillRead(psnNo, billId),
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
