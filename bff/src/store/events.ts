// Platform events the webhook received (deduplicated by event id) and the per-person
// stream of voucher events derived from them, written in one transaction.
import type { VoucherEvent } from '@ybm/shared';

import type { Db } from './db';
import type { InboundEvent, VoucherEventInput } from './records';
import {
  VOUCHER_EVENT_SELECT,
  inboundEventValues,
  voucherEventOf,
  voucherEventValues,
  type VoucherEventRow,
} from './rows';

export type { InboundEvent, VoucherEventInput };

export interface SqliteEventStore {
  /** Stores the event and what it means for a person's codes; false when it was seen before. */
  record(event: InboundEvent, voucherEvent: VoucherEventInput | undefined, receivedAt: number): boolean;
  after(psnNo: string, cursor: number, limit?: number): VoucherEvent[];
  /** The newest voucher event id of a person (0 when none). */
  latest(psnNo: string): number;
  /** The newest voucher event id of anyone (0 when none). */
  newestId(): number;
  /** Who has voucher events after `id` (by any process on this database), and the newest id. */
  since(id: number): { lastId: number; psnNos: string[] };
}

export function createEventStore(db: Db): SqliteEventStore {
  const insertInbound = db.prepare(
    `INSERT INTO inbound_events (event_id, type, app_id, payload_json, occurred_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
  );
  const insertVoucher = db.prepare(
    `INSERT INTO voucher_events (psn_no, code, kind, institution_name, settlement_json, at, event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectAfter = db.prepare<[string, number, number], VoucherEventRow>(
    `SELECT ${VOUCHER_EVENT_SELECT} FROM voucher_events WHERE psn_no = ? AND id > ? ORDER BY id LIMIT ?`,
  );
  const selectLatest = db
    .prepare<[string], number>('SELECT COALESCE(MAX(id), 0) FROM voucher_events WHERE psn_no = ?')
    .pluck();

  const selectNewest = db.prepare<[], number>('SELECT COALESCE(MAX(id), 0) FROM voucher_events').pluck();
  const selectSince = db.prepare<[number], { psnNo: string; lastId: number }>(
    'SELECT psn_no AS psnNo, MAX(id) AS lastId FROM voucher_events WHERE id > ? GROUP BY psn_no',
  );

  const record = db.transaction(
    (event: InboundEvent, voucher: VoucherEventInput | undefined, receivedAt: number) => {
      const inserted = insertInbound.run(inboundEventValues(event, receivedAt));
      if (inserted.changes === 0) return false;
      if (voucher) {
        insertVoucher.run(voucherEventValues(voucher, event.eventId));
      }
      return true;
    },
  );

  return {
    record: (event, voucher, receivedAt) => record(event, voucher, receivedAt),
    after: (psnNo, cursor, limit = 20) => selectAfter.all(psnNo, cursor, limit).map(voucherEventOf),
    latest: (psnNo) => selectLatest.get(psnNo) as number,
    newestId: () => selectNewest.get() as number,
    since: (id) => {
      const rows = selectSince.all(id);
      return {
        lastId: rows.reduce((max, row) => Math.max(max, row.lastId), id),
        psnNos: rows.map((row) => row.psnNo),
      };
    },
  };
}
