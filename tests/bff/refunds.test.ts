// The rules of a refund on a bill (services/refunds.ts) and of the events that report refunds
// and reversals (services/event-effects.ts): a bill is refunded when its refunds add up to
// what was paid, partly refunded before; the notices name each part and where it went.
import { effectsOf } from '../../bff/src/services/event-effects';
import { refundOutcome } from '../../bff/src/services/refunds';
import type { BillRecord } from '../../bff/src/store/bills';

const AT = '2026-11-22T02:05:00.000Z';

function billRecord(overrides: Partial<BillRecord> = {}): BillRecord {
  return {
    billId: 'B1',
    psnNo: 'P1',
    appId: 'app',
    payToken: 'T1',
    status: 'paid',
    details: {
      institutionName: '绥化市第一医院',
      items: [],
      totalFen: 10_000,
      preSettled: { fundFen: 6_000, accountFen: 3_000, cashFen: 1_000 },
    },
    createdAt: AT,
    payingRequestId: null,
    orgBizSer: null,
    payingSince: null,
    result: { fundFen: 6_000, accountFen: 3_000, cashFen: 1_000, paidAt: AT },
    refunds: [],
    ...overrides,
  };
}

const refund = (fundFen: number, accountFen: number, cashFen: number) => ({
  at: AT,
  fundFen,
  accountFen,
  cashFen,
});

describe('refundOutcome', () => {
  it('is refunded when the refunds add up to what was paid, partly refunded before', () => {
    const first = refundOutcome(billRecord(), refund(0, 0, 400), 'CASH');
    expect(first.bill).toEqual({ billId: 'B1', refunds: [refund(0, 0, 400)], status: 'partly_refunded' });
    expect(first.notice).toEqual({
      title: '部分退款成功',
      body:
        '绥化市第一医院的诊间支付已退款¥4.00：现金¥4.00已按原支付渠道退回。' +
        '尚未退还：统筹基金¥60.00、个人账户¥30.00、现金¥6.00，仍按原支付结算；如有疑问请联系医院。',
    });
    const second = refundOutcome(
      billRecord({ refunds: [refund(0, 0, 400)] }),
      refund(6_000, 3_000, 600),
      'ALL',
    );
    expect(second.bill?.status).toBe('refunded');
    expect(second.notice.title).toBe('退款成功');
    expect(second.notice.body).toBe(
      '绥化市第一医院的诊间支付已退款¥96.00：统筹基金支付的¥60.00已退回医保基金，个人账户支付的¥30.00已退回您的个人账户，' +
        '现金¥6.00已按原支付渠道退回。这笔费用已全部退回。',
    );
  });

  it('counts a cash part still waiting for the cashier as never paid', () => {
    const outcome = refundOutcome(billRecord({ status: 'awaiting_cash' }), refund(6_000, 3_000, 0), 'HI');
    expect(outcome.bill?.status).toBe('refunded');
  });

  it('goes by the refund type for a bill whose payment it never saw, and says only what came back', () => {
    expect(
      refundOutcome(billRecord({ status: 'paying', result: null }), refund(6_000, 3_000, 0), 'HI').bill
        ?.status,
    ).toBe('partly_refunded');
    expect(
      refundOutcome(billRecord({ status: 'paying', result: null }), refund(6_000, 3_000, 0), 'ALL').bill
        ?.status,
    ).toBe('refunded');
    const unknown = refundOutcome(undefined, refund(0, 3_000, 0), 'HI');
    expect(unknown.bill).toBeUndefined();
    expect(unknown.notice.body).toBe('诊间支付已退款¥30.00：个人账户支付的¥30.00已退回您的个人账户。');
  });
});

describe('effectsOf', () => {
  const event = (type: string, payload: Record<string, unknown>) => ({
    eventId: 'E1',
    type,
    occurredAt: AT,
    payload,
  });
  const settlement = {
    setlId: 'S1',
    psnNo: 'P1',
    institutionName: '绥化市第一大药房',
    totalFen: 10_000,
    fundFen: 6_000,
    accountFen: 3_000,
    cashFen: 1_000,
    balanceAfterFen: 50_000,
    settledAt: AT,
  };

  it('keeps a refund’s split, and refuses one whose parts do not add up', () => {
    const refunded = {
      payOrdId: 'B1',
      psnNo: 'P1',
      refdType: 'CASH',
      totalFen: 1_000,
      fundFen: 0,
      accountFen: 0,
      cashFen: 1_000,
      refundedAt: AT,
    };
    expect(effectsOf(event('refund.completed', refunded))).toMatchObject({
      refund: { billId: 'B1', refdType: 'CASH', refund: refund(0, 0, 1_000) },
      audit: { action: 'refund.received', detail: { cashFen: 1_000 } },
    });
    expect(effectsOf(event('refund.completed', { ...refunded, cashFen: 900 }))).toBe('unreadable');
    const { fundFen: _fund, ...withoutSplit } = refunded;
    expect(effectsOf(event('refund.completed', withoutSplit))).toBe('unreadable');
  });

  it('turns a reversal into an inbox notice, an audit row and, with a code, a code-page event', () => {
    const effects = effectsOf(
      event('settlement.reversed', { ...settlement, code: 'YB1CODE', reversedAt: AT, cause: 'reversed' }),
    );
    expect(effects).toMatchObject({
      inbox: { kind: 'reversal', title: '结算已撤销', setlId: 'S1' },
      audit: { action: 'settlement.reversed', detail: { setlId: 'S1', cause: 'reversed', byCode: true } },
      voucherEvent: {
        kind: 'reversed',
        code: 'YB1CODE',
        settlement: { setlId: 'S1', balanceAfterFen: 50_000 },
      },
    });
    const body = effects === 'unreadable' ? '' : (effects.inbox?.body ?? '');
    expect(body).toContain(
      '统筹基金支付的¥60.00已退回医保基金，个人账户支付的¥30.00已退回您的个人账户（账户余额¥500.00）',
    );
    expect(body).toContain('您支付的现金¥10.00请向绥化市第一大药房办理退还');

    const byCard = effectsOf(
      event('settlement.reversed', { ...settlement, cashFen: 0, fundFen: 7_000, reversedAt: AT }),
    );
    expect(byCard).not.toHaveProperty('voucherEvent');
    expect(byCard === 'unreadable' ? '' : byCard.inbox?.body).toContain('您无需为这笔结算补缴任何费用');
  });

  it('turns a reinstatement into its own notice and code-page event', () => {
    expect(
      effectsOf(event('settlement.reinstated', { ...settlement, code: 'YB1CODE', reinstatedAt: AT })),
    ).toMatchObject({
      inbox: { kind: 'reinstatement', title: '结算已恢复' },
      audit: { action: 'settlement.reinstated' },
      voucherEvent: { kind: 'reinstated', code: 'YB1CODE' },
    });
    expect(effectsOf(event('settlement.reinstated', { ...settlement }))).toBe('unreadable');
  });
});
