// A bill as one viewer sees it, shared by the pay step and the cash step: who may reach it (the
// insured person, or a guardian with a live family link, read fresh from the store — anyone
// else's bill is as unknown as one that does not exist), whose it is, and who paid which part
// (the personal account: the member's or, with 家庭共济, a guardian's; the cash: whoever's
// WeChat Pay or Alipay paid the order), said relative to the viewer and never by person number.
import { FAMILY_RELATION_NAMES, MUTUAL_AID_RELATIONS, type Bill, type BillPayer } from '@ybm/shared';

import { AppError } from '../errors';
import type { BillStore, BindingStore, CashOrderStore, FamilyStore } from '../store/ports';
import type { BillRecord, Binding, FamilyLink, SessionRecord } from '../store/records';

/**
 * What the BFF keeps of a paid bill beside what the phone sees: with 家庭共济, the guardian
 * whose account paid (kept in the bill's stored result, stripped from every view).
 */
export type StoredResult = NonNullable<Bill['result']> & { accountHolder?: string };

export interface BillViewDeps {
  bills: Pick<BillStore, 'get'>;
  bindings: Pick<BindingStore, 'find'>;
  /** 亲情账户: a guardian sees and pays a live member's bills. */
  family?: Pick<FamilyStore, 'liveLink'>;
  /** Whose platform paid the cash part. */
  cash?: Pick<CashOrderStore, 'liveOf'>;
}

/** 家庭共济 (2021 national policy): the relations an employee's account may pay for. */
const MUTUAL_AID = new Set<string>(MUTUAL_AID_RELATIONS);

/** 家庭共济 is open to an employee guardian, for a spouse, parent or child. */
export const mutualAid = (binding: Binding, member: FamilyLink) =>
  binding.insutype === '310' && MUTUAL_AID.has(member.relation);

/** The bill as anyone may see it (no viewer's words, nothing the BFF keeps to itself). */
export function viewOf(bill: BillRecord): Bill {
  let result: Bill['result'];
  if (bill.result) {
    const { accountHolder: _kept, ...shown } = bill.result as StoredResult;
    result = shown;
  }
  return {
    billId: bill.billId,
    status: bill.status,
    ...bill.details,
    createdAt: bill.createdAt,
    ...(result ? { result } : {}),
    refunds: bill.refunds,
  };
}

export interface ReachedBill {
  bill: BillRecord;
  binding: Binding;
  /** The live link when the bill is a family member's. */
  member?: FamilyLink;
}

export function createBillViews(deps: BillViewDeps) {
  /** The session's bill or a live member's; BILL_NOT_FOUND for anyone else's. */
  async function reach(session: SessionRecord, billId: string): Promise<ReachedBill> {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    const bill = await deps.bills.get(billId);
    if (!bill) throw new AppError('BILL_NOT_FOUND');
    if (bill.psnNo === binding.psnNo) return { bill, binding };
    const member = await deps.family?.liveLink(binding.psnNo, bill.psnNo);
    if (!member) throw new AppError('BILL_NOT_FOUND');
    return { bill, binding, member };
  }

  /** Who, to this viewer, a person is: themselves, the bill's own person, or another relative. */
  const relationTo = (viewer: Binding, bill: BillRecord, psnNo: string | undefined): BillPayer =>
    psnNo === viewer.psnNo ? 'you' : psnNo === bill.psnNo ? 'member' : 'relative';

  /** Whose platform paid the bill's cash part, once it is paid there. */
  async function cashPayer(viewer: Binding, bill: BillRecord): Promise<BillPayer | undefined> {
    const order = await deps.cash?.liveOf(bill.billId);
    if (!order || (order.status !== 'paid' && order.status !== 'confirmed')) return undefined;
    if (order.channel === viewer.channel && order.payer === viewer.platformUserId) return 'you';
    return relationTo(viewer, bill, (await deps.bindings.find(order.channel, order.payer))?.psnNo);
  }

  /** The bill as this viewer sees it: a member's bill says whose it is, and who paid what. */
  async function view(reached: ReachedBill): Promise<Bill> {
    const { bill, binding, member } = reached;
    const shown = viewOf(bill);
    const stored = bill.result as StoredResult | null;
    if (!stored) {
      return member ? { ...shown, forMember: forMemberOf(binding, member) } : shown;
    }
    const account: BillPayer | undefined =
      stored.accountFen <= 0
        ? undefined
        : stored.accountOf === 'guardian'
          ? relationTo(binding, bill, stored.accountHolder)
          : relationTo(binding, bill, bill.psnNo);
    const cash = stored.cashFen > 0 ? await cashPayer(binding, bill) : undefined;
    const result = { ...shown.result! };
    // A guardian's balance (家庭共济) is that guardian's own business.
    if (stored.accountOf === 'guardian' && stored.accountHolder !== binding.psnNo)
      delete result.balanceAfterFen;
    const byOthers = [account, cash].some((payer) => payer !== undefined && payer !== 'you');
    return {
      ...shown,
      result,
      ...(member ? { forMember: forMemberOf(binding, member) } : {}),
      ...(member || byOthers
        ? { paidBy: { ...(account ? { account } : {}), ...(cash ? { cash } : {}) } }
        : {}),
    };
  }

  function forMemberOf(binding: Binding, member: FamilyLink): NonNullable<Bill['forMember']> {
    return {
      maskedName: member.maskedName,
      relationName: FAMILY_RELATION_NAMES[member.relation],
      mutualAid: mutualAid(binding, member),
    };
  }

  return { reach, view };
}

export type BillViews = ReturnType<typeof createBillViews>;
