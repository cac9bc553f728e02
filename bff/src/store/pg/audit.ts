// The audit trail (AuditLog, DESIGN.md §4) on PostgreSQL. Inside a unit of work a row is written
// on the unit's connection and stands or falls with it. Outside, nobody waits for it: the rows of
// one turn of the event loop go in one multi-row INSERT right after the turn (a group commit, as
// on SQLite), so a request's answer never waits for a round trip to the database. A batch that
// fails is reported and lost, as SQLite's group commit does; `ofPerson` and `close` flush first.
import type { Logger } from 'pino';

import type { AuditLog } from '../ports';
import { aroundOf } from '../audit-port';
import type { AuditEntry } from '../records';
import {
  AUDIT_SELECT,
  auditRowOf,
  auditValues as valuesOf,
  type AuditValues as Values,
  type StoredAuditRow,
} from '../rows';
import { placeholders, type PgDb } from './sql';

const WIDTH = 7;
/** Rows per INSERT: well under PostgreSQL's 65 535 parameters. */
const CHUNK = 1000;

const insert = (db: PgDb, rows: readonly Values[]) =>
  db.run(
    `INSERT INTO audit_log (at, action, outcome, channel, platform_user_id, psn_no, detail)
     VALUES ${placeholders(rows.length, WIDTH)}`,
    rows.flat(),
  );

/** The rows waiting for the turn's INSERT, on the pool. */
export interface AuditQueue {
  add(values: Values): void;
  /** Writes what waits now; resolves once it (and any write already under way) is done. */
  flush(): Promise<void>;
}

export function createAuditQueue(pool: PgDb, logger?: Pick<Logger, 'error'>): AuditQueue {
  let waiting: Values[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length > 0) {
      writing = writing.then(async () => {
        for (let i = 0; i < batch.length; i += CHUNK) {
          const chunk = batch.slice(i, i + CHUNK);
          try {
            await insert(pool, chunk);
          } catch (error) {
            logger?.error({ err: error, rows: chunk.length }, 'audit rows lost: their INSERT failed');
          }
        }
      });
    }
    return writing;
  }

  return {
    add(values) {
      waiting.push(values);
      scheduled ??= setImmediate(() => void flush());
    },
    flush,
  };
}

export function createPgAuditLog(db: PgDb, queue: AuditQueue, now: () => number): AuditLog {
  async function record(entry: AuditEntry): Promise<void> {
    const values = valuesOf(entry, now());
    if (db.inUnit) await insert(db, [values]);
    else queue.add(values);
  }

  return {
    record,
    around: aroundOf(record),
    async ofPerson(psnNo, limit = 50) {
      await queue.flush();
      const rows = await db.rows<StoredAuditRow>(
        `SELECT ${AUDIT_SELECT} FROM audit_log WHERE psn_no = $1 ORDER BY at DESC, id DESC LIMIT $2`,
        [psnNo, limit],
      );
      return rows.map(auditRowOf);
    },
  };
}
