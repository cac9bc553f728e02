// The inbox's words for a bill: one title and body per state the bill is in. A bill notice is
// written when the bill arrives (待缴费) and worded again from the bill each time the inbox is
// read, so a paid, refunded or revoked bill never keeps saying 诊间支付待缴费.
import { formatYuan, type BillStatus } from '@ybm/shared';

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

export function billNotice(bill: Pick<BillRecord, 'status' | 'details' | 'result'>): {
  title: string;
  body: string;
} {
  const { institutionName, deptName, totalFen } = bill.details;
  const where = [institutionName, deptName].filter(Boolean).join(' · ');
  return {
    title: TITLES[bill.status],
    body: `${where}，费用合计${formatYuan(totalFen)}，${stateText(bill)}`,
  };
}
