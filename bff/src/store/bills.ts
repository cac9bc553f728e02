// Bills and their payment state. Every state change is one conditional UPDATE, so two
// devices paying at once cannot both move a bill out of 'unpaid'. Refunds are kept on the
// bill as the platform reported them, oldest first.
import type { Bill, BillRefund, BillStatus } from '@ybm/shared';

import type { Db } from './db';
import type { BillDetails, BillRecord } from './records';

export type { BillDetails, BillRecord };

interface Row {
  billId: string;
  psnNo: string;
  appId: string;
  payToken: string;
  status: BillStatus;
  detailsJson: string;
  createdAt: string;
  payingRequestId: string | null;
  orgBizSer: string | null;
  payingSince: number | null;
  resultJson: string | null;
  refundsJson: string;
}

const fromRow = (row: Row): BillRecord => ({
  billId: row.billId,
  psnNo: row.psnNo,
  appId: row.appId,
  payToken: row.payToken,
  status: row.status,
  details: JSON.parse(row.detailsJson) as BillDetails,
  createdAt: row.createdAt,
  payingRequestId: row.payingRequestId,
  orgBizSer: row.orgBizSer,
  payingSince: row.payingSince,
  result: row.resultJson ? (JSON.parse(row.resultJson) as Bill['result']) : null,
  refunds: JSON.parse(row.refundsJson) as BillRefund[],
});

export function createBillStore(db: Db, now: () => number) {
  const select = db.prepare<[string], Row>(
    `SELECT bill_id AS billId, psn_no AS psnNo, app_id AS appId, pay_token AS payToken, status,
            details_json AS detailsJson, created_at AS createdAt, paying_request_id AS payingRequestId,
            org_biz_ser AS orgBizSer, paying_since AS payingSince, result_json AS resultJson,
            refunds_json AS refundsJson
     FROM bills WHERE bill_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO bills (bill_id, psn_no, app_id, pay_token, status, details_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'unpaid', ?, ?, ?) ON CONFLICT (bill_id) DO NOTHING`,
  );
  const startPaying = db.prepare(
    `UPDATE bills SET status = 'paying', paying_request_id = ?, org_biz_ser = ?, paying_since = ?, updated_at = ?
     WHERE bill_id = ? AND status = 'unpaid'`,
  );
  const finish = db.prepare(
    `UPDATE bills SET status = ?, result_json = ?, updated_at = ? WHERE bill_id = ? AND status = ?`,
  );
  const setStatus = db.prepare('UPDATE bills SET status = ?, updated_at = ? WHERE bill_id = ?');
  const setRefunds = db.prepare(
    'UPDATE bills SET refunds_json = ?, status = ?, updated_at = ? WHERE bill_id = ?',
  );
  const stuck = db
    .prepare<[number], string>(
      "SELECT bill_id FROM bills WHERE status = 'paying' AND paying_since <= ? ORDER BY paying_since",
    )
    .pluck();
  const insertRequest = db.prepare(
    'INSERT INTO pay_requests (request_id, bill_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const selectRequest = db.prepare<[string], { billId: string; outcomeJson: string | null }>(
    'SELECT bill_id AS billId, outcome_json AS outcomeJson FROM pay_requests WHERE request_id = ?',
  );
  const storeOutcome = db.prepare('UPDATE pay_requests SET outcome_json = ? WHERE request_id = ?');

  return {
    get: (billId: string) => {
      const row = select.get(billId);
      return row ? fromRow(row) : undefined;
    },
    /** From bill.created; a redelivered event changes nothing. */
    insert(bill: {
      billId: string;
      psnNo: string;
      appId: string;
      payToken: string;
      details: BillDetails;
      createdAt: string;
    }) {
      insert.run(
        bill.billId,
        bill.psnNo,
        bill.appId,
        bill.payToken,
        JSON.stringify(bill.details),
        bill.createdAt,
        now(),
      );
    },
    /** Moves an unpaid bill to 'paying' for one request; false when another got there first. */
    startPaying(billId: string, requestId: string, orgBizSer: string): boolean {
      return startPaying.run(requestId, orgBizSer, now(), now(), billId).changes === 1;
    },
    /** Leaves `from` for `to` (with the result when paid); false when the bill was not in `from`. */
    move(billId: string, from: BillStatus, to: BillStatus, result?: Bill['result']): boolean {
      return finish.run(to, result ? JSON.stringify(result) : null, now(), billId, from).changes === 1;
    },
    setStatus(billId: string, status: BillStatus) {
      setStatus.run(status, now(), billId);
    },
    /** Writes the bill's refunds (all of them, oldest first) and the status they leave it in. */
    setRefunds(billId: string, refunds: readonly BillRefund[], status: BillStatus) {
      setRefunds.run(JSON.stringify(refunds), status, now(), billId);
    },
    /** Bills left 'paying' since before `before` (a crash mid-payment). */
    stuckPaying: (before: number) => stuck.all(before),
    request: {
      /** Records a pay request id; answers the bill it was first used for. */
      claim(requestId: string, billId: string): { billId: string; outcome?: unknown } {
        insertRequest.run(requestId, billId, now());
        const row = selectRequest.get(requestId);
        return {
          billId: row?.billId ?? billId,
          ...(row?.outcomeJson ? { outcome: JSON.parse(row.outcomeJson) as unknown } : {}),
        };
      },
      store(requestId: string, outcome: unknown) {
        storeOutcome.run(JSON.stringify(outcome), requestId);
      },
    },
  };
}

export type SqliteBillStore = ReturnType<typeof createBillStore>;
