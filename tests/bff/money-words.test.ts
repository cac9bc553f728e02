// What the BFF passes on and says about money (issue 17): the platform's reason the fund paid
// nothing goes through the settlement and bill events to the phone as a code (an unknown code
// is dropped, never the event), and a bill's notice is worded from the bill's state.
import type { EventData } from '@ybm/shared/protocol';

import { billNotice } from '../../bff/src/services/bill-notices';
import { effectsOf } from '../../bff/src/services/event-effects';
import type { BillRecord } from '../../bff/src/store/bills';

const settlement = {
  setlId: 'SETL1',
  psnNo: 'P1',
  code: 'YB1CODE',
  institutionName: '绥化市第一大药房',
  totalFen: 5_360,
  fundFen: 0,
  accountFen: 0,
  cashFen: 5_360,
  settledAt: '2026-11-22T02:05:00.000Z',
};

const event = (type: string, payload: Record<string, unknown>): EventData => ({
  eventId: 'EVT1',
  type,
  occurredAt: '2026-11-22T02:05:00.000Z',
  payload,
});

describe('the fund’s reason for paying nothing', () => {
  it('reaches the phone’s code stream with the settlement', () => {
    const effects = effectsOf(
      event('settlement.completed', { ...settlement, fundZeroReason: 'pharmacy_not_pooled' }),
    );
    expect(effects).not.toBe('unreadable');
    if (effects === 'unreadable') return;
    expect(effects.voucherEvent?.settlement?.fundZeroReason).toBe('pharmacy_not_pooled');
  });

  it('drops a reason it does not know rather than the settlement', () => {
    const effects = effectsOf(event('settlement.completed', { ...settlement, fundZeroReason: 'martian' }));
    expect(effects).not.toBe('unreadable');
    if (effects === 'unreadable') return;
    expect(effects.voucherEvent?.settlement).toMatchObject({ setlId: 'SETL1', cashFen: 5_360 });
    expect(effects.voucherEvent?.settlement?.fundZeroReason).toBeUndefined();
  });

  it('is kept with a bill’s pre-settlement', () => {
    const effects = effectsOf(
      event('bill.created', {
        payOrdId: 'ORD1',
        payToken: 'PT1',
        psnNo: 'P1',
        institutionName: '绥化市第一医院',
        deptName: '普通内科',
        items: [],
        totalFen: 2_980,
        fundFen: 0,
        accountFen: 0,
        cashFen: 2_980,
        fundZeroReason: 'class_c',
        createdAt: '2026-11-22T02:00:00.000Z',
      }),
    );
    if (effects === 'unreadable') throw new Error('unreadable');
    expect(effects.bill?.details.preSettled).toEqual({
      fundFen: 0,
      accountFen: 0,
      cashFen: 2_980,
      fundZeroReason: 'class_c',
    });
    expect(effects.inbox).toMatchObject({
      title: '诊间支付待缴费',
      body: '绥化市第一医院 · 普通内科，费用合计¥29.80，可使用医保在线支付',
    });
  });
});

describe('a bill paid online', () => {
  it('leaves no second notice beside the bill’s own (the bill’s notice says it is paid)', () => {
    const effects = effectsOf(
      event('settlement.completed', { ...settlement, code: undefined, kind: 'mobile' }),
    );
    if (effects === 'unreadable') throw new Error('unreadable');
    expect(effects.inbox).toBeUndefined();
    expect(effects.audit).toMatchObject({ action: 'settlement.received' });
    // A counter's settlement still gets its notice.
    const counter = effectsOf(event('settlement.completed', { ...settlement, kind: 'pharmacy' }));
    if (counter === 'unreadable') throw new Error('unreadable');
    expect(counter.inbox).toMatchObject({ kind: 'settlement', title: '医保结算成功' });
  });
});

describe('billNotice: a bill’s notice says the state it is in now', () => {
  const bill = (
    status: BillRecord['status'],
    cashFen = 500,
  ): Pick<BillRecord, 'status' | 'details' | 'result'> => ({
    status,
    details: {
      institutionName: '绥化市第一医院',
      deptName: '普通内科',
      items: [],
      totalFen: 5_800,
      preSettled: { fundFen: 4_500, accountFen: 800, cashFen },
    },
    result: { fundFen: 4_500, accountFen: 800, cashFen, paidAt: '2026-11-22T02:05:00.000Z' },
  });

  it.each([
    ['unpaid', '诊间支付待缴费', '可使用医保在线支付'],
    ['paying', '诊间支付确认中', '支付结果确认中，请稍后查看'],
    ['awaiting_cash', '诊间支付待付现金', '医保部分已结算，还需支付现金¥5.00'],
    ['paid', '诊间支付已完成', '已支付完成'],
    ['partly_refunded', '诊间支付已部分退款', '已部分退款，明细见账单'],
    ['refunded', '诊间支付已退款', '已全额退款，各部分已退回原账户或原支付渠道'],
    ['revoked', '诊间支付已撤销', '医院已撤销该账单，无需支付'],
  ] as const)('%s: %s', (status, title, tail) => {
    expect(billNotice(bill(status))).toEqual({
      title,
      body: `绥化市第一医院 · 普通内科，费用合计¥58.00，${tail}`,
    });
  });
});
