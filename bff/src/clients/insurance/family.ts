// 亲情账户: the family members an owner acts for (up to five) — list, add (a child under 16
// on the guardian's attestation, anyone older after their own face check), remove.
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
}

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
     * Links a member: under 16 the owner attests to being the guardian; 16 or older the
     * member passed their own face check.
     */
    async addFamilyMember(
      ownerPsnNo: string,
      member: PersonDocument,
      relation: FamilyRelation,
      consent: { guardianAttested?: boolean; memberVerified?: boolean },
    ): Promise<FamilyMember> {
      return memberOf(await exchange.channel('family.add', { ownerPsnNo, member, relation, ...consent }));
    },

    async removeFamilyMember(ownerPsnNo: string, memberPsnNo: string): Promise<{ linkId: number }> {
      const { linkId } = await exchange.channel('family.remove', { ownerPsnNo, memberPsnNo });
      return { linkId };
    },
  };
}
