// Orders for bills' cash parts at WeChat Pay or Alipay, the payment notifications accepted, and
// cash refunds. Every state change is one conditional UPDATE from the states it may leave, so
// a notification, a query and a second device racing on one order move it once; the partial
// unique index keeps one live order per bill.
import type { Db } from './db';
import type {
  CashProvider,
  CashOrderStatus,
  CashOrder,
  CashRefundReason,
  CashRefundStatus,
  CashRefund,
} from './records';

export type { CashProvider, CashOrderStatus, CashOrder, CashRefundReason, CashRefundStatus, CashRefund };

const ORDER_COLUMNS = `order_id AS orderId, bill_id AS billId, psn_no AS psnNo, channel, provider, payer,
  amount_fen AS amountFen, status, platform_ref AS platformRef, trade_no AS tradeNo, paid_at AS paidAt,
  confirmed_at AS confirmedAt, expires_at AS expiresAt, checked_at AS checkedAt, created_at AS createdAt`;
const REFUND_COLUMNS = `refund_id AS refundId, order_id AS orderId, bill_id AS billId, psn_no AS psnNo,
  amount_fen AS amountFen, reason, event_id AS eventId, status, attempts, next_attempt_at AS nextAttemptAt,
  last_error AS lastError, created_at AS createdAt`;
const LIVE = "('placing', 'open', 'paid', 'confirmed')";

