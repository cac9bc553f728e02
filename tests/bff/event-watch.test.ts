// Two BFF processes on one database, played by two connections to one file: a settlement
// stored through one reaches a long-poll waiting in the other when the other's watch looks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startEventWatch } from '../../bff/src/services/event-watch';
import { createNotifier } from '../../bff/src/services/notifier';
import { openBffDatabase, type Db } from '../../bff/src/store/db';
import type { EventStore } from '../../bff/src/store/ports';
import { storesOn } from '../support/bff';

let dir: string;
let dbs: Db[];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-event-watch-'));
  dbs = [];
});
afterEach(() => {
  for (const db of dbs) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One "process": its own connection to the shared file and its own event store. */
function bffProcess(): EventStore {
  const db = openBffDatabase(path.join(dir, 'bff.sqlite'));
  dbs.push(db);
  return storesOn(db).events;
}

let serial = 0;
async function settle(store: EventStore, psnNo: string): Promise<void> {
  serial += 1;
  const eventId = `EV${serial}`;
  await store.record(
    {
      eventId,
      type: 'settlement.completed',
      appId: 'YBMWXMP000000001',
      occurredAt: '2026-11-22T10:00:00Z',
      payload: {},
    },
    { psnNo, code: `CODE${serial}`, kind: 'settled', at: '2026-11-22T10:00:00Z' },
    Date.parse('2026-11-22T10:00:00Z'),
  );
}

/** Whether the promise has settled by now (once pending callbacks have run). */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('startEventWatch', () => {
  it("wakes this process's long-poll for an event another process stored", async () => {
    const webhookSide = bffProcess();
    const pollSide = bffProcess();
    const notifier = createNotifier();
    const watch = startEventWatch({ events: pollSide, notifier, intervalMs: 0 });

    const waiting = notifier.wait('P1', 60_000);
    await settle(webhookSide, 'P1');
    expect(await settled(waiting)).toBe(false); // nothing told this process yet
    await watch.tick();
    expect(await settled(waiting)).toBe(true);
    expect((await pollSide.after('P1', 0)).map((event) => event.kind)).toEqual(['settled']);
    watch.stop();
  });

  it('names each new event once, never the ones from before it started, and keeps its place while nobody waits', async () => {
    const webhookSide = bffProcess();
    const pollSide = bffProcess();
    await settle(webhookSide, 'OLD');
    const notify = jest.fn(async (_psnNo: string) => undefined);
    const watch = startEventWatch({ events: pollSide, notifier: { notify }, intervalMs: 0 });

    await watch.tick();
    expect(notify).not.toHaveBeenCalled();
    await settle(webhookSide, 'P1');
    await settle(webhookSide, 'P2');
    await settle(webhookSide, 'P1');
    await watch.tick();
    expect(notify.mock.calls.map(([psnNo]) => psnNo).sort()).toEqual(['P1', 'P2']);
    notify.mockClear();
    await watch.tick();
    expect(notify).not.toHaveBeenCalled();
    watch.stop();
  });

  it('reports a failed look and keeps watching', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const events = {
      newestId: async () => 0,
      since: async (id: number) => {
        if (fail) throw new Error('database is locked');
        return { lastId: id + 1, psnNos: ['P9'] };
      },
    };
    const notify = jest.fn(async (_psnNo: string) => undefined);
    const watch = startEventWatch({
      events,
      notifier: { notify },
      intervalMs: 0,
      onError: (e) => errors.push(e),
    });
    await watch.tick();
    expect(errors).toHaveLength(1);
    fail = false;
    await watch.tick();
    expect(notify).toHaveBeenCalledWith('P9');
    watch.stop();
  });
});
