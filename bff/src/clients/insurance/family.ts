// 亲情账户: the family members an owner acts for (up to five) — list, add (a child under 16
// on the guardian's attestation; anyone older pending until their consent: face check, and
// an SMS code to their reserved phone when they have one), consent, remove.
import type { DocumentType } from '@ybm/shared';
import type { FamilyMember as PlatformMember, FamilyRelation } from '@ybm/shared/protocol';
import type { z } from 'zod';

import type { Exchange } from './exchange';
import { insuranceRecordOf, type InsuranceRecord, type PersonDocument } from './people';

export type { FamilyRelation };

export interface FamilyMember {
  linkId: number;
  psnNo: string;
  name: string;
  gender: 'male' | 'female';
  age: number;
  docType: DocumentType;
  maskedDocNumber: string;
  hasPhone: boolean;
  relation: FamilyRelation;
  relationName: string;
  insurance: InsuranceRecord | null;
  hasAccount: boolean;
  linkedAt: string;
  linkStatus: 'pending' | 'active';
  maskedPhone: string | null;
}

/** The platform's refusals about a member, in the words the guardian's phone shows. */
const MEMBER_REFUSALS = {
  NOT_INSURED: 'FAMILY_MEMBER_NOT_INSURED',
  PERSON_NOT_FOUND: 'FAMILY_MEMBER_NOT_INSURED',
  FAMILY_LINK_NOT_FOUND: 'FAMILY_MEMBER_NOT_FOUND',
  FAMILY_CONSENT_REQUIRED: 'FAMILY_CONSENT_FAILED',
  FAMILY_LINK_PENDING: 'FAMILY_CONSENT_PENDING',
} as const;

function memberOf(member: z.output<typeof PlatformMember>): FamilyMember {
  return {
    ...member,
    gender: member.gender === '1' ? 'male' : 'female',
    insurance: member.insurance && insuranceRecordOf(member.insurance),
  };
}

export function familyMethods(exchange: Exchange) {
  return {
    async listFamily(ownerPsnNo: string): Promise<{ limit: number; members: FamilyMember[] }> {
      const family = await exchange.channel('family.list', { ownerPsnNo });
      return { limit: family.limit, members: family.members.map(memberOf) };
    },

    /**
     * Links a member: under 16 at once on the owner's attestation of being the guardian; 16 or
     * older as pending until consentFamilyMember.
     */
    async addFamilyMember(
      ownerPsnNo: string,
      member: PersonDocument,
      relation: FamilyRelation,
      consent: { attestedGuardian?: boolean },
    ): Promise<FamilyMember> {
      const guardianAttested = consent.attestedGuardian === true;
      return memberOf(
        await exchange.channel(
          'family.add',
          { ownerPsnNo, member, relation, ...(guardianAttested ? { guardianAttested } : {}) },
          MEMBER_REFUSALS,
        ),
      );
    },

    /** A pending member's consent, checked on the owner's phone: face, and SMS when they have a phone. */
    async consentFamilyMember(
      ownerPsnNo: string,
      memberPsnNo: string,
      checks: { faceVerified: boolean; smsVerified: boolean },
    ): Promise<FamilyMember> {
      return memberOf(
        await exchange.channel('family.consent', { ownerPsnNo, memberPsnNo, ...checks }, MEMBER_REFUSALS),
      );
    },

    /** The member's whole reserved phone (for the consent's SMS code), or null. */
    async familyContact(ownerPsnNo: string, memberPsnNo: string): Promise<string | null> {
      return (await exchange.channel('family.contact', { ownerPsnNo, memberPsnNo }, MEMBER_REFUSALS)).phone;
    },

    async removeFamilyMember(ownerPsnNo: string, memberPsnNo: string): Promise<{ linkId: number }> {
      const { linkId } = await exchange.channel(
        'family.remove',
        { ownerPsnNo, memberPsnNo },
        MEMBER_REFUSALS,
      );
      return { linkId };
    },
  };
}
