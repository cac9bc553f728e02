// The push outbox across dispatchers (NotificationStore): one row per bill and recipient;
// rows are leased to one owner at a time, claimed just before their send, and a dead owner's
// rows are taken over once its lease runs out — pending ones sent by another, 'sending' ones
// in doubt for good ('unknown'), never sent twice.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { bill, storesUnderTest } from './support';

const LEASE = 25_000;

describe.each(STORE_IMPLEMENTATIONS)('the notification store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  /** Bills B1…Bn, each queued for one WeChat user, a millisecond apart (oldest first). */
  async function queue(n: number): Promise<void> {
    for (let i = 1; i <= n; i += 1) {
      await t.stores.bills.insert(bill(`B${i}`));
      await t.stores.notifications.enqueue(`B${i}`, 'wechat', `openid-${i}`);
      t.advance(1);
    }
  }
  const billsOf = (rows: { billId: string }[]) => rows.map((row) => row.billId);

  it('queues one row per bill and recipient, however often the bill is queued', async () => {
    const { notifications, bills } = t.stores;
    await bills.insert(bill('B1'));
    await notifications.enqueue('B1', 'wechat', 'openid-1');
    await notifications.enqueue('B1', 'wechat', 'openid-1');
    await notifications.enqueue('B1', 'alipay', 'alipay-1');
    expect(await notifications.counts()).toEqual({ pending: 2 });
    const rows = await notifications.lease('bff-a', 10, t.now() + LEASE);
    expect(
      rows.map(({ billId, channel, platformUserId, attempts }) => [
        billId,
        channel,
        platformUserId,
        attempts,
      ]),
    ).toEqual([
      ['B1', 'wechat', 'openid-1', 0],
      ['B1', 'alipay', 'alipay-1', 0],
    ]);
  });

  it('leases due rows oldest first, at most `limit`, and none another owner holds', async () => {
    const { notifications } = t.stores;
    await queue(5);
    expect(billsOf(await notifications.lease('bff-a', 2, t.now() + LEASE))).toEqual(['B1', 'B2']);
    // Skipped, not waited for.
    expect(billsOf(await notifications.lease('bff-b', 10, t.now() + LEASE))).toEqual(['B3', 'B4', 'B5']);
    expect(await notifications.lease('bff-c', 10, t.now() + LEASE)).toEqual([]);
  });

  it('lets one owner claim a leased row, once; another owner, or one whose lease ran out, cannot', async () => {
    const { notifications } = t.stores;
    await queue(2);
    const [first, second] = await notifications.lease('bff-a', 2, t.now() + LEASE);
    expect(await notifications.claim(first!.id, 'bff-b')).toBe(false);
    expect(await notifications.claim(first!.id, 'bff-a')).toBe(true);
    expect(await notifications.claim(first!.id, 'bff-a')).toBe(false);
    expect(await notifications.counts()).toEqual({ sending: 1, pending: 1 });

    // bff-a's lease of the second row ran out before it claimed it: the lease is lost.
    t.advance(LEASE);
    expect(await notifications.claim(second!.id, 'bff-a')).toBe(false);
    expect(await notifications.counts()).toEqual({ sending: 1, pending: 1 });
  });

  it('frees a leased row whose lease ran out before it was claimed: another owner sends it', async () => {
    const { notifications } = t.stores;
    await queue(1);
    const [row] = await notifications.lease('bff-dead', 1, t.now() + LEASE);
    t.advance(LEASE - 1);
    expect(await notifications.lease('bff-b', 10, t.now() + LEASE)).toEqual([]);
    t.advance(1);
    const [taken] = await notifications.lease('bff-b', 10, t.now() + LEASE);
    expect(taken).toMatchObject({ id: row!.id, billId: 'B1', attempts: 0 });
    // The dead owner, back, lost it.
    expect(await notifications.claim(row!.id, 'bff-dead')).toBe(false);
    expect(await notifications.claim(row!.id, 'bff-b')).toBe(true);
  });

  it('makes rows left sending past their lease unknown — never sent again — and leaves live ones alone', async () => {
    const { notifications } = t.stores;
    await queue(3);
    const early = await notifications.lease('bff-dead', 2, t.now() + LEASE);
    for (const row of early) expect(await notifications.claim(row.id, 'bff-dead')).toBe(true);
    t.advance(LEASE / 2);
    const [late] = await notifications.lease('bff-live', 1, t.now() + LEASE);
    expect(await notifications.claim(late!.id, 'bff-live')).toBe(true);

    expect(await notifications.abandonExpired()).toBe(0);
    t.advance(LEASE / 2);
    expect(await notifications.abandonExpired()).toBe(2);
    expect(await notifications.abandonExpired()).toBe(0);
    expect(await notifications.counts()).toEqual({ unknown: 2, sending: 1 });
    expect(await notifications.lease('bff-b', 10, t.now() + LEASE)).toEqual([]);
    // The live owner finishes its send as usual.
    await notifications.done(late!.id, 'sent');
    expect(await notifications.counts()).toEqual({ unknown: 2, sent: 1 });
  });

  it('settles a row being sent once: a result for a row not being sent changes nothing', async () => {
    const { notifications } = t.stores;
    await queue(3);
    const rows = await notifications.lease('bff-a', 3, t.now() + LEASE);
    for (const row of rows) await notifications.claim(row.id, 'bff-a');
    await notifications.done(rows[0]!.id, 'sent');
    await notifications.done(rows[1]!.id, 'refused', '43101');
    await notifications.done(rows[2]!.id, 'failed', 'bill not found');
    await notifications.done(rows[0]!.id, 'failed', 'late');
    await notifications.retryAt(rows[1]!.id, t.now(), 'late');
    expect(await notifications.counts()).toEqual({ sent: 1, refused: 1, failed: 1 });
    expect(await notifications.lease('bff-a', 10, t.now() + LEASE)).toEqual([]);
  });

  it('retries a row at its time, with its attempts counted, and frees it for any owner then', async () => {
    const { notifications } = t.stores;
    await queue(1);
    const [row] = await notifications.lease('bff-a', 1, t.now() + LEASE);
    await notifications.claim(row!.id, 'bff-a');
    await notifications.retryAt(row!.id, t.now() + 2000, 'UPSTREAM_UNAVAILABLE');
    expect(await notifications.counts()).toEqual({ pending: 1 });
    expect(await notifications.lease('bff-b', 10, t.now() + LEASE)).toEqual([]);
    t.advance(2000);
    // bff-a's lease would still run: the retry cleared it.
    const [again] = await notifications.lease('bff-b', 10, t.now() + LEASE);
    expect(again).toMatchObject({ id: row!.id, attempts: 1 });
    expect(await notifications.claim(again!.id, 'bff-b')).toBe(true);
    await notifications.done(again!.id, 'sent');
    expect(await notifications.counts()).toEqual({ sent: 1 });
  });

  it('gives back the rows an owner leased and did not claim: due again for anyone at once, its sends untouched', async () => {
    const { notifications } = t.stores;
    await queue(4);
    const leased = await notifications.lease('bff-leaving', 3, t.now() + LEASE);
    expect(await notifications.claim(leased[0]!.id, 'bff-leaving')).toBe(true);
    await notifications.lease('bff-other', 1, t.now() + LEASE);

    expect(await notifications.release('bff-leaving')).toBe(2);
    expect(await notifications.release('bff-leaving')).toBe(0);
    // Well within the lease, another owner takes them; bff-other's row and the one being sent stay.
    expect(billsOf(await notifications.lease('bff-b', 10, t.now() + LEASE))).toEqual(['B2', 'B3']);
    expect(await notifications.claim(leased[1]!.id, 'bff-leaving')).toBe(false);
    expect(await notifications.counts()).toEqual({ sending: 1, pending: 3 });
    await notifications.done(leased[0]!.id, 'sent');
    expect(await notifications.counts()).toEqual({ sent: 1, pending: 3 });
  });

  it('leases nothing to anyone while the rows are leased: two owners racing get disjoint rows', async () => {
    const { notifications } = t.stores;
    await queue(6);
    const [a, b] = await Promise.all([
      notifications.lease('bff-a', 4, t.now() + LEASE),
      notifications.lease('bff-b', 4, t.now() + LEASE),
    ]);
    const ids = [...a, ...b].map((row) => row.id);
    expect(new Set(ids).size).toBe(6);
    expect(a.length + b.length).toBe(6);
  });
});
