// family.* channel operations: the 亲情账户 of an owner (list, add, remove).
import { documentInput, psnNo } from '@ybm/shared/src/protocol/channel/schemas';
import { z } from 'zod';

import type { SandboxContext } from '../context';
import { addFamilyMember, listFamily, RELATIONS, removeFamilyMember, type Relation } from '../domain/family';
import { operation, type Operations } from './operation';

const relation = z.enum(Object.keys(RELATIONS) as [Relation, ...Relation[]]);

export function familyOperations(context: SandboxContext): Operations {
  return {
    'family.list': operation(z.object({ ownerPsnNo: psnNo }), (input) =>
      listFamily(context, input.ownerPsnNo),
    ),
    'family.add': operation(
      z.object({
        ownerPsnNo: psnNo,
        member: z.object(documentInput),
        relation,
        // Under 16: the owner declares they are the guardian. 16+: the member's own face check passed.
        guardianAttested: z.boolean().optional(),
        memberVerified: z.boolean().optional(),
      }),
      (input) => addFamilyMember(context, input),
    ),
    'family.remove': operation(z.object({ ownerPsnNo: psnNo, memberPsnNo: psnNo }), (input) =>
      removeFamilyMember(context, input.ownerPsnNo, input.memberPsnNo),
    ),
  };
}
