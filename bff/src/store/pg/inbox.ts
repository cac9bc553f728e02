// The in-app inbox (InboxStore) on PostgreSQL: one row per event and person (redeliveries
// collapse on the unique key), paged newest first by id.
import type { InboxStore } from '../ports';
import { INBOX_SELECT, inboxPage, inboxValues, type InboxRow } from '../rows';
import type { PgDb } from './sql';

export function createPgInboxStore(db: PgDb, now: () => number): InboxStore {
  return {
    async add(entry) {
      await db.run(
        `INSERT INTO inbox (psn_no, kind, title, body, bill_id, setl_id, event_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id, psn_no) DO NOTHING`,
        inboxValues(entry),
      );
    },
    async page(psnNo, options) {
      const rows = await db.rows<InboxRow>(
        `SELECT ${INBOX_SELECT} FROM inbox WHERE psn_no = $1 AND id < $2 ORDER BY id DESC LIMIT $3`,
        [psnNo, options.before ?? Number.MAX_SAFE_INTEGER, options.limit + 1],
      );
      return inboxPage(rows, options.limit);
    },
    async unread(psnNo) {
      const [row] = await db.rows<{ n: number }>(
        'SELECT count(*) AS n FROM inbox WHERE psn_no = $1 AND read_at IS NULL',
        [psnNo],
      );
      return row?.n ?? 0;
    },
    async markRead(psnNo, id) {
      const [row] = await db.rows<{ psnNo: string }>('SELECT psn_no AS "psnNo" FROM inbox WHERE id = $1', [
        id,
      ]);
      if (row?.psnNo !== psnNo) return false;
      await db.run('UPDATE inbox SET read_at = $1 WHERE id = $2 AND psn_no = $3 AND read_at IS NULL', [
        now(),
        id,
        psnNo,
      ]);
      return true;
    },
    async markBillRead(psnNo, billId) {
      await db.run(
        `UPDATE inbox SET read_at = $1 WHERE psn_no = $2 AND bill_id = $3 AND kind = 'bill' AND read_at IS NULL`,
        [now(), psnNo, billId],
      );
    },
  };
}
