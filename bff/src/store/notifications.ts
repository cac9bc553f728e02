// The push outbox: one row per bill and recipient, claimed ('sending') before each send.
import type { Db } from './db';
import type { Channel } from './sessions';
import type { NotificationStatus, Notification } from './records';

export type { NotificationStatus, Notification };

export function createNotificationStore(db: Db, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO notifications (bill_id, channel, platform_user_id, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING`,
  );
  const due = db.prepare<[number, number], Notification>(
    `SELECT id, bill_id AS billId, channel, platform_user_id AS platformUserId, attempts
     FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const claim = db.prepare(
    "UPDATE notifications SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
  );
  const settle = db.prepare(
    "UPDATE notifications SET status = ?, sent_at = ?, last_error = ? WHERE id = ? AND status = 'sending'",
  );
  const retry = db.prepare(
    "UPDATE notifications SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'sending'",
  );
  const orphaned = db.prepare(
    "UPDATE notifications SET status = 'unknown', last_error = ? WHERE status = 'sending'",
  );
  const counts = db.prepare<[], { status: NotificationStatus; n: number }>(
    'SELECT status, count(*) AS n FROM notifications GROUP BY status',
  );

  return {
    enqueue(billId: string, channel: Channel, platformUserId: string) {
      insert.run(billId, channel, platformUserId, now(), now());
    },
    due: (limit: number) => due.all(now(), limit),
    /** Marks one row as being sent; false when another dispatcher took it. */
    claim: (id: number) => claim.run(id).changes === 1,
    done(id: number, status: Extract<NotificationStatus, 'sent' | 'refused' | 'failed'>, error?: string) {
      settle.run(status, status === 'sent' ? now() : null, error ?? null, id);
    },
    retryAt(id: number, at: number, error: string) {
      retry.run(at, error, id);
    },
    /**
     * At start-up: rows a crashed process left 'sending' may or may not have reached the
     * platform. WeChat has no idempotent send, so they are not sent again.
     */
    abandonInFlight: () => orphaned.run('interrupted by a restart while sending').changes,
    counts: () =>
      Object.fromEntries(counts.all().map((row) => [row.status, row.n])) as Partial<
        Record<NotificationStatus, number>
      >,
  };
}

export type SqliteNotificationStore = ReturnType<typeof createNotificationStore>;
