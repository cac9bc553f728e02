// 亲情账户: the family members a person acts for (up to five). A member is named to the phone
// only by an opaque memberId and a masked name — never by the platform's person number. A
// child under 16 is linked on the guardian's attestation; anyone older stays pending until
// they consent on the guardian's phone (their own face check, and an SMS code to their
// reserved phone when they have one).
import '../zod-setup';
import { z } from 'zod';

import { DOCUMENT_TYPES } from '../id-document';

export const FAMILY_RELATION_NAMES = {
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
} as const;
export type FamilyRelationKey = keyof typeof FAMILY_RELATION_NAMES;
export const FAMILY_RELATION_KEYS = Object.keys(FAMILY_RELATION_NAMES) as [
  FamilyRelationKey,
  ...FamilyRelationKey[],
];

/** 家庭共济: the relations whose out-of-pocket part an employee may pay from their own account. */
export const MUTUAL_AID_RELATIONS: readonly FamilyRelationKey[] = ['spouse', 'parent', 'child'];

/** Opaque: 22 url-safe characters, meaningful only to the BFF that made it. */
export const MemberIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
export const MemberParamsSchema = z.object({ memberId: MemberIdSchema });

export const FamilyMemberSchema = z.object({
  memberId: MemberIdSchema,
  maskedName: z.string(),
  relation: z.enum(FAMILY_RELATION_KEYS),
  relationName: z.string(),
  age: z.number().int().nonnegative(),
  /** 职工基本医疗保险 / 城乡居民基本医疗保险; absent when the member has no insurance record. */
  insuranceType: z.string().optional(),
  linkStatus: z.enum(['active', 'pending']),
  /** Pending: the consent still needs an SMS code to the member's reserved phone. */
  needsSms: z.boolean(),
  maskedPhone: z.string().optional(),
});
export type FamilyMember = z.infer<typeof FamilyMemberSchema>;

export const FamilySchema = z.object({
  limit: z.number().int().positive(),
  members: z.array(FamilyMemberSchema),
  /** 家庭共济: whether the signed-in person (an employee with a personal account) may pay for members. */
  mutualAid: z.boolean(),
});
export type Family = z.infer<typeof FamilySchema>;

export const AddFamilyMemberSchema = z.object({
  name: z.string().trim().min(1).max(50),
  docType: z.enum(DOCUMENT_TYPES),
  docNumber: z.string().trim().min(5).max(30),
  relation: z.enum(FAMILY_RELATION_KEYS),
  /** Under 16: the person declares they are the member's guardian. */
  guardianAttestation: z.boolean().optional(),
});
export type AddFamilyMember = z.infer<typeof AddFamilyMemberSchema>;

/** Where a pending member's consent stands (and the member once linked). */
export const FamilyConsentSchema = z.object({
  memberId: MemberIdSchema,
  linkStatus: z.enum(['active', 'pending']),
  faceVerified: z.boolean(),
  needsSms: z.boolean(),
  smsVerified: z.boolean(),
  maskedPhone: z.string().optional(),
  /** Seconds before another SMS code may be sent. */
  resendAfterSec: z.number().int().nonnegative().optional(),
});
export type FamilyConsent = z.infer<typeof FamilyConsentSchema>;
