// person.*, account.* and settlement.* channel operations, plus the family, directory and
// remote-care operations composed from their own modules. Readable camelCase fields,
// amounts in fen; refusals are PlatformRefusal codes (see the domain modules).
import { documentInput, limit, psnNo } from '@ybm/shared/src/protocol/channel/schemas';
import { z } from 'zod';

import type { SandboxContext } from '../context';
import { personSummary, identifyPerson } from '../domain/person-summary';
import { accountLedger, accountSummary, settlementDetail, settlementPage } from '../domain/records';
import { directoryOperations } from './directory';
import { familyOperations } from './family';
import { operation, type Operations } from './operation';
import { remoteCareOperations } from './remote-care';

export function peopleOperations(context: SandboxContext): Operations {
  return {
    'person.lookup': operation(z.object(documentInput), (input) =>
      personSummary(context, identifyPerson(context, input)),
    ),
    'account.summary': operation(z.object({ psnNo }), (input) => accountSummary(context, input.psnNo)),
    'account.ledger': operation(
      z.object({ psnNo, beforeId: z.number().int().positive().optional(), limit }),
      (input) => accountLedger(context, input.psnNo, input),
    ),
    'settlement.list': operation(
      z.object({ psnNo, before: z.string().min(1).max(40).optional(), limit }),
      (input) => settlementPage(context, input.psnNo, input),
    ),
    'settlement.get': operation(
      z.object({ setlId: z.string().min(1).max(40), psnNo: psnNo.optional() }),
      (input) => settlementDetail(context, input.setlId, input.psnNo),
    ),
    ...familyOperations(context),
    ...directoryOperations(context),
    ...remoteCareOperations(context),
  };
}
