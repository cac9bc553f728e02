// The audit trail (AuditLog): append-only rows with who, what and how it ended, read newest
// first per person; a row written in a unit of work stands or falls with it; `around` records
// how work ended without changing what it returns or throws.
import { AppError } from '../../bff/src/errors';
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest, T0 } from './support';

const ACTOR = { channel: 'wechat', platformUserId: 'openid-1', psnNo: 'P001' } as const;

describe.each(STORE_IMPLEMENTATIONS)('the audit trail on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('shows a recorded row at once, with when it was recorded, newest first and at most `limit`', async () => {
    const { audit } = t.stores;
    await audit.record({ action: 'code.issue', outcome: 'ok', ...ACTOR });
    t.advance(1000);
    await audit.record({
      action: 'payment.pay',
      outcome: 'ok',
      ...ACTOR,
      detail: { billId: 'B1', fundFen: 600 },
    });
    t.advance(1000);
    await audit.record({
      action: 'settlement.received',
      outcome: 'ok',
      psnNo: 'P001',
      detail: { setlId: 'S1' },
    });
    await audit.record({
      action: 'code.issue',
      outcome: 'ok',
      channel: 'wechat',
      platformUserId: 'x',
      psnNo: 'P002',
    });

    const rows = await audit.ofPerson('P001');
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
      {
        at: T0 + 2000,
        action: 'settlement.received',
        outcome: 'ok',
        channel: null,
        platformUserId: null,
        psnNo: 'P001',
        detail: { setlId: 'S1' },
      },
      {
        at: T0 + 1000,
        action: 'payment.pay',
        outcome: 'ok',
        ...ACTOR,
        detail: { billId: 'B1', fundFen: 600 },
      },
      { at: T0, action: 'code.issue', outcome: 'ok', ...ACTOR, detail: null },
    ]);
    expect((await audit.ofPerson('P001', 2)).map((row) => row.action)).toEqual([
      'settlement.received',
      'payment.pay',
    ]);
  });

  it('keeps a row written in a unit of work only if the unit is kept', async () => {
    const { stores } = t;
    await expect(
      stores.transaction(async (tx) => {
        await tx.audit.record({ action: 'settlement.received', outcome: 'ok', psnNo: 'P001' });
        throw new Error('the event could not be stored');
      }),
    ).rejects.toThrow('could not be stored');
    expect(await stores.audit.ofPerson('P001')).toEqual([]);
    await stores.transaction((tx) =>
      tx.audit.record({ action: 'settlement.received', outcome: 'ok', psnNo: 'P001' }),
    );
    expect(await stores.audit.ofPerson('P001')).toHaveLength(1);
  });

  it('records how work ended and passes its result or error through unchanged', async () => {
    const { audit } = t.stores;
    const bill = { status: 'paid', fundFen: 700 };
    await expect(
      audit.around(
        { action: 'payment.pay', ...ACTOR, detail: { billId: 'B1' } },
        async () => bill,
        (paid) => ({ status: paid.status, fundFen: paid.fundFen }),
      ),
    ).resolves.toBe(bill);
    t.advance(1);
    const refused = new AppError('CODE_RATE_LIMITED');
    await expect(
      audit.around({ action: 'code.issue', ...ACTOR }, () => Promise.reject(refused)),
    ).rejects.toBe(refused);
    t.advance(1);
    await expect(
      audit.around({ action: 'code.issue', ...ACTOR }, () => Promise.reject(new TypeError('bug'))),
    ).rejects.toThrow('bug');

    expect(
      (await audit.ofPerson('P001')).map(({ action, outcome, detail }) => ({ action, outcome, detail })),
    ).toEqual([
      { action: 'code.issue', outcome: 'INTERNAL_ERROR', detail: null },
      { action: 'code.issue', outcome: 'CODE_RATE_LIMITED', detail: null },
      { action: 'payment.pay', outcome: 'ok', detail: { billId: 'B1', status: 'paid', fundFen: 700 } },
    ]);
  });
});
