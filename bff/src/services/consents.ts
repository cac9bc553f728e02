// What a signed-in platform user agreed to (我的 → 授权管理): the stored consents in the
// shared contract's shape, each document named by its title.
import { AGREEMENTS, type Consents } from '@ybm/shared';

import type { SessionRecord } from '../store/records';
import type { ConsentStore } from '../store/ports';

/** Twenty claims' worth (three documents each): far more than anyone starts. */
const MAX_ROWS = 60;

export function createConsentService(deps: { consents: ConsentStore }) {
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
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
