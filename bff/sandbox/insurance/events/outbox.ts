// Events for the BFF (settlement.completed, bill.created): written to the outbox in the
// same transaction as the change they report; a dispatcher POSTs them to the webhook.
import type { SandboxContext } from '../context';
import { isoNow, newId } from '../context';

export type EventType =
  | 'code.scanned'
  | 'code.verified'
  | 'settlement.completed'
  | 'bill.created'
  | 'bill.revoked'
  | 'refund.completed';

/** Queues one event; `appId` is the channel whose BFF should hear of it (null: all). */
export function enqueueEvent(
  ctx: Pick<SandboxContext, 'db' | 'now' | 'random'>,
  event: { type: EventType; appId?: string | null; payload: Record<string, unknown> },
): string {
  const eventId = newId(ctx, 'EVT', 12);
  const at = isoNow(ctx);
  ctx.db
    .prepare(
      `INSERT INTO events (event_id, type, app_id, payload_json, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(eventId, event.type, event.appId ?? null, JSON.stringify(event.payload), at, at);
  return eventId;
}
