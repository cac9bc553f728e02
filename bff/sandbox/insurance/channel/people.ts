// person.*, account.*, settlement.*, family.*, institution.*, catalogue.*, remoteCare.*
// channel operations (issue 3).
import type { SandboxContext } from '../context';
import type { Operations } from './operation';

export function peopleOperations(_context: SandboxContext): Operations {
  return {};
}
