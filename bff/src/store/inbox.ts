// The in-app inbox (消息中心): every bill and settlement notice for a person, so nothing
// depends on a push being delivered. One row per event and person (redeliveries collapse).
import type { InboxMessage } from '@ybm/shared';

import type { Db } from './db';
import type { InboxEntry } from './records';

export type { InboxEntry };

interface Row {
  id: number;
  kind: InboxMessage['kind'];
  title: string;
  body: string;
  billId: string | null;
  setlId: string | null;
  createdAt: string;
  readAt: number | null;
}

export function createInboxStore(db: Db, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO inbox (psn_no, kind, title, body, bill_id, setl_id, event_id, created_at)
     VALUES (@psnNo, @kind, @title, @body, @billId, @setlId, @eventId, @createdAt)
     ON CONFLICT (event_id, psn_no) DO NOTHING`,
  );
  const page = db.prepare<[string, number, number], Row>(
    `SELECT id, kind, title, body, bill_id AS billId, setl_id AS setlId, created_at AS createdAt, read_at AS readAt
     FROM inbox WHERE psn_no = ? AND id < ? ORDER BY id DESC LIMIT ?`,
  );
  const unread = db.prepare<[string], number>(
    'SELECT count(*) FROM inbox WHERE psn_no = ? AND read_at IS NULL',
  );
  const markRead = db.prepare('UPDATE inbox SET read_at = ? WHERE id = ? AND psn_no = ? AND read_at IS NULL');
  const owner = db.prepare<[number], string>('SELECT psn_no FROM inbox WHERE id = ?');
  const markBillRead = db.prepare(
    "UPDATE inbox SET read_at = ? WHERE psn_no = ? AND bill_id = ? AND kind = 'bill' AND read_at IS NULL",
  );

  return {
    add(entry: InboxEntry) {
      insert.run({ billId: null, setlId: null, ...entry });
    },
    page(
      psnNo: string,
      options: { before?: number; limit: number },
    ): { messages: InboxMessage[]; nextBefore?: number } {
      const rows = page.all(psnNo, options.before ?? Number.MAX_SAFE_INTEGER, options.limit + 1);
      const messages = rows.slice(0, options.limit).map((row) => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        ...(row.billId ? { billId: row.billId } : {}),
        ...(row.setlId ? { setlId: row.setlId } : {}),
        createdAt: row.createdAt,
        read: row.readAt !== null,
      }));
      const last = messages.at(-1);
      return { messages, ...(rows.length > options.limit && last ? { nextBefore: last.id } : {}) };
    },
    unread: (psnNo: string) => unread.pluck().get(psnNo) as number,
    /** False when the message is not this person's. */
    markRead(psnNo: string, id: number): boolean {
      if (owner.pluck().get(id) !== psnNo) return false;
      markRead.run(now(), id, psnNo);
      return true;
    },
    /** Reads this person's notice of a bill (opening the bill is reading it). */
    markBillRead(psnNo: string, billId: string) {
      markBillRead.run(now(), psnNo, billId);
    },
  };
}

export type SqliteInboxStore = ReturnType<typeof createInboxStore>;
