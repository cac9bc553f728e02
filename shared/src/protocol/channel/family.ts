// family.* operations: the 亲情账户 of an owner — list, add (a child under 16 on the
// guardian's attestation; anyone older is pending until family.consent brings their own
// face check and, when they have a reserved phone, an SMS code to it), remove.
import '../../zod-setup';
import { z } from 'zod';

import { DOCUMENT_TYPES } from '../../id-document';
import { int, listOf, orNull } from '../wire';
import { documentInput, gender, insuranceSummary, psnNo } from './schemas';

export const FAMILY_RELATIONS = {
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
} as const;
export type FamilyRelation = keyof typeof FAMILY_RELATIONS;

const relation = z.enum(Object.keys(FAMILY_RELATIONS) as [FamilyRelation, ...FamilyRelation[]]);

export const FamilyMember = z.object({
  linkId: int,
  psnNo: z.string(),
  name: z.string(),
  gender,
  age: int,
  docType: z.enum(DOCUMENT_TYPES),
  maskedDocNumber: z.string(),
  hasPhone: z.boolean(),
  relation,
  relationName: z.string(),
  insurance: orNull(insuranceSummary),
  hasAccount: z.boolean(),
  linkedAt: z.string(),
  /** pending: an adult member who has not consented yet; their code is not issued. */
  linkStatus: z.enum(['pending', 'active']),
  /** The member's reserved phone, masked (the consent's SMS goes there), or null. */
  maskedPhone: orNull(z.string()),
});

export const FAMILY_OPERATIONS = {
  'family.list': {
    input: z.object({ ownerPsnNo: psnNo }),
    answer: z.object({ count: int, limit: int, members: listOf(FamilyMember) }),
  },
  'family.add': {
    input: z.object({
      ownerPsnNo: psnNo,
      member: z.object(documentInput),
      relation,
      // Under 16: the owner declares they are the guardian (linked at once). 16+: pending.
      guardianAttested: z.boolean().optional(),
    }),
    answer: FamilyMember,
  },
  // A pending member's consent, checked on the owner's phone: their face check, and an SMS
  // code to their reserved phone when they have one. Both are required for the link to live.
  'family.consent': {
    input: z.object({
      ownerPsnNo: psnNo,
      memberPsnNo: psnNo,
      faceVerified: z.boolean(),
      smsVerified: z.boolean().optional(),
    }),
    answer: FamilyMember,
  },
  /** The member's phone number for the consent's SMS code (whole: the caller sends it itself). */
  'family.contact': {
    input: z.object({ ownerPsnNo: psnNo, memberPsnNo: psnNo }),
    answer: z.object({ hasPhone: z.boolean(), phone: orNull(z.string()) }),
  },
  'family.remove': {
    input: z.object({ ownerPsnNo: psnNo, memberPsnNo: psnNo }),
    answer: z.object({ removed: z.literal(true), linkId: int, memberPsnNo: z.string() }),
  },
} as const;
