// What a signed-in platform user agreed to (我的 → 授权管理): the stored consents in the
// shared contract's shape, each document named by its title.
import { AGREEMENTS, type Consents } from '@ybm/shared';

import type { ConsentStore } from '../store/consents';
import type { SessionRecord } from '../store/sessions';

/** Twenty claims' worth (three documents each): far more than anyone starts. */
const MAX_ROWS = 60;

export function createConsentService(deps: { consents: ConsentStore }) {
  return {
    list(session: SessionRecord): Consents {
      const rows = deps.consents.ofUser(session.channel, session.platformUserId, MAX_ROWS);
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
