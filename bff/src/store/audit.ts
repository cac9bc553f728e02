// The BFF's audit trail (DESIGN.md §4): face checks and activations, codes, settlements (and
// their reversals), refunds and payments, one append-only row each with who, when and how it ended ('ok' or
// the error code the user was answered with). Rows hold identifiers and amounts only:
// never a name, document number, phone, password or code.
import type { GroupCommit } from '@ybm/shared/node';

import { outcomeOf } from './audit-port';
import type { Db } from './db';
import type { AuditAction, AuditDetail, AuditEntry, AuditRow } from './records';
import { AUDIT_SELECT, auditRowOf, auditValues, type StoredAuditRow } from './rows';

export type { AuditAction, AuditDetail, AuditEntry, AuditRow };

export interface SqliteAuditLog {
  /**
   * Inside a transaction the row joins it, and stands or falls with what it records;
   * otherwise it joins the turn's group commit, so a request's answer never waits for it.
   * Either way `at` is when it was recorded: a deferred row may get a later id than one
   * recorded after it in the same turn inside a transaction.
   */
  record(entry: AuditEntry): void;
  /** Runs `work` and records how it ended: 'ok' (with `detailOf` its result) or its error code. */
  around<T>(
    entry: Omit<AuditEntry, 'outcome'>,
    work: () => Promise<T>,
    detailOf?: (result: T) => AuditDetail,
  ): Promise<T>;
  /** The newest rows about a person, newest first, rows still waiting for their commit included. */
  ofPerson(psnNo: string, limit?: number): AuditRow[];
}

export function createAuditLog(db: Db, commits: GroupCommit, now: () => number = Date.now): SqliteAuditLog {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, action, outcome, channel, platform_user_id, psn_no, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const byPerson = db.prepare<[string, number], StoredAuditRow>(
    `SELECT ${AUDIT_SELECT} FROM audit_log WHERE psn_no = ? ORDER BY at DESC, id DESC LIMIT ?`,
  );

  function record(entry: AuditEntry): void {
    const args = auditValues(entry, now());
    if (db.inTransaction) insert.run(args);
    else commits.defer(() => insert.run(args));
  }

  return {
    record,
    async around(entry, work, detailOf) {
      try {
        const result = await work();
        const detail = detailOf ? { ...entry.detail, ...detailOf(result) } : entry.detail;
        record({ ...entry, outcome: 'ok', ...(detail ? { detail } : {}) });
        return result;
      } catch (error) {
        record({ ...entry, outcome: outcomeOf(error) });
        throw error;
      }
    },
    ofPerson(psnNo, limit = 50) {
      commits.flush();
      return byPerson.all(psnNo, limit).map(auditRowOf);
    },
  };
}
