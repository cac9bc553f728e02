// The platform's audit trail of envelope requests (channel_requests: which app called
// what, and the outcome), written by group commit: rows are buffered and inserted
// together in one transaction right after the current turn of the event loop, instead of
// one commit per request. Performance (npm run bench, tests/bench): a commit costs
// ≈ 25 µs of CPU here and a row inside a shared one ≈ 3 µs, and every code the phone
// shows was one audited request. A row is in the table before its caller can have read
// the answer (that happens in a later turn); a crash loses at most the current turn's rows.
import type { Db } from '../lib/sqlite';
import { preparedFor } from './domain/prepared';

export interface RequestLog {
  record(appId: string | null, method: string | null, outcome: string, at: string): void;
  /** Writes the buffered rows now (before the database is closed). */
  flush(): void;
}

type Row = [appId: string | null, method: string | null, outcome: string, at: string];

/** The one log of a database, shared by every router that audits requests. */
export const requestLog = preparedFor((db: Db): RequestLog => {
  const insert = db.prepare(
    'INSERT INTO channel_requests (app_id, method, outcome, received_at) VALUES (?, ?, ?, ?)',
  );
  const write = db.transaction((rows: Row[]) => {
    for (const row of rows) insert.run(...row);
  });
  let rows: Row[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (rows.length === 0 || !db.open) return;
    const batch = rows;
    rows = [];
    write(batch);
  }

  return {
    record(appId, method, outcome, at) {
      rows.push([appId, method, outcome, at]);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
});
