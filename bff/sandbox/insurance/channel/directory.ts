// region.list, institution.search and catalogue.search channel operations.
import type { SandboxContext } from '../context';
import { listRegions, searchCatalogue, searchInstitutions } from '../domain/directory';
import { operations, type Operations } from './operation';

export function directoryOperations(context: SandboxContext): Operations {
  return operations({
    'region.list': () => listRegions(context),
    'institution.search': (input) => searchInstitutions(context, input),
    'catalogue.search': (input) => searchCatalogue(context, input),
  });
}
