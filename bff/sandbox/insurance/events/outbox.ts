// Events for the BFF (settlement.completed / .reversed / .reinstated, bill.created, …): written to the outbox in the
// same transaction as the change they report; a dispatcher POSTs them to the webhook. A
// dispatcher in this process hears of new events right after the turn that wrote them
// (the change has committed by then), so the phone sees a scan at once, not at the next poll.
import type { EventType } from '@ybm/shared/protocol';

import type { Db } from '../../lib/sqlite';
import type { SandboxContext } from '../context';
import { isoNow, newId } from '../context';
import { preparedFor } from '../domain/prepared';

const statements = preparedFor((db) => ({
  insert: db.prepare(
    `INSERT INTO events (event_id, type, app_id, payload_json, created_at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
}));

const listeners = new WeakMap<Db, Set<() => void>>();
const pending = new WeakSet<Db>();

/** Calls `listener` after each turn that queued events on `db`; returns the unsubscribe. */
export function onEventsQueued(db: Db, listener: () => void): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

function announce(db: Db): void {
  if (pending.has(db) || !listeners.get(db)?.size) return;
  pending.add(db);
  setImmediate(() => {
    pending.delete(db);
    for (const listener of listeners.get(db) ?? []) listener();
  });
}

/** Queues one event; `appId` is the channel whose BFF should hear of it (null: all). */
export function enqueueEvent(
  ctx: Pick<SandboxContext, 'db' | 'now' | 'random'>,
  event: { type: EventType; appId?: string | null; payload: Record<string, unknown> },
): string {
  const eventId = newId(ctx, 'EVT', 12);
  const at = isoNow(ctx);
  statements(ctx.db).insert.run(
    eventId,
    event.type,
    event.appId ?? null,
    JSON.stringify(event.payload),
    at,
    at,
  );
  announce(ctx.db);
  return eventId;
}
