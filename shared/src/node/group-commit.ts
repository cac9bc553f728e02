// Group commit for writes nobody waits for (audit trails, session touches): the writes asked
// for during one turn of the event loop run together in one transaction right after the
// turn (setImmediate), instead of one commit each. A crash loses at most the current turn's;
// one that fails is reported and the rest of its turn is kept. A write someone answers on
// is committed by its caller before answering, not here — unless losing it in a crash is
// harmless and every read of it flushes first (the sandbox's codes: domain/codes.ts).
import { inTransaction, type Db } from './sqlite';

export interface GroupCommit {
  /** `work` runs a single statement, which SQLite undoes by itself when it fails. */
  defer(work: () => void): void;
  /** Commits what is pending now (before the database is closed). */
  flush(): void;
}

export interface GroupCommitOptions {
  /** Told how many deferred writes were lost and why; stderr by default. */
  onLost?: (writes: number, error: unknown) => void;
}

const toStderr = (writes: number, error: unknown) => {
  process.stderr.write(`group commit: ${writes} deferred write(s) lost: ${String(error)}\n`);
};

export function createGroupCommit(db: Db, options: GroupCommitOptions = {}): GroupCommit {
  const onLost = options.onLost ?? toStderr;
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
            onLost(1, error);
          }
        }
      });
    } catch (error) {
      onLost(batch.length, error);
    }
  }

  return {
    defer(work) {
      pending.push(work);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}
