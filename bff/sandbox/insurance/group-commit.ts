// Group commit for writes nobody waits for (the audit trail): the writes asked for during
// one turn of the event loop run together in one transaction right after the turn
// (setImmediate), instead of one commit each. A crash loses at most the current turn's;
// one that fails is reported on stderr. A write a caller answers on is committed by the
// caller itself, before it answers (see code.issue in channel/codes.ts for why it does not
// wait for the turn).
import { inTransaction, type Db } from '../lib/sqlite';
import { preparedFor } from './domain/prepared';

export interface GroupCommit {
  /** `work` runs a single statement, which SQLite undoes by itself when it fails. */
  defer(work: () => void): void;
  /** Commits what is pending now (before the database is closed). */
  flush(): void;
}

function reportLost(error: unknown, writes = 1): void {
  process.stderr.write(`group commit: ${writes} deferred write(s) lost: ${String(error)}\n`);
}

/** The one group commit of a database, shared by everything that writes through it. */
export const groupCommit = preparedFor((db: Db): GroupCommit => {
  let pending: (() => void)[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      if (!db.open) throw new Error('database closed before the group commit');
      inTransaction(db, () => {
        for (const work of batch) {
          try {
            work();
          } catch (error) {
            reportLost(error);
          }
        }
      });
    } catch (error) {
      reportLost(error, batch.length);
    }
  }

  return {
    defer(work) {
      pending.push(work);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
});
