// The audit trail's rules: a row written outside a transaction waits for the group commit
// (no answer waits for it), one written inside a transaction stands or falls with it, and
// `around` records how the work ended without changing what it returns or throws.
import { createGroupCommit } from '@ybm/shared/node';

import { AppError } from '../../bff/src/errors';
import { createAuditLog } from '../../bff/src/store/audit';
import { openBffDatabase } from '../../bff/src/store/db';

const NOW = Date.parse('2026-11-23T08:00:00Z');
const ACTOR = { channel: 'wechat', platformUserId: 'openid-1', psnNo: 'P1' } as const;

function setup() {
  const db = openBffDatabase(':memory:');
  const audit = createAuditLog(db, createGroupCommit(db), () => NOW);
  return { db, audit };
}

describe('the audit trail', () => {
  it('leaves a row outside a transaction to the group commit, and shows it to a reader at once', () => {
    const { db, audit } = setup();
    const written = () => db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    audit.record({ action: 'code.issue', outcome: 'ok', ...ACTOR });
    expect(written()).toBe(0);

    expect(audit.ofPerson('P1')).toEqual([
      {
        id: 1,
        at: NOW,
        action: 'code.issue',
        outcome: 'ok',
        channel: 'wechat',
        platformUserId: 'openid-1',
        psnNo: 'P1',
        detail: null,
      },
    ]);
    expect(written()).toBe(1);
  });

  it('joins the caller’s transaction: rolled back with what it records', () => {
    const { db, audit } = setup();
    const settle = (fail: boolean) =>
      db.transaction(() => {
        audit.record({ action: 'settlement.received', outcome: 'ok', psnNo: 'P1', detail: { setlId: 'S1' } });
        if (fail) throw new Error('the event could not be stored');
      })();

    expect(() => settle(true)).toThrow('could not be stored');
    expect(audit.ofPerson('P1')).toEqual([]);
    settle(false);
    // Already committed, without waiting for a turn.
    expect(audit.ofPerson('P1')).toMatchObject([{ action: 'settlement.received', detail: { setlId: 'S1' } }]);
  });

  it('records how work ended and passes its result or error through unchanged', async () => {
    const { audit } = setup();
    const bill = { status: 'paid', fundFen: 700 };
    await expect(
      audit.around(
        { action: 'payment.pay', ...ACTOR, detail: { billId: 'B1' } },
        async () => bill,
        (paid) => ({ status: paid.status, fundFen: paid.fundFen }),
      ),
    ).resolves.toBe(bill);
    const refused = new AppError('CODE_RATE_LIMITED');
    await expect(
      audit.around({ action: 'code.issue', ...ACTOR }, () => Promise.reject(refused)),
    ).rejects.toBe(refused);
    await expect(
      audit.around({ action: 'code.issue', ...ACTOR }, () => Promise.reject(new TypeError('bug'))),
    ).rejects.toThrow('bug');

    expect(audit.ofPerson('P1').map(({ action, outcome, detail }) => ({ action, outcome, detail }))).toEqual([
      { action: 'code.issue', outcome: 'INTERNAL_ERROR', detail: null },
      { action: 'code.issue', outcome: 'CODE_RATE_LIMITED', detail: null },
      { action: 'payment.pay', outcome: 'ok', detail: { billId: 'B1', status: 'paid', fundFen: 700 } },
    ]);
  });
});
