// Bills and inbox messages for the pay page's and the inbox's tests, shaped by @ybm/shared's
// schemas: a consultation with three fees, pre-settled 45.00 fund / 8.00 account / 5.00 cash.
import type { Bill, Inbox, InboxMessage } from '@ybm/shared';

export const BILL_ID = 'ORD20261122000001';
export const HOSPITAL = '绥化市第一人民医院';

export function bill(overrides: Partial<Bill> = {}): Bill {
  return {
    billId: BILL_ID,
    status: 'unpaid',
    institutionName: HOSPITAL,
    deptName: '普通内科',
    doctorName: '李医生',
    items: [
      { name: '普通门诊诊查费', qty: 1, priceFen: 1_000, amountFen: 1_000 },
      { name: '血常规', qty: 1, priceFen: 2_500, amountFen: 2_500 },
      { name: '阿莫西林胶囊', qty: 2, priceFen: 1_150, amountFen: 2_300 },
    ],
    totalFen: 5_800,
    preSettled: { fundFen: 4_500, accountFen: 800, cashFen: 500 },
    createdAt: '2026-11-22T02:00:00.000Z',
    refunds: [],
    ...overrides,
  };
}

/** The bill as 6202 left it: the split paid, the cash part still open or paid too. */
export function paidBill(status: 'awaiting_cash' | 'paid' = 'paid', overrides: Partial<Bill> = {}): Bill {
  return bill({
    status,
    result: {
      fundFen: 4_500,
      accountFen: 800,
      cashFen: 500,
      setlId: 'S20261122000009',
      balanceAfterFen: 95_200,
      paidAt: '2026-11-22T02:05:00.000Z',
    },
    ...overrides,
  });
}

export function message(id: number, overrides: Partial<InboxMessage> = {}): InboxMessage {
  return {
    id,
    kind: 'bill',
    title: '诊间支付待缴费',
    body: `${HOSPITAL} 普通内科 待支付 ¥58.00`,
    billId: `ORD2026112200000${id}`,
    createdAt: '2026-11-22T02:00:00.000Z',
    read: false,
    ...overrides,
  };
}

export function inbox(messages: InboxMessage[], extra: Partial<Inbox> = {}): Inbox {
  return { unread: messages.filter((m) => !m.read).length, messages, ...extra };
}
