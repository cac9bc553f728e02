// The inbox (InboxStore): one notice per event and person, paged newest first; read marks are
// the person's own.
import type { InboxEntry } from '../../bff/src/store/records';
import { STORE_IMPLEMENTATIONS } from './implementations';
import { platformEvent, storesUnderTest } from './support';

describe.each(STORE_IMPLEMENTATIONS)('the inbox on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  /** A notice of event `eventId` for `psnNo` (the event recorded first, as the webhook does). */
  async function notice(eventId: string, psnNo = 'P001', extra: Partial<InboxEntry> = {}) {
    await platformEvent(t.stores, eventId);
    await t.stores.inbox.add({
      psnNo,
      kind: 'settlement',
      title: '医保结算成功',
      body: `结算 ${eventId}`,
      eventId,
      createdAt: '2026-12-07T10:00:00.000Z',
      ...extra,
    });
  }

  it('keeps one notice per event and person, as written, unread', async () => {
    const { inbox } = t.stores;
    await notice('E1', 'P001', { kind: 'bill', title: '待支付账单', billId: 'B1' });
    await notice('E1', 'P001', { kind: 'bill', title: '待支付账单', billId: 'B1' });
    await notice('E1', 'P002', { kind: 'bill', title: '待支付账单', billId: 'B1' });
    const { messages } = await inbox.page('P001', { limit: 10 });
    expect(messages).toEqual([
      {
        id: expect.any(Number),
        kind: 'bill',
        title: '待支付账单',
        body: '结算 E1',
        billId: 'B1',
        createdAt: '2026-12-07T10:00:00.000Z',
        read: false,
      },
    ]);
    expect(await inbox.unread('P001')).toBe(1);
    expect(await inbox.unread('P002')).toBe(1);
  });

  it('pages newest first, with where the next page starts, until there is none', async () => {
    const { inbox } = t.stores;
    for (let i = 1; i <= 5; i += 1) await notice(`E${i}`, 'P001', { setlId: `S${i}` });
    await notice('E9', 'P002');
    const first = await inbox.page('P001', { limit: 2 });
    expect(first.messages.map((m) => m.setlId)).toEqual(['S5', 'S4']);
    expect(first.nextBefore).toBeDefined();
    const second = await inbox.page('P001', { limit: 2, before: first.nextBefore });
    expect(second.messages.map((m) => m.setlId)).toEqual(['S3', 'S2']);
    const third = await inbox.page('P001', { limit: 2, before: second.nextBefore });
    expect(third.messages.map((m) => m.setlId)).toEqual(['S1']);
    expect(third.nextBefore).toBeUndefined();
    expect((await inbox.page('P001', { limit: 5 })).nextBefore).toBeUndefined();
    expect(await inbox.page('P404', { limit: 5 })).toEqual({ messages: [] });
  });

  it('marks a notice read for its person only; another person’s id is refused', async () => {
    const { inbox } = t.stores;
    await notice('E1', 'P001');
    await notice('E2', 'P002');
    const [mine] = (await inbox.page('P001', { limit: 1 })).messages;
    const [theirs] = (await inbox.page('P002', { limit: 1 })).messages;
    expect(await inbox.markRead('P001', theirs!.id)).toBe(false);
    expect(await inbox.unread('P002')).toBe(1);
    expect(await inbox.markRead('P001', mine!.id)).toBe(true);
    expect(await inbox.markRead('P001', mine!.id)).toBe(true);
    expect(await inbox.markRead('P001', 987_654)).toBe(false);
    expect(await inbox.unread('P001')).toBe(0);
    expect((await inbox.page('P001', { limit: 1 })).messages[0]?.read).toBe(true);
  });

  it('reads the person’s notice of a bill when the bill is opened, and no other', async () => {
    const { inbox } = t.stores;
    await notice('E1', 'P001', { kind: 'bill', billId: 'B1' });
    await notice('E2', 'P001', { kind: 'settlement', billId: 'B1' });
    await notice('E3', 'P001', { kind: 'bill', billId: 'B2' });
    await notice('E1', 'P002', { kind: 'bill', billId: 'B1' });
    await inbox.markBillRead('P001', 'B1');
    const read = (await inbox.page('P001', { limit: 10 })).messages.map((m) => [m.kind, m.billId, m.read]);
    expect(read).toEqual([
      ['bill', 'B2', false],
      ['settlement', 'B1', false],
      ['bill', 'B1', true],
    ]);
    expect(await inbox.unread('P002')).toBe(1);
  });
});
