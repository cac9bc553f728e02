// The push outbox (NotificationStore) on PostgreSQL, shared by every instance. A dispatcher
// leases due rows (owner, lease_until) with FOR UPDATE SKIP LOCKED, so two dispatchers
// leasing at once get disjoint rows and neither waits for the other; it claims each leased row
// ('sending') right before the send. A row whose lease ran out unclaimed is leased again by
// anyone (its dispatcher died before sending), and a restarted instance under the same name
// takes back what it held; a row left 'sending' past its lease becomes 'unknown' and is never
// sent again (WeChat has no idempotent send: at most once). The owner stays on an abandoned
// row: whose send was cut off is worth knowing.
import type { NotificationStore } from '../ports';
import type { Notification, NotificationStatus } from '../records';
import type { PgDb } from './sql';

export function createPgNotificationStore(db: PgDb, now: () => number): NotificationStore {
  return {
    async enqueue(billId, channel, platformUserId) {
      const at = now();
      await db.run(
        `INSERT INTO notifications (bill_id, channel, platform_user_id, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, 'pending', $4, $4) ON CONFLICT DO NOTHING`,
        [billId, channel, platformUserId, at],
      );
    },
    async lease(owner, limit, leaseUntil) {
      const rows = await db.rows<Notification & { nextAttemptAt: number }>(
        `UPDATE notifications SET owner = $1, lease_until = $2
         WHERE id IN (
           SELECT id FROM notifications
           WHERE status = 'pending' AND next_attempt_at <= $3
             AND (owner IS NULL OR lease_until IS NULL OR lease_until <= $3 OR owner = $1)
           ORDER BY next_attempt_at, id LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING id, bill_id AS "billId", channel, platform_user_id AS "platformUserId", attempts,
           next_attempt_at AS "nextAttemptAt"`,
        [owner, leaseUntil, now(), limit],
      );
      // RETURNING keeps no order: oldest due first, as the subquery chose them.
      return rows
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
        .map(({ nextAttemptAt: _, ...row }) => row);
    },
    async claim(id, owner) {
      const claimed = await db.run(
        `UPDATE notifications SET status = 'sending', attempts = attempts + 1
         WHERE id = $1 AND status = 'pending' AND owner = $2 AND lease_until > $3`,
        [id, owner, now()],
      );
      return claimed === 1;
    },
    async done(id, status, error) {
      await db.run(
        `UPDATE notifications SET status = $2, sent_at = $3, last_error = $4, owner = NULL, lease_until = NULL
         WHERE id = $1 AND status = 'sending'`,
        [id, status, status === 'sent' ? now() : null, error ?? null],
      );
    },
    async retryAt(id, at, error) {
      await db.run(
        `UPDATE notifications SET status = 'pending', next_attempt_at = $2, last_error = $3, owner = NULL,
           lease_until = NULL
         WHERE id = $1 AND status = 'sending'`,
        [id, at, error],
      );
    },
    abandonExpired: () =>
      db.run(
        `UPDATE notifications SET status = 'unknown', last_error = $1
         WHERE status = 'sending' AND (lease_until IS NULL OR lease_until <= $2)`,
        ['its dispatcher stopped while sending (lease ran out)', now()],
      ),
    release: (owner) =>
      db.run(
        `UPDATE notifications SET owner = NULL, lease_until = NULL WHERE status = 'pending' AND owner = $1`,
        [owner],
      ),
    async counts() {
      const rows = await db.rows<{ status: NotificationStatus; n: number }>(
        'SELECT status, count(*) AS n FROM notifications GROUP BY status',
      );
      return Object.fromEntries(rows.map((row) => [row.status, row.n])) as Partial<
        Record<NotificationStatus, number>
      >;
    },
  };
}
