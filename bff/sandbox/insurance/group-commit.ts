// The sandbox's one group commit per database (shared/src/node/group-commit.ts), for the
// platform's audit trail. code.issue commits its code itself (channel/codes.ts): its
// answer must not wait for the rest of the turn.
import { createGroupCommit } from '@ybm/shared/node';

import { preparedFor } from './domain/prepared';

export const groupCommit = preparedFor((db) => createGroupCommit(db));
