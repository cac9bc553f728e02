// person.*, account.* and settlement.* channel operations, plus the family, directory and
// remote-care operations composed from their own modules. Readable camelCase fields,
// amounts in fen; refusals are PlatformRefusal codes (see the domain modules).
import type { SandboxContext } from '../context';
import { personSummary, identifyPerson } from '../domain/person-summary';
import { accountLedger, accountSummary, settlementDetail, settlementPage } from '../domain/records';
import { directoryOperations } from './directory';
import { familyOperations } from './family';
import { operations, type Operations } from './operation';
import { remoteCareOperations } from './remote-care';

export function peopleOperations(context: SandboxContext): Operations {
  return {
    ...operations({
      'person.lookup': (input) => personSummary(context, identifyPerson(context, input)),
      'account.summary': (input) => accountSummary(context, input.psnNo),
      'account.ledger': (input) => accountLedger(context, input.psnNo, input),
      'settlement.list': (input) => settlementPage(context, input.psnNo, input),
      'settlement.get': (input) => settlementDetail(context, input.setlId, input.psnNo),
    }),
    ...familyOperations(context),
    ...directoryOperations(context),
    ...remoteCareOperations(context),
  };
}
