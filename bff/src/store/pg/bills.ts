// Bills and their payment state (BillStore) on PostgreSQL. Every state change is one conditional
// UPDATE (`WHERE status = …`): two instances paying one bill at once cannot both move it out of
// 'unpaid' — the second UPDATE waits for the first's row lock, then finds the status changed.
// Inside a unit of work `get` locks the bill (FOR UPDATE) until the unit ends, so a unit that
// reads a bill and writes it back (a refund event: services/webhook.ts) cannot interleave with
// another doing the same, as on SQLite where units never interleave.
import type { Bill, BillRefund, BillStatus } from '@ybm/shared';

import type { BillStore } from '../ports';
import type { BillDetails, BillRecord } from '../records';
import type { PgDb } from './sql';

interface Row extends Omit<BillRecord, 'details' | 'result' | 'refunds'> {
  detailsJson: string;
  resultJson: string | null;
  refundsJson: string;
}

const fromRow = ({ detailsJson, resultJson, refundsJson, ...row }: Row): BillRecord => ({
  ...row,
  details: JSON.parse(detailsJson) as BillDetails,
  result: resultJson ? (JSON.parse(resultJson) as Bill['result']) : null,
  refunds: JSON.parse(refundsJson) as BillRefund[],
});

const SELECT = `SELECT bill_id AS "billId", psn_no AS "psnNo", app_id AS "appId", pay_token AS "payToken", status,
  details_json AS "detailsJson", created_at AS "createdAt", paying_request_id AS "payingRequestId",
  org_biz_ser AS "orgBizSer", paying_since AS "payingSince", result_json AS "resultJson",
  refunds_json AS "refundsJson" FROM bills`;

export function createPgBillStore(db: PgDb, now: () => number): BillStore {
  return {
    async get(billId) {
      const [row] = await db.rows<Row>(`${SELECT} WHERE bill_id = $1${db.inUnit ? ' FOR UPDATE' : ''}`, [
        billId,
      ]);
      return row ? fromRow(row) : undefined;
    },
    async insert(bill) {
      await db.run(
        `INSERT INTO bills (bill_id, psn_no, app_id, pay_token, status, details_json, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'unpaid', $5, $6, $7) ON CONFLICT (bill_id) DO NOTHING`,
        [
          bill.billId,
          bill.psnNo,
          bill.appId,
          bill.payToken,
          JSON.stringify(bill.details),
          bill.createdAt,
          now(),
        ],
      );
    },
    async startPaying(billId, requestId, orgBizSer) {
      const at = now();
      const moved = await db.run(
        `UPDATE bills SET status = 'paying', paying_request_id = $2, org_biz_ser = $3, paying_since = $4,
           updated_at = $4
         WHERE bill_id = $1 AND status = 'unpaid'`,
        [billId, requestId, orgBizSer, at],
      );
      return moved === 1;
    },
    async move(billId, from: BillStatus, to: BillStatus, result?: Bill['result']) {
      const moved = await db.run(
        'UPDATE bills SET status = $3, result_json = $4, updated_at = $5 WHERE bill_id = $1 AND status = $2',
        [billId, from, to, result ? JSON.stringify(result) : null, now()],
      );
      return moved === 1;
    },
    async setStatus(billId, status) {
      await db.run('UPDATE bills SET status = $2, updated_at = $3 WHERE bill_id = $1', [
        billId,
        status,
        now(),
      ]);
    },
    async setRefunds(billId, refunds, status) {
      await db.run('UPDATE bills SET refunds_json = $2, status = $3, updated_at = $4 WHERE bill_id = $1', [
        billId,
        JSON.stringify(refunds),
        status,
        now(),
      ]);
    },
    async stuckPaying(before) {
      const rows = await db.rows<{ billId: string }>(
        `SELECT bill_id AS "billId" FROM bills WHERE status = 'paying' AND paying_since <= $1
         ORDER BY paying_since`,
        [before],
      );
      return rows.map((row) => row.billId);
    },
    request: {
      async claim(requestId, billId) {
        // The INSERT waits for a concurrent one of the same id to commit, then does nothing:
        // the SELECT after it reads the first request's row either way.
        await db.run(
          'INSERT INTO pay_requests (request_id, bill_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [requestId, billId, now()],
        );
        const [row] = await db.rows<{ billId: string; outcomeJson: string | null }>(
          'SELECT bill_id AS "billId", outcome_json AS "outcomeJson" FROM pay_requests WHERE request_id = $1',
          [requestId],
        );
        return {
          billId: row?.billId ?? billId,
          ...(row?.outcomeJson ? { outcome: JSON.parse(row.outcomeJson) as unknown } : {}),
        };
      },
      async store(requestId, outcome) {
        await db.run('UPDATE pay_requests SET outcome_json = $2 WHERE request_id = $1', [
          requestId,
          JSON.stringify(outcome),
        ]);
      },
    },
  };
}
