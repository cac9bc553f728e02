// region.list, institution.search and catalogue.search channel operations.
import { isoDate, paging, regionCode } from '@ybm/shared/src/protocol/channel/schemas';
import { z } from 'zod';

import type { SandboxContext } from '../context';
import { listRegions, searchCatalogue, searchInstitutions } from '../domain/directory';
import { operation, type Operations } from './operation';

export function directoryOperations(context: SandboxContext): Operations {
  return {
    'region.list': operation(z.object({}), () => listRegions(context)),
    'institution.search': operation(
      z.object({
        regionCode: regionCode.optional(),
        kind: z.enum(['hospital', 'pharmacy', 'clinic']).optional(),
        name: z.string().trim().max(40).optional(),
        supportsEc: z.boolean().optional(),
        near: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
        ...paging,
      }),
      (input) => searchInstitutions(context, input),
    ),
    'catalogue.search': operation(
      z.object({
        keyword: z.string().trim().max(40).optional(),
        code: z.string().trim().min(1).max(40).optional(),
        class: z.enum(['01', '02', '03']).optional(),
        category: z.enum(['drug', 'service', 'material']).optional(),
        onDate: isoDate.optional(),
        includeRetired: z.boolean().optional(),
        ...paging,
      }),
      (input) => searchCatalogue(context, input),
    ),
  };
}
