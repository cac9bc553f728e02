// The BFF's audit trail (DESIGN.md §4): face checks and activations, codes, settlements (and
// their reversals), refunds and payments, one append-only row each with who, when and how it ended ('ok' or
// the error code the user was answered with). Rows hold identifiers and amounts only:
// never a name, document number, phone, password or code.
import type { GroupCommit } from '@ybm/shared/src/node/group-commit';

import { AppError } from '../errors';
import type { Db } from './db';
import type { Channel } from './sessions';

export type AuditAction =
  | 'face.check'
  | 'voucher.activate'
  | 'code.issue'
  | 'settlement.received'
  | 'settlement.reversed'
  | 'settlement.reinstated'
  | 'refund.received'
  | 'payment.pay'
  | 'payment.cash'
  | 'payment.cash.paid'
  | 'payment.cash.confirmed'
  | 'payment.cash.returned'
  | 'payment.cash.refund'
  | 'family.add'
  | 'family.consent'
  | 'family.remove'
  | 'family.code.issue';

export type AuditDetail = Record<string, string | number | boolean>;

export interface AuditEntry {
  action: AuditAction;
  /** 'ok', or the error code the caller was answered with. */
  outcome: string;
  /** The platform user who acted; absent for what the platform reports (settlements). */
  channel?: Channel;
  platformUserId?: string;
  /** The insured person concerned, once known. */
  psnNo?: string | null;
  detail?: AuditDetail;
}

export interface AuditRow {
  id: number;
  at: number;
  action: AuditAction;
  outcome: string;
  channel: Channel | null;
  platformUserId: string | null;
  psnNo: string | null;
  detail: AuditDetail | null;
}

export interface AuditLog {
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

const outcomeOf = (error: unknown) => (error instanceof AppError ? error.code : 'INTERNAL_ERROR');

export function createAuditLog(db: Db, commits: GroupCommit, now: () => number = Date.now): AuditLog {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, action, outcome, channel, platform_user_id, psn_no, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const byPerson = db.prepare<[string, number], Omit<AuditRow, 'detail'> & { detail: string | null }>(
    `SELECT id, at, action, outcome, channel, platform_user_id AS platformUserId, psn_no AS psnNo, detail
     FROM audit_log WHERE psn_no = ? ORDER BY at DESC, id DESC LIMIT ?`,
  );

  function record(entry: AuditEntry): void {
    const args = [
      now(),
      entry.action,
      entry.outcome,
      entry.channel ?? null,
      entry.platformUserId ?? null,
      entry.psnNo ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ];
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
      return byPerson.all(psnNo, limit).map((row) => ({
        ...row,
        detail: row.detail === null ? null : (JSON.parse(row.detail) as AuditDetail),
      }));
    },
  };
}
