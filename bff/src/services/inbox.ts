// 消息中心 for one person: their notices, newest first, a bill's notice worded from the bill as
// it is now (and carrying its state, for the phone's tag); reading a notice, and opening a
// bill, which reads that bill's notice too, so the unread badge follows what the person saw.
import type { Inbox, InboxMessage } from '@ybm/shared';

import { AppError } from '../errors';
import type { BillStore, BindingStore, InboxStore } from '../store/ports';
import type { SessionRecord } from '../store/records';
import { billNotice } from './bill-notices';

export function createInboxService(deps: {
  inbox: InboxStore;
  bills: Pick<BillStore, 'get'>;
  bindings: Pick<BindingStore, 'find'>;
}) {
  /** The signed-in person's number, or VOUCHER_NOT_ACTIVATED. */
  async function personOf(session: SessionRecord): Promise<string> {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding.psnNo;
  }

  /** A bill notice as of now; the others as written. */
  async function current(psnNo: string, message: InboxMessage): Promise<InboxMessage> {
    if (message.kind !== 'bill' || !message.billId) return message;
    const bill = await deps.bills.get(message.billId);
    if (!bill || bill.psnNo !== psnNo) return message;
    return { ...message, ...billNotice(bill), billStatus: bill.status };
  }

  return {
    async page(session: SessionRecord, query: { before?: number; limit: number }): Promise<Inbox> {
      const psnNo = await personOf(session);
      const page = await deps.inbox.page(psnNo, query);
      return {
        unread: await deps.inbox.unread(psnNo),
        ...page,
        messages: await Promise.all(page.messages.map((message) => current(psnNo, message))),
      };
    },
    /** NOT_FOUND when the message is not this person's. */
    async markRead(session: SessionRecord, id: number): Promise<void> {
      if (!(await deps.inbox.markRead(await personOf(session), id))) throw new AppError('NOT_FOUND');
    },
    /** The person opened this bill: its notice has been seen. */
    async billOpened(session: SessionRecord, billId: string): Promise<void> {
      await deps.inbox.markBillRead(await personOf(session), billId);
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
