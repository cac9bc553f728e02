// The push outbox: one row per bill and recipient. A dispatcher leases a few due rows (its
// INSTANCE_ID, until a time), then claims each ('sending') just before its send; several BFF
// instances share the outbox that way, and a dead one's rows are taken over once its lease
// runs out (pending rows are sent by another, 'sending' ones become 'unknown').
import type { Db } from './db';
import type { Channel } from './sessions';
import type { NotificationStatus, Notification } from './records';

export type { NotificationStatus, Notification };

const COLUMNS = 'id, bill_id AS billId, channel, platform_user_id AS platformUserId, attempts';

export function createNotificationStore(db: Db, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO notifications (bill_id, channel, platform_user_id, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING`,
  );
  // One statement: no other connection on the file sees the rows half leased. A row is free when
  // nobody holds it, its lease ran out, or its holder is the one asking (a restarted instance
  // with the same INSTANCE_ID takes back what it had not claimed).
  const lease = db.prepare<[string, number, number, number, string, number], Notification & { due: number }>(
    `UPDATE notifications SET owner = ?, lease_until = ?
     WHERE id IN (
       SELECT id FROM notifications
       WHERE status = 'pending' AND next_attempt_at <= ?
         AND (owner IS NULL OR lease_until IS NULL OR lease_until <= ? OR owner = ?)
       ORDER BY next_attempt_at, id LIMIT ?
     )
     RETURNING ${COLUMNS}, next_attempt_at AS due`,
  );
  const claim = db.prepare(
    `UPDATE notifications SET status = 'sending', attempts = attempts + 1
     WHERE id = ? AND status = 'pending' AND owner = ? AND lease_until > ?`,
  );
  const settle = db.prepare(
    `UPDATE notifications SET status = ?, sent_at = ?, last_error = ?, owner = NULL, lease_until = NULL
     WHERE id = ? AND status = 'sending'`,
  );
  const retry = db.prepare(
    `UPDATE notifications SET status = 'pending', next_attempt_at = ?, last_error = ?, owner = NULL, lease_until = NULL
     WHERE id = ? AND status = 'sending'`,
  );
  // The owner stays on the row: whose send was cut off is worth knowing.
  const expired = db.prepare(
    `UPDATE notifications SET status = 'unknown', last_error = ?
     WHERE status = 'sending' AND (lease_until IS NULL OR lease_until <= ?)`,
  );
  const release = db.prepare(
    `UPDATE notifications SET owner = NULL, lease_until = NULL WHERE status = 'pending' AND owner = ?`,
  );
  const counts = db.prepare<[], { status: NotificationStatus; n: number }>(
    'SELECT status, count(*) AS n FROM notifications GROUP BY status',
  );

  return {
    enqueue(billId: string, channel: Channel, platformUserId: string) {
      insert.run(billId, channel, platformUserId, now(), now());
    },
    lease(owner: string, limit: number, leaseUntil: number): Notification[] {
      const at = now();
      // RETURNING has no order: oldest due first, as they were chosen.
      return lease
        .all(owner, leaseUntil, at, at, owner, limit)
        .sort((a, b) => a.due - b.due || a.id - b.id)
        .map(({ due: _due, ...row }) => row);
    },
    /** Marks a row this owner leased as being sent; false when the lease was lost (or ran out). */
    claim: (id: number, owner: string) => claim.run(id, owner, now()).changes === 1,
    done(id: number, status: Extract<NotificationStatus, 'sent' | 'refused' | 'failed'>, error?: string) {
      settle.run(status, status === 'sent' ? now() : null, error ?? null, id);
    },
    retryAt(id: number, at: number, error: string) {
      retry.run(at, error, id);
    },
    /**
     * Rows left 'sending' past their lease may or may not have reached the platform. WeChat has
     * no idempotent send, so they are not sent again.
     */
    abandonExpired: () => expired.run('its dispatcher stopped while sending (lease ran out)', now()).changes,
    /** Rows this owner leased and did not claim are free again (it shuts down). */
    release: (owner: string) => release.run(owner).changes,
    counts: () =>
      Object.fromEntries(counts.all().map((row) => [row.status, row.n])) as Partial<
        Record<NotificationStatus, number>
      >,
  };
}

export type SqliteNotificationStore = ReturnType<typeof createNotificationStore>;
