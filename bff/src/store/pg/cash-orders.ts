// Orders for bills' cash parts, the payment notifications accepted, and cash refunds
// (CashOrderStore) on PostgreSQL. Every state change is one conditional UPDATE from the states
// it may leave: a notification, a query and a second instance racing on one order move it once
// (the loser's UPDATE waits for the winner's row lock, then finds the state changed). The
// partial unique index keeps one live order per bill, across instances.
import type { CashOrderStore } from '../ports';
import type { CashOrder, CashRefund } from '../records';
import type { PgDb } from './sql';

const ORDER_COLUMNS = `order_id AS "orderId", bill_id AS "billId", psn_no AS "psnNo", channel, provider, payer,
  amount_fen AS "amountFen", status, platform_ref AS "platformRef", trade_no AS "tradeNo", paid_at AS "paidAt",
  confirmed_at AS "confirmedAt", expires_at AS "expiresAt", checked_at AS "checkedAt", created_at AS "createdAt"`;
const REFUND_COLUMNS = `refund_id AS "refundId", order_id AS "orderId", bill_id AS "billId", psn_no AS "psnNo",
  amount_fen AS "amountFen", reason, event_id AS "eventId", status, attempts, next_attempt_at AS "nextAttemptAt",
  last_error AS "lastError", created_at AS "createdAt"`;
const LIVE = "('placing', 'open', 'paid', 'confirmed')";

export function createPgCashOrderStore(db: PgDb, now: () => number): CashOrderStore {
  const order = async (where: string, values: unknown[]) =>
    (await db.rows<CashOrder>(`SELECT ${ORDER_COLUMNS} FROM cash_orders WHERE ${where}`, values))[0];
  const orders = (where: string, values: unknown[]) =>
    db.rows<CashOrder>(`SELECT ${ORDER_COLUMNS} FROM cash_orders WHERE ${where}`, values);
  const moved = async (sql: string, values: unknown[]) => (await db.run(sql, values)) === 1;

  return {
    get: (orderId) => order('order_id = $1', [orderId]),
    liveOf: (billId) => order(`bill_id = $1 AND status IN ${LIVE}`, [billId]),
    confirmedOf: (billId) => order(`bill_id = $1 AND status = 'confirmed'`, [billId]),
    latestOf: (billId) => order('bill_id = $1 ORDER BY created_at DESC, seq DESC LIMIT 1', [billId]),
    insertPlacing: (o) =>
      moved(
        `INSERT INTO cash_orders (order_id, bill_id, psn_no, channel, provider, payer, amount_fen, status,
           expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'placing', $8, $9, $9) ON CONFLICT DO NOTHING`,
        [o.orderId, o.billId, o.psnNo, o.channel, o.provider, o.payer, o.amountFen, o.expiresAt, now()],
      ),
    markOpen: (orderId, platformRef) =>
      moved(
        `UPDATE cash_orders SET status = 'open', platform_ref = $2, updated_at = $3
         WHERE order_id = $1 AND status IN ('placing', 'open')`,
        [orderId, platformRef, now()],
      ),
    async markChecked(orderId) {
      await db.run('UPDATE cash_orders SET checked_at = $2, updated_at = $2 WHERE order_id = $1', [
        orderId,
        now(),
      ]);
    },
    markPaid: (orderId, payment) =>
      moved(
        `UPDATE cash_orders SET status = 'paid', trade_no = $2, paid_at = $3, updated_at = $4
         WHERE order_id = $1 AND status IN ('placing', 'open')`,
        [orderId, payment.tradeNo, payment.paidAt, now()],
      ),
    markReturned: (orderId, payment) =>
      moved(
        `UPDATE cash_orders SET status = 'returned', trade_no = $2, paid_at = $3, updated_at = $4
         WHERE order_id = $1 AND status IN ('placing', 'open', 'paid', 'closed')`,
        [orderId, payment.tradeNo, payment.paidAt, now()],
      ),
    markClosed: (orderId) =>
      moved(
        `UPDATE cash_orders SET status = 'closed', updated_at = $2
         WHERE order_id = $1 AND status IN ('placing', 'open')`,
        [orderId, now()],
      ),
    markConfirmed: (orderId) =>
      moved(
        `UPDATE cash_orders SET status = 'confirmed', confirmed_at = $2, updated_at = $2
         WHERE order_id = $1 AND status = 'paid'`,
        [orderId, now()],
      ),
    awaitingConfirmation: () => orders(`status = 'paid' ORDER BY created_at`, []),
    unsettled: (before) =>
      orders(
        `status IN ('placing', 'open') AND coalesce(checked_at, created_at) <= $1 ORDER BY created_at LIMIT 100`,
        [before],
      ),
    recordNotification: (provider, notificationId, orderId, outcome) =>
      moved(
        `INSERT INTO cash_notifications (provider, notification_id, order_id, outcome, received_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [provider, notificationId, orderId, outcome, now()],
      ),
    refunds: {
      add: (refund) =>
        moved(
          `INSERT INTO cash_refunds (refund_id, order_id, bill_id, psn_no, amount_fen, reason, event_id, status,
             next_attempt_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8) ON CONFLICT DO NOTHING`,
          [
            refund.refundId,
            refund.orderId,
            refund.billId,
            refund.psnNo,
            refund.amountFen,
            refund.reason,
            refund.eventId,
            now(),
          ],
        ),
      async get(refundId) {
        const [row] = await db.rows<CashRefund>(
          `SELECT ${REFUND_COLUMNS} FROM cash_refunds WHERE refund_id = $1`,
          [refundId],
        );
        return row;
      },
      due: () =>
        db.rows<CashRefund>(
          `SELECT ${REFUND_COLUMNS} FROM cash_refunds
           WHERE status IN ('pending', 'processing') AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 50`,
          [now()],
        ),
      ofOrder: (orderId) =>
        db.rows<CashRefund>(
          `SELECT ${REFUND_COLUMNS} FROM cash_refunds WHERE order_id = $1 ORDER BY created_at`,
          [orderId],
        ),
      async retry(refundId, status, nextAttemptAt, error, platformRefundId) {
        await db.run(
          `UPDATE cash_refunds SET status = $2, attempts = attempts + 1, next_attempt_at = $3, last_error = $4,
             platform_refund_id = coalesce($5, platform_refund_id)
           WHERE refund_id = $1 AND status IN ('pending', 'processing')`,
          [refundId, status, nextAttemptAt, error ?? null, platformRefundId ?? null],
        );
      },
      end: (refundId, status, error, platformRefundId) =>
        moved(
          `UPDATE cash_refunds SET status = $2, attempts = attempts + 1, last_error = $3, done_at = $4,
             platform_refund_id = coalesce($5, platform_refund_id)
           WHERE refund_id = $1 AND status IN ('pending', 'processing')`,
          [refundId, status, error ?? null, now(), platformRefundId ?? null],
        ),
    },
  };
}
