// The inbox's words for a bill: one title and body per state the bill is in. A bill notice is
// written when the bill arrives (待缴费) and worded again from the bill each time the inbox is
// read, so a paid, refunded or revoked bill never keeps saying 诊间支付待缴费. A family member's
// bill says whose it is, and a paid one who paid which part (家庭共济, a guardian's cash).
import { formatYuan, type Bill, type BillPayer, type BillStatus } from '@ybm/shared';

import type { BillRecord } from '../store/records';

const TITLES: Record<BillStatus, string> = {
  unpaid: '诊间支付待缴费',
  paying: '诊间支付确认中',
  awaiting_cash: '诊间支付待付现金',
  paid: '诊间支付已完成',
  partly_refunded: '诊间支付已部分退款',
  refunded: '诊间支付已退款',
  revoked: '诊间支付已撤销',
};

/** What is true of the bill now, and what is left to do. */
function stateText(bill: Pick<BillRecord, 'status' | 'result'>): string {
  switch (bill.status) {
    case 'unpaid':
      return '可使用医保在线支付';
    case 'paying':
      return '支付结果确认中，请稍后查看';
    case 'awaiting_cash':
      return `医保部分已结算，还需支付现金${formatYuan(bill.result?.cashFen ?? 0)}`;
    case 'paid':
      return '已支付完成';
    case 'partly_refunded':
      return '已部分退款，明细见账单';
    case 'refunded':
      return '已全额退款，各部分已退回原账户或原支付渠道';
    case 'revoked':
      return '医院已撤销该账单，无需支付';
    default: {
      const unknown: never = bill.status;
      return unknown;
    }
  }
}

/** Whose personal account paid, or who paid the cash, in the viewer's words. */
function accountWords(payer: BillPayer, view: Bill): string {
  const member = view.forMember?.maskedName ?? '家人';
  if (payer === 'you')
    return view.result?.accountOf === 'guardian' ? '您的个人账户（家庭共济）' : '您的个人账户';
  if (payer === 'member') return `${member}的个人账户`;
  return '家人的个人账户（家庭共济）';
}

function cashWords(payer: BillPayer, view: Bill): string {
  if (payer === 'you') return view.forMember ? '由您代付' : '由您支付';
  if (payer === 'member') return `由${view.forMember?.maskedName ?? '本人'}本人支付`;
  return '由家人代付';
}

/** 个人账户¥x由…支付，现金¥y由您代付: only on a bill the viewer's view names payers of. */
function whoPaid(view: Bill): string {
  const { result, paidBy } = view;
  if (!result || !paidBy) return '';
  const parts: string[] = [];
  if (paidBy.account)
    parts.push(`个人账户${formatYuan(result.accountFen)}从${accountWords(paidBy.account, view)}支付`);
  if (paidBy.cash) parts.push(`现金${formatYuan(result.cashFen)}${cashWords(paidBy.cash, view)}`);
  return parts.length > 0 ? `。其中${parts.join('，')}` : '';
}

/** The notice's words; with the viewer's view of the bill, whose it is and who paid what. */
export function billNotice(
  bill: Pick<BillRecord, 'status' | 'details' | 'result'>,
  view?: Bill,
): {
  title: string;
  body: string;
} {
  const { institutionName, deptName, totalFen } = bill.details;
  const where = [institutionName, deptName].filter(Boolean).join(' · ');
  const member = view?.forMember;
  const whose = member ? `${member.relationName}${member.maskedName}的账单：` : '';
  return {
    title: TITLES[bill.status],
    body: `${whose}${where}，费用合计${formatYuan(totalFen)}，${stateText(bill)}${view ? whoPaid(view) : ''}`,
  };
}
