// 消息中心 for one person: their notices, newest first, a bill's notice worded from the bill as
// it is now (and carrying its state, for the phone's tag); reading a notice, and opening a
// bill, which reads that bill's notice too, so the unread badge follows what the person saw.
// A family member's bill in a guardian's inbox is worded from the bill too while the link is
// live (whose it is, who paid what); once the link ends it says only what it said when written.
import type { Inbox, InboxMessage } from '@ybm/shared';

import { AppError } from '../errors';
import type { BillStore, BindingStore, CashOrderStore, FamilyStore, InboxStore } from '../store/ports';
import type { Binding, SessionRecord } from '../store/records';
import { billNotice } from './bill-notices';
import { createBillViews } from './bill-views';

export function createInboxService(deps: {
  inbox: InboxStore;
  bills: Pick<BillStore, 'get'>;
  bindings: Pick<BindingStore, 'find'>;
  /** 亲情账户: a live member's bill notice is worded from the bill. */
  family?: Pick<FamilyStore, 'liveLink'>;
  /** Who paid a bill's cash part. */
  cash?: Pick<CashOrderStore, 'liveOf'>;
}) {
  const views = createBillViews(deps);

  /** The signed-in person's binding, or VOUCHER_NOT_ACTIVATED. */
  async function bindingOf(session: SessionRecord): Promise<Binding> {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding;
  }
  const personOf = async (session: SessionRecord) => (await bindingOf(session)).psnNo;

  /** A bill notice as of now; the others as written. */
  async function current(binding: Binding, message: InboxMessage): Promise<InboxMessage> {
    if (message.kind !== 'bill' || !message.billId) return message;
    const bill = await deps.bills.get(message.billId);
    if (!bill) return message;
    const member =
      bill.psnNo === binding.psnNo ? undefined : await deps.family?.liveLink(binding.psnNo, bill.psnNo);
    if (bill.psnNo !== binding.psnNo && !member) return message;
    const view = await views.view({ bill, binding, ...(member ? { member } : {}) });
    return { ...message, ...billNotice(bill, view), billStatus: bill.status };
  }

  return {
    async page(session: SessionRecord, query: { before?: number; limit: number }): Promise<Inbox> {
      const binding = await bindingOf(session);
      const page = await deps.inbox.page(binding.psnNo, query);
      return {
        unread: await deps.inbox.unread(binding.psnNo),
        ...page,
        messages: await Promise.all(page.messages.map((message) => current(binding, message))),
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
