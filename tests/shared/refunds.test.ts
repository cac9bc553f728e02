import { describeParts, describeReturned, notRefunded, refundedInFull, refundedSoFar } from '@ybm/shared';

const paid = { fundFen: 6_000, accountFen: 3_000, cashFen: 1_000 };

describe('refunds against what was paid', () => {
  it('adds refunds up part by part and says what is left', () => {
    const refunds = [
      { fundFen: 0, accountFen: 0, cashFen: 400 },
      { fundFen: 6_000, accountFen: 3_000, cashFen: 0 },
    ];
    expect(refundedSoFar(refunds)).toEqual({ fundFen: 6_000, accountFen: 3_000, cashFen: 400 });
    expect(notRefunded(paid, refunds)).toEqual({ fundFen: 0, accountFen: 0, cashFen: 600 });
    expect(refundedInFull(paid, refunds)).toBe(false);
    expect(refundedInFull(paid, [...refunds, { fundFen: 0, accountFen: 0, cashFen: 600 }])).toBe(true);
  });

  it('is not refunded in full with no refunds, even of nothing paid', () => {
    expect(refundedInFull({ fundFen: 0, accountFen: 0, cashFen: 0 }, [])).toBe(false);
  });

  it('names only the parts that moved, and where each went', () => {
    expect(describeReturned({ fundFen: 6_000, accountFen: 0, cashFen: 1_000 })).toBe(
      '统筹基金支付的¥60.00已退回医保基金，现金¥10.00已按原支付渠道退回',
    );
    expect(describeParts({ fundFen: 0, accountFen: 3_000, cashFen: 5 })).toBe('个人账户¥30.00、现金¥0.05');
    expect(describeParts({ fundFen: 0, accountFen: 0, cashFen: 0 })).toBe('');
  });
});