export function createCashOrderStore(db: Db, now: () => number) {
  const byId = db.prepare<[string], CashOrder>(`SELECT ${ORDER_COLUMNS} FROM cash_orders WHERE order_id = ?`);
  const live = db.prepare<[string], CashOrder>(
    `SELECT ${ORDER_COLUMNS} FROM cash_orders WHERE bill_id = ? AND status IN ${LIVE}`,
  );
  const insert = db.prepare(
    `INSERT INTO cash_orders (order_id, bill_id, psn_no, channel, provider, payer, amount_fen, status,
       expires_at, created_at, updated_at)
     VALUES (@orderId, @billId, @psnNo, @channel, @provider, @payer, @amountFen, 'placing', @expiresAt, @at, @at)
     ON CONFLICT DO NOTHING`,
  );
  const opened = db.prepare(
    `UPDATE cash_orders SET status = 'open', platform_ref = ?, updated_at = ?
     WHERE order_id = ? AND status IN ('placing', 'open')`,
  );
  const checked = db.prepare('UPDATE cash_orders SET checked_at = ?, updated_at = ? WHERE order_id = ?');
  const paid = db.prepare(
    `UPDATE cash_orders SET status = 'paid', trade_no = ?, paid_at = ?, updated_at = ?
     WHERE order_id = ? AND status IN ('placing', 'open')`,
  );
  const returned = db.prepare(
    `UPDATE cash_orders SET status = 'returned', trade_no = ?, paid_at = ?, updated_at = ?
     WHERE order_id = ? AND status IN ('placing', 'open', 'paid', 'closed')`,
  );
  const closed = db.prepare(
    `UPDATE cash_orders SET status = 'closed', updated_at = ? WHERE order_id = ? AND status IN ('placing', 'open')`,
  );
  const confirmed = db.prepare(
    `UPDATE cash_orders SET status = 'confirmed', confirmed_at = ?, updated_at = ? WHERE order_id = ? AND status = 'paid'`,
  );
  const withStatus = db.prepare<[string], CashOrder>(
    `SELECT ${ORDER_COLUMNS} FROM cash_orders WHERE status = ? ORDER BY created_at`,
  );
  const unsettled = db.prepare<[number], CashOrder>(
    `SELECT ${ORDER_COLUMNS} FROM cash_orders
     WHERE status IN ('placing', 'open') AND coalesce(checked_at, created_at) <= ? ORDER BY created_at LIMIT 100`,
  );
  const latest = db.prepare<[string], CashOrder>(
    `SELECT ${ORDER_COLUMNS} FROM cash_orders WHERE bill_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const confirmedOf = db.prepare<[string], CashOrder>(
    `SELECT ${ORDER_COLUMNS} FROM cash_orders WHERE bill_id = ? AND status = 'confirmed'`,
  );
  const insertNotification = db.prepare(
    `INSERT INTO cash_notifications (provider, notification_id, order_id, outcome, received_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const insertRefund = db.prepare(
    `INSERT INTO cash_refunds (refund_id, order_id, bill_id, psn_no, amount_fen, reason, event_id, status,
       next_attempt_at, created_at)
     VALUES (@refundId, @orderId, @billId, @psnNo, @amountFen, @reason, @eventId, 'pending', @at, @at)
     ON CONFLICT DO NOTHING`,
  );
  const refundById = db.prepare<[string], CashRefund>(
    `SELECT ${REFUND_COLUMNS} FROM cash_refunds WHERE refund_id = ?`,
  );
  const dueRefunds = db.prepare<[number], CashRefund>(
    `SELECT ${REFUND_COLUMNS} FROM cash_refunds
     WHERE status IN ('pending', 'processing') AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 50`,
  );
  const refundsOfOrder = db.prepare<[string], CashRefund>(
    `SELECT ${REFUND_COLUMNS} FROM cash_refunds WHERE order_id = ? ORDER BY created_at`,
  );
  const refundRetry = db.prepare(
    `UPDATE cash_refunds SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?,
       platform_refund_id = coalesce(?, platform_refund_id)
     WHERE refund_id = ? AND status IN ('pending', 'processing')`,
  );
  const refundEnded = db.prepare(
    `UPDATE cash_refunds SET status = ?, attempts = attempts + 1, last_error = ?, done_at = ?,
       platform_refund_id = coalesce(?, platform_refund_id)
     WHERE refund_id = ? AND status IN ('pending', 'processing')`,
  );

  return {
    get: (orderId: string) => byId.get(orderId),
    /** The bill's order that may still take (or took) its cash, if any. */
    liveOf: (billId: string) => live.get(billId),
    confirmedOf: (billId: string) => confirmedOf.get(billId),
    /** The bill's newest order, whatever became of it. */
    latestOf: (billId: string) => latest.get(billId),
    /** Writes a new order as 'placing'; false when the bill already has a live one. */
    insertPlacing(
      order: Omit<
        CashOrder,
        'status' | 'platformRef' | 'tradeNo' | 'paidAt' | 'confirmedAt' | 'checkedAt' | 'createdAt'
      >,
    ): boolean {
      return insert.run({ ...order, at: now() }).changes === 1;
    },
    markOpen: (orderId: string, platformRef: string) => opened.run(platformRef, now(), orderId).changes === 1,
    markChecked: (orderId: string) => void checked.run(now(), now(), orderId),
    /** The platform said paid; false when the order was not waiting for payment. */
    markPaid: (orderId: string, payment: { tradeNo: string; paidAt: string }) =>
      paid.run(payment.tradeNo, payment.paidAt, now(), orderId).changes === 1,
    /** Money the platform took that cannot count for the bill: it goes back. */
    markReturned: (orderId: string, payment: { tradeNo: string | null; paidAt: string | null }) =>
      returned.run(payment.tradeNo, payment.paidAt, now(), orderId).changes === 1,
    markClosed: (orderId: string) => closed.run(now(), orderId).changes === 1,
    markConfirmed: (orderId: string) => confirmed.run(now(), now(), orderId).changes === 1,
    /** Paid at the platform, not yet confirmed to the insurance platform. */
    awaitingConfirmation: () => withStatus.all('paid'),
    /** Placing or open orders not looked at since `before`. */
    unsettled: (before: number) => unsettled.all(before),
    /** Records a notification once; false when it was already recorded. */
    recordNotification: (provider: CashProvider, notificationId: string, orderId: string, outcome: string) =>
      insertNotification.run(provider, notificationId, orderId, outcome, now()).changes === 1,
    refunds: {
      add(
        refund: Pick<
          CashRefund,
          'refundId' | 'orderId' | 'billId' | 'psnNo' | 'amountFen' | 'reason' | 'eventId'
        >,
      ) {
        return insertRefund.run({ ...refund, at: now() }).changes === 1;
      },
      get: (refundId: string) => refundById.get(refundId),
      due: () => dueRefunds.all(now()),
      ofOrder: (orderId: string) => refundsOfOrder.all(orderId),
      /** Not finished: try (or look) again at `nextAttemptAt`. */
      retry(
        refundId: string,
        status: 'pending' | 'processing',
        nextAttemptAt: number,
        error?: string,
        platformRefundId?: string,
      ) {
        refundRetry.run(status, nextAttemptAt, error ?? null, platformRefundId ?? null, refundId);
      },
      /** Finished, for good; false when it already was. */
      end(refundId: string, status: 'done' | 'failed', error?: string, platformRefundId?: string): boolean {
        return (
          refundEnded.run(status, error ?? null, now(), platformRefundId ?? null, refundId).changes === 1
        );
      },
    },
  };
}

export type SqliteCashOrderStore = ReturnType<typeof createCashOrderStore>;
