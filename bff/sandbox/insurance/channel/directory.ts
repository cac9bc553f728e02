// region.list, institution.search, catalogue.search and catalogue.estimate channel operations.
import type { SandboxContext } from '../context';
import { listRegions, searchCatalogue, searchInstitutions } from '../domain/directory';
import { estimate } from '../domain/estimate';
import { operations, type Operations } from './operation';

export function directoryOperations(context: SandboxContext): Operations {
  return operations({
    'region.list': () => listRegions(context),
    'institution.search': (input) => searchInstitutions(context, input),
    'catalogue.search': (input) => searchCatalogue(context, input),
    'catalogue.estimate': (input) => estimate(context, input),
  });
}
