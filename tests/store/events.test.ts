// Platform events and voucher events (EventStore): an event is stored once (a redelivery is
// told apart), with what it means for a person's codes; long-polls read a person's events
// after a cursor, and every instance finds who has news since an id.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest, T0 } from './support';

const AT = '2026-12-07T10:00:00.000Z';
const event = (eventId: string, type = 'code.scanned') => ({
  eventId,
  type,
  appId: 'YBMWXMP000000001',
  occurredAt: AT,
  payload: { eventId },
});

describe.each(STORE_IMPLEMENTATIONS)('the event store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('stores an event once, with its voucher event; a redelivery is false and adds nothing', async () => {
    const { events } = t.stores;
    const scanned = { psnNo: 'P001', code: 'CODE1', kind: 'scanned' as const, at: AT };
    expect(await events.record(event('E1'), scanned, T0)).toBe(true);
    expect(await events.record(event('E1'), scanned, T0 + 1)).toBe(false);
    expect(await events.record(event('E2', 'bill.created'), undefined, T0)).toBe(true);
    expect(await events.after('P001', 0)).toEqual([
      { id: expect.any(Number), kind: 'scanned', code: 'CODE1', at: AT },
    ]);
  });

  it('reads a person’s events after a cursor, in order, at most `limit`', async () => {
    const { events } = t.stores;
    const settlement = {
      setlId: 'S1',
      totalFen: 1000,
      fundFen: 600,
      accountFen: 300,
      cashFen: 100,
      settledAt: AT,
      institutionName: '绥化市第一大药房',
    };
    await events.record(event('E1'), { psnNo: 'P001', code: 'CODE1', kind: 'scanned', at: AT }, T0);
    await events.record(event('E2'), { psnNo: 'P002', code: 'CODE9', kind: 'scanned', at: AT }, T0);
    await events.record(
      event('E3'),
      {
        psnNo: 'P001',
        code: 'CODE1',
        kind: 'settled',
        institutionName: '绥化市第一大药房',
        settlement,
        at: AT,
      },
      T0,
    );
    await events.record(event('E4'), { psnNo: 'P001', code: 'CODE2', kind: 'scanned', at: AT }, T0);

    const all = await events.after('P001', 0);
    expect(all.map((e) => [e.kind, e.code])).toEqual([
      ['scanned', 'CODE1'],
      ['settled', 'CODE1'],
      ['scanned', 'CODE2'],
    ]);
    expect(all[1]).toMatchObject({ institutionName: '绥化市第一大药房', settlement });
    expect(all[0]!.id).toBeLessThan(all[1]!.id);
    expect(await events.after('P001', all[0]!.id)).toEqual(all.slice(1));
    expect(await events.after('P001', 0, 1)).toEqual(all.slice(0, 1));
    expect(await events.after('P001', all[2]!.id)).toEqual([]);
    expect(await events.latest('P001')).toBe(all[2]!.id);
    expect(await events.latest('P404')).toBe(0);
  });

  it('says who has news after an id, and the newest id of anyone', async () => {
    const { events } = t.stores;
    expect(await events.newestId()).toBe(0);
    expect(await events.since(0)).toEqual({ lastId: 0, psnNos: [] });
    await events.record(event('E1'), { psnNo: 'P001', code: 'C1', kind: 'scanned', at: AT }, T0);
    const mark = await events.newestId();
    await events.record(event('E2'), { psnNo: 'P002', code: 'C2', kind: 'scanned', at: AT }, T0);
    await events.record(event('E3'), { psnNo: 'P003', code: 'C3', kind: 'scanned', at: AT }, T0);
    await events.record(event('E4'), { psnNo: 'P002', code: 'C2', kind: 'verified', at: AT }, T0);
    const newest = await events.newestId();
    expect(newest).toBeGreaterThan(mark);
    const news = await events.since(mark);
    expect(news.lastId).toBe(newest);
    expect([...news.psnNos].sort()).toEqual(['P002', 'P003']);
    expect(await events.since(newest)).toEqual({ lastId: newest, psnNos: [] });
  });
});
