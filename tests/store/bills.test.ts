// Bills and their payment state (BillStore): every change of state is conditional, so two
// devices (or two instances) paying at once move a bill once; a pay request id is idempotent;
// reconciliation finds bills paying for longer than their lease.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { bill, DETAILS, storesUnderTest, T0 } from './support';

const PAID = {
  setlId: 'S1',
  fundFen: 600,
  accountFen: 300,
  cashFen: 100,
  paidAt: '2026-12-07T10:01:00.000Z',
};

describe.each(STORE_IMPLEMENTATIONS)('the bill store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('keeps a bill as the event brought it, unpaid; a redelivered event changes nothing', async () => {
    const { bills } = t.stores;
    expect(await bills.get('B1')).toBeUndefined();
    await bills.insert(bill('B1'));
    await bills.insert({ ...bill('B1'), payToken: 'OTHER', details: { ...DETAILS, totalFen: 1 } });
    expect(await bills.get('B1')).toEqual({
      ...bill('B1'),
      status: 'unpaid',
      payingRequestId: null,
      orgBizSer: null,
      payingSince: null,
      result: null,
      refunds: [],
    });
  });

  it('lets one request start paying, when the clock says, and no second one', async () => {
    const { bills } = t.stores;
    await bills.insert(bill('B1'));
    t.advance(5000);
    const [first, second] = await Promise.all([
      bills.startPaying('B1', 'req-1', 'SER1'),
      bills.startPaying('B1', 'req-2', 'SER2'),
    ]);
    expect([first, second].sort()).toEqual([false, true]);
    const paying = await bills.get('B1');
    expect(paying).toMatchObject({ status: 'paying', payingSince: T0 + 5000 });
    expect(paying?.payingRequestId).toBe(first ? 'req-1' : 'req-2');
    expect(paying?.orgBizSer).toBe(first ? 'SER1' : 'SER2');
    expect(await bills.startPaying('NOPE', 'req-3', 'SER3')).toBe(false);
  });

  it('moves a bill only from the state it is in, keeping the result when paid', async () => {
    const { bills } = t.stores;
    await bills.insert(bill('B1'));
    expect(await bills.move('B1', 'paying', 'paid', PAID)).toBe(false);
    await bills.startPaying('B1', 'req-1', 'SER1');
    expect(await bills.move('B1', 'paying', 'paid', PAID)).toBe(true);
    // The reconciler, late: the bill left 'paying' already.
    expect(await bills.move('B1', 'paying', 'unpaid')).toBe(false);
    expect(await bills.get('B1')).toMatchObject({ status: 'paid', result: PAID });

    await bills.setStatus('B1', 'revoked');
    expect((await bills.get('B1'))?.status).toBe('revoked');
    const refunds = [
      { fundFen: 600, accountFen: 0, cashFen: 0, at: '2026-12-07T11:00:00.000Z' },
      { fundFen: 0, accountFen: 300, cashFen: 100, at: '2026-12-07T12:00:00.000Z' },
    ];
    await bills.setRefunds('B1', refunds, 'refunded');
    expect(await bills.get('B1')).toMatchObject({ status: 'refunded', refunds });
  });

  it('finds bills paying since before a time, oldest first, and no other', async () => {
    const { bills } = t.stores;
    for (const id of ['B1', 'B2', 'B3', 'B4']) await bills.insert(bill(id));
    await bills.startPaying('B2', 'req-2', 'SER2');
    t.advance(1000);
    await bills.startPaying('B1', 'req-1', 'SER1');
    t.advance(1000);
    await bills.startPaying('B3', 'req-3', 'SER3');
    await bills.startPaying('B4', 'req-4', 'SER4');
    await bills.move('B4', 'paying', 'unpaid');
    expect(await bills.stuckPaying(T0 - 1)).toEqual([]);
    expect(await bills.stuckPaying(T0 + 1000)).toEqual(['B2', 'B1']);
    expect(await bills.stuckPaying(t.now())).toEqual(['B2', 'B1', 'B3']);
  });

  it('answers a pay request id with the bill it was first used for, and its stored outcome', async () => {
    const { bills } = t.stores;
    await bills.insert(bill('B1'));
    await bills.insert(bill('B2'));
    expect(await bills.request.claim('req-1', 'B1')).toEqual({ billId: 'B1' });
    expect(await bills.request.claim('req-1', 'B1')).toEqual({ billId: 'B1' });
    // Reused for another bill: the answer names the first.
    expect(await bills.request.claim('req-1', 'B2')).toEqual({ billId: 'B1' });
    await bills.request.store('req-1', {
      error: { code: 'PAYMENT_PASSWORD_WRONG', details: { remaining: 2 } },
    });
    expect(await bills.request.claim('req-1', 'B1')).toEqual({
      billId: 'B1',
      outcome: { error: { code: 'PAYMENT_PASSWORD_WRONG', details: { remaining: 2 } } },
    });
    await bills.request.store('req-1', { bill: true });
    expect((await bills.request.claim('req-1', 'B1')).outcome).toEqual({ bill: true });
    // Two first uses at once: one bill wins for both.
    const [a, b] = await Promise.all([
      bills.request.claim('req-2', 'B1'),
      bills.request.claim('req-2', 'B2'),
    ]);
    expect(a.billId).toBe(b.billId);
  });
});
