// The in-app inbox (消息中心): every bill and settlement notice for a person, so nothing
// depends on a push being delivered. One row per event and person (redeliveries collapse).
import type { InboxMessage } from '@ybm/shared';

import type { Db } from './db';
import type { InboxEntry } from './records';
import { INBOX_SELECT, inboxPage, inboxValues, type InboxRow } from './rows';

export type { InboxEntry };

export function createInboxStore(db: Db, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO inbox (psn_no, kind, title, body, bill_id, setl_id, event_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_id, psn_no) DO NOTHING`,
  );
  const page = db.prepare<[string, number, number], InboxRow>(
    `SELECT ${INBOX_SELECT} FROM inbox WHERE psn_no = ? AND id < ? ORDER BY id DESC LIMIT ?`,
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
      insert.run(inboxValues(entry));
    },
    page(
      psnNo: string,
      options: { before?: number; limit: number },
    ): { messages: InboxMessage[]; nextBefore?: number } {
      const rows = page.all(psnNo, options.before ?? Number.MAX_SAFE_INTEGER, options.limit + 1);
      return inboxPage(rows, options.limit);
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
