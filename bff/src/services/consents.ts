// What a signed-in platform user agreed to (我的 → 授权管理): the stored consents in the
// shared contract's shape, each document named by its title; and whether a document changed
// since they agreed (a new version of it), so they are asked again when they sign in.
import {
  AGREEMENTS,
  CONSENT_DOCUMENTS,
  CONSENT_VERSION,
  type ConsentRequired,
  type Consents,
  type Me,
} from '@ybm/shared';
import { randomBytes } from 'node:crypto';

import { AppError } from '../errors';
import type { SessionRecord } from '../store/records';
import type { ConsentStore } from '../store/ports';

/** Twenty claims' worth (three documents each): far more than anyone starts. */
const MAX_ROWS = 60;

export function createConsentService(deps: { consents: ConsentStore; now?: () => number }) {
  const now = deps.now ?? Date.now;

  /** The documents whose current version this person has not agreed to on a bound voucher. */
  async function outdated(session: SessionRecord): Promise<ConsentRequired | undefined> {
    const rows = await deps.consents.ofUser(session.channel, session.platformUserId, MAX_ROWS);
    const agreed = new Set(
      rows.filter((row) => row.boundAt !== null).map((row) => `${row.document}@${row.version}`),
    );
    const documents = CONSENT_DOCUMENTS.filter((doc) => !agreed.has(`${doc.key}@${doc.version}`)).map(
      (doc) => doc.key,
    );
    return documents.length > 0 ? { version: CONSENT_VERSION, documents } : undefined;
  }

  return {
    async list(session: SessionRecord): Promise<Consents> {
      const rows = await deps.consents.ofUser(session.channel, session.platformUserId, MAX_ROWS);
      return {
        consents: rows.map((row) => ({
          document: row.document,
          title: AGREEMENTS[row.document].title,
          version: row.version,
          agreedAt: new Date(row.agreedAt).toISOString(),
          platform: row.channel,
          ...(row.boundAt === null ? {} : { boundAt: new Date(row.boundAt).toISOString() }),
        })),
      };
    },

    outdated,

    /**
     * The person agreed again, on the phone showing `version`: every document at its current
     * version is recorded as one consent act, bound at once to their voucher (`psnNo`). A phone
     * that showed an older version is refused, never recorded for text it did not show.
     */
    async renew(session: SessionRecord, psnNo: string, version: string): Promise<void> {
      if (version !== CONSENT_VERSION) throw new AppError('CONSENT_VERSION_OUTDATED');
      // A consent act of its own (no claim): the id names the act, as a claim's id does.
      const actId = `CNS${randomBytes(12).toString('hex')}`;
      const at = now();
      await deps.consents.record({
        channel: session.channel,
        platformUserId: session.platformUserId,
        claimId: actId,
        agreedAt: at,
        documents: CONSENT_DOCUMENTS,
      });
      await deps.consents.bind(actId, psnNo, at);
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;

/** /me with `consentRequired` when the person holds a voucher and a document changed since. */
export async function withConsentState(
  me: Me,
  session: SessionRecord,
  consents: Pick<ConsentService, 'outdated'>,
): Promise<Me> {
  if (!me.activated) return me;
  const consentRequired = await consents.outdated(session);
  return consentRequired ? { ...me, consentRequired } : me;
}
