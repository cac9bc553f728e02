// Consents (ConsentStore) on PostgreSQL: one row per document agreed to, written as a claim's
// consent step is accepted and tied to the binding once the claim activates. One consent act is
// one multi-row INSERT, so its documents are stored all together or not at all.
import type { ConsentStore } from '../ports';
import type { StoredConsent } from '../records';
import { placeholders, type PgDb } from './sql';

export function createPgConsentStore(db: PgDb): ConsentStore {
  return {
    async record({ documents, channel, platformUserId, claimId, agreedAt }) {
      if (documents.length === 0) return;
      await db.run(
        `INSERT INTO consents (channel, platform_user_id, claim_id, document, version, agreed_at)
         VALUES ${placeholders(documents.length, 6)} ON CONFLICT (claim_id, document) DO NOTHING`,
        documents.flatMap((document) => [
          channel,
          platformUserId,
          claimId,
          document.key,
          document.version,
          agreedAt,
        ]),
      );
    },
    async bind(claimId, psnNo, at) {
      await db.run(
        'UPDATE consents SET psn_no = $1, bound_at = $2 WHERE claim_id = $3 AND bound_at IS NULL',
        [psnNo, at, claimId],
      );
    },
    ofUser: (channel, platformUserId, limit) =>
      db.rows<StoredConsent>(
        `SELECT channel, platform_user_id AS "platformUserId", claim_id AS "claimId", document, version,
                agreed_at AS "agreedAt", psn_no AS "psnNo", bound_at AS "boundAt"
         FROM consents WHERE channel = $1 AND platform_user_id = $2
         ORDER BY agreed_at DESC, id DESC LIMIT $3`,
        [channel, platformUserId, limit],
      ),
  };
}
