// The platform's audit trail of envelope requests (channel_requests: which app called
// what, and the outcome). Rows join the group commit (group-commit.ts) instead of one
// commit per request: a row is in the table before its caller can have read the answer,
// and a crash loses at most the current turn's rows.
import type { Db } from '../lib/sqlite';
import { preparedFor } from './domain/prepared';
import { groupCommit } from './group-commit';

export interface RequestLog {
  record(appId: string | null, method: string | null, outcome: string, at: string): void;
}

/** The one log of a database, shared by every router that audits requests. */
export const requestLog = preparedFor((db: Db): RequestLog => {
  const insert = db.prepare(
    'INSERT INTO channel_requests (app_id, method, outcome, received_at) VALUES (?, ?, ?, ?)',
  );
  const commits = groupCommit(db);
  return {
    record(appId, method, outcome, at) {
      commits.defer(() => insert.run(appId, method, outcome, at));
    },
  };
});
