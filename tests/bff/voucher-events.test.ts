// The phone's long-poll for what counters did with its codes: it answers as soon as there
// is something past its cursor, and a wake that brings nothing new does not end it early.

import type { InsuranceChannels } from '../../bff/src/deps';
import { startEventWatch } from '../../bff/src/services/event-watch';
import { createNotifier } from '../../bff/src/services/notifier';
import { createRateLimiter } from '../../bff/src/services/rate-limit';
import { createVoucherService } from '../../bff/src/services/voucher';
import { createBindingStore } from '../../bff/src/store/bindings';
import { createRecordIds } from '../../bff/src/services/record-ids';
import { openBffDatabase } from '../../bff/src/store/db';
import type { SessionRecord } from '../../bff/src/store/sessions';
import { employeeBinding, storesOn } from '../support/bff';

function setup() {
  const db = openBffDatabase(':memory:');
  const stores = storesOn(db);
  const { events, bindings } = stores;
  const notifier = createNotifier();
  createBindingStore(db).save(employeeBinding('openid-employee', 'P1'));
  const service = createVoucherService({
    // The long-poll reads the BFF's own store only; the platform is never asked.
    insurance: { wechat: {} as InsuranceChannels['wechat'] },
    bindings,
    events,
    notifier,
    audit: stores.audit,
    codeLimiter: createRateLimiter({ limit: 30, windowMs: 60_000, now: Date.now }),
    recordIds: createRecordIds(Buffer.alloc(32, 22)),
  });
  const session = { channel: 'wechat', platformUserId: 'openid-employee' } as SessionRecord;
  let serial = 0;
  const store = async () => {
    serial += 1;
    await events.record(
      {
        eventId: `EV${serial}`,
        type: 'code.scanned',
        appId: 'YBMWXMP000000001',
        occurredAt: '2026-11-22T10:00:00Z',
        payload: {},
      },
      { psnNo: 'P1', code: `CODE${serial}`, kind: 'scanned', at: '2026-11-22T10:00:00Z' },
      Date.now(),
    );
  };
  return { db, events, notifier, service, session, store };
}

describe('voucher events long-poll', () => {
  it('keeps waiting through a wake with nothing past its cursor, and answers with the next event', async () => {
    const t = setup();
    await t.store();
    const first = await t.service.events(t.session, 0, 0);
    expect(first.events).toHaveLength(1);

    // The event watch announces the event again after this poll began past it.
    const watch = startEventWatch({ events: t.events, notifier: t.notifier, intervalMs: 0 });
    let answered = false;
    const poll = t.service.events(t.session, first.cursor, 5_000).then((page) => {
      answered = true;
      return page;
    });
    // Once the poll waits (the stores are asynchronous), a wake that brings nothing new.
    while (t.notifier.waiting() === 0) await new Promise((resolve) => setImmediate(resolve));
    await t.notifier.notify('P1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);

    await t.store();
    await watch.tick();
    const page = await poll;
    expect(page.events.map((event) => event.code)).toEqual(['CODE2']);
    expect(page.cursor).toBeGreaterThan(first.cursor);
    watch.stop();
    t.db.close();
  });

  it('answers empty when the time asked for runs out, and at once when asked not to wait', async () => {
    const t = setup();
    expect(await t.service.events(t.session, 0, 0)).toEqual({ cursor: 0, events: [] });
    const startedAt = performance.now();
    expect(await t.service.events(t.session, 0, 50)).toEqual({ cursor: 0, events: [] });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(45);
    t.db.close();
  });

  it('ends the wait when the phone goes away', async () => {
    const t = setup();
    const gone = new AbortController();
    const poll = t.service.events(t.session, 0, 60_000, gone.signal);
    gone.abort();
    expect(await poll).toEqual({ cursor: 0, events: [] });
    t.db.close();
  });
});
