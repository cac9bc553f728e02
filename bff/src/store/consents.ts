// Consents: which documents a platform user agreed to, at which version and when, written as
// a claim's consent step is accepted and tied to the binding (psn_no, bound_at) once the claim
// activates — the record 我的 → 授权管理 shows. Identifiers only, never a name or document.
import type { AgreementKey } from '@ybm/shared';

import type { Db } from './db';
import type { Channel } from './sessions';
import type { StoredConsent } from './records';

export type { StoredConsent };

export interface SqliteConsentStore {
  /** One consent act: every document it covers, at its version, at one time. */
  record(consent: {
    channel: Channel;
    platformUserId: string;
    claimId: string;
    agreedAt: number;
    documents: readonly { key: AgreementKey; version: string }[];
  }): void;
  /** The claim activated: its consents now belong to this person's binding (idempotent). */
  bind(claimId: string, psnNo: string, at: number): void;
  /** The platform user's consents, newest first, at most `limit` rows. */
  ofUser(channel: Channel, platformUserId: string, limit: number): StoredConsent[];
}

export function createConsentStore(db: Db): SqliteConsentStore {
  const insert = db.prepare(
    `INSERT INTO consents (channel, platform_user_id, claim_id, document, version, agreed_at)
     VALUES (@channel, @platformUserId, @claimId, @document, @version, @agreedAt)
     ON CONFLICT (claim_id, document) DO NOTHING`,
  );
  const bind = db.prepare(
    `UPDATE consents SET psn_no = ?, bound_at = ? WHERE claim_id = ? AND bound_at IS NULL`,
  );
  const ofUser = db.prepare<[string, string, number], StoredConsent>(
    `SELECT channel, platform_user_id AS platformUserId, claim_id AS claimId, document, version,
            agreed_at AS agreedAt, psn_no AS psnNo, bound_at AS boundAt
     FROM consents WHERE channel = ? AND platform_user_id = ?
     ORDER BY agreed_at DESC, id DESC LIMIT ?`,
  );
  const recordAll = db.transaction((rows: Record<string, unknown>[]) => {
    for (const row of rows) insert.run(row);
  });

  return {
    record({ documents, ...consent }) {
      recordAll(
        documents.map((document) => ({ ...consent, document: document.key, version: document.version })),
      );
    },
    bind(claimId, psnNo, at) {
      bind.run(psnNo, at, claimId);
    },
    ofUser: (channel, platformUserId, limit) => ofUser.all(channel, platformUserId, limit),
  };
}
