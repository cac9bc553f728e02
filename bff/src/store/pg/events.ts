// Platform events (deduplicated by event id) and the per-person voucher event stream
// (EventStore) on PostgreSQL. Phones and the event watch read the stream by id as a cursor, so
// ids must become visible in order: an identity alone does not give that (a later id can
// commit first, and a reader past it would never see the earlier one). So the insert of a
// voucher event takes a transaction-scoped advisory lock, held until its transaction ends: the
// next insert gets a higher id and commits after.
import type { EventStore } from '../ports';
import {
  VOUCHER_EVENT_SELECT,
  inboundEventValues,
  voucherEventOf,
  voucherEventValues,
  type VoucherEventRow,
} from '../rows';
import type { PgDb } from './sql';

/** The advisory lock that orders voucher event inserts ('ybm' 'vevt'). */
const VOUCHER_EVENTS_LOCK = BigInt('0x79626d76657674').toString();

export function createPgEventStore(db: PgDb): EventStore {
  return {
    record: (event, voucher, receivedAt) =>
      db.atomically(async (tx) => {
        const inserted = await tx.run(
          `INSERT INTO inbound_events (event_id, type, app_id, payload_json, occurred_at, received_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
          inboundEventValues(event, receivedAt),
        );
        if (inserted === 0) return false;
        if (voucher) {
          await tx.rows('SELECT pg_advisory_xact_lock($1::bigint)', [VOUCHER_EVENTS_LOCK]);
          await tx.run(
            `INSERT INTO voucher_events (psn_no, code, kind, institution_name, settlement_json, at, event_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            voucherEventValues(voucher, event.eventId),
          );
        }
        return true;
      }),
    async after(psnNo, cursor, limit = 20) {
      const rows = await db.rows<VoucherEventRow>(
        `SELECT ${VOUCHER_EVENT_SELECT} FROM voucher_events WHERE psn_no = $1 AND id > $2 ORDER BY id LIMIT $3`,
        [psnNo, cursor, limit],
      );
      return rows.map(voucherEventOf);
    },
    async latest(psnNo) {
      const [row] = await db.rows<{ id: number }>(
        'SELECT coalesce(max(id), 0) AS id FROM voucher_events WHERE psn_no = $1',
        [psnNo],
      );
      return row?.id ?? 0;
    },
    async newestId() {
      const [row] = await db.rows<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM voucher_events');
      return row?.id ?? 0;
    },
    async since(id) {
      const rows = await db.rows<{ psnNo: string; lastId: number }>(
        'SELECT psn_no AS "psnNo", max(id) AS "lastId" FROM voucher_events WHERE id > $1 GROUP BY psn_no',
        [id],
      );
      return {
        lastId: rows.reduce((max, row) => Math.max(max, row.lastId), id),
        psnNos: rows.map((row) => row.psnNo),
      };
    },
  };
}
