// 亲情账户: an owner links up to five members whose code they may show and whose bills
// they may pay. A child under 16 is linked on the guardian's attestation; anyone 16 or
// older must have passed their own face check (done on the BFF side, asserted here).
import { maskIdNumber, type DocumentType } from '@ybm/shared';
import { FAMILY_RELATIONS, type FamilyRelation } from '@ybm/shared/protocol';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import type { SandboxContext } from '../context';
import { isoNow } from '../context';
import { balanceOf } from './ledger';
import { activeInsurance, ageOn, getPerson, shanghaiDate, type PersonRecord } from './people';
import { identifyPerson, insuranceSummary, requirePerson } from './person-summary';
import { preparedFor } from './prepared';

type Ctx = Pick<SandboxContext, 'db' | 'now'>;

export const FAMILY_LIMIT = 5;
export const ADULT_AGE = 16;

interface LinkRow {
  linkId: number;
  memberPsnNo: string;
  relation: FamilyRelation;
  linkedAt: string;
}

const statements = preparedFor((db) => ({
  active: db.prepare<[string], LinkRow>(
    `SELECT id AS linkId, member_psn_no AS memberPsnNo, relation, created_at AS linkedAt
     FROM family_links WHERE owner_psn_no = ? AND status = 'active' ORDER BY id`,
  ),
  count: db
    .prepare<[string], number>(
      "SELECT count(*) FROM family_links WHERE owner_psn_no = ? AND status = 'active'",
    )
    .pluck(),
  linked: db.prepare<[string, string], { id: number }>(
    "SELECT id FROM family_links WHERE owner_psn_no = ? AND member_psn_no = ? AND status = 'active'",
  ),
  insert: db.prepare(
    `INSERT INTO family_links (owner_psn_no, member_psn_no, relation, status, created_at)
     VALUES (?, ?, ?, 'active', ?)`,
  ),
  remove: db.prepare("UPDATE family_links SET status = 'removed' WHERE id = ? AND status = 'active'"),
}));

function memberView(ctx: Ctx, member: PersonRecord, link: Omit<LinkRow, 'memberPsnNo'>) {
  const insurance = activeInsurance(ctx, member.psnNo);
  return {
    linkId: link.linkId,
    psnNo: member.psnNo,
    name: member.name,
    gender: member.gender,
    age: ageOn(member.birthDate, shanghaiDate(ctx.now())),
    docType: member.docType,
    maskedDocNumber: maskIdNumber(member.docNumber),
    hasPhone: member.phone !== null,
    relation: link.relation,
    relationName: FAMILY_RELATIONS[link.relation],
    insurance: insurance ? insuranceSummary(ctx, insurance) : null,
    hasAccount: balanceOf(ctx, member.psnNo) !== undefined,
    linkedAt: link.linkedAt,
  };
}

export function listFamily(ctx: Ctx, ownerPsnNo: string) {
  requirePerson(ctx, ownerPsnNo);
  const members = statements(ctx.db)
    .active.all(ownerPsnNo)
    .flatMap((link) => {
      const member = getPerson(ctx, link.memberPsnNo);
      return member ? [memberView(ctx, member, link)] : [];
    });
  return { count: members.length, limit: FAMILY_LIMIT, members };
}

export interface AddMember {
  ownerPsnNo: string;
  member: { docType: DocumentType; docNumber: string; name: string };
  relation: FamilyRelation;
  guardianAttested?: boolean;
  memberVerified?: boolean;
}

export function addFamilyMember(ctx: Ctx, input: AddMember) {
  const s = statements(ctx.db);
  requirePerson(ctx, input.ownerPsnNo);
  const member = identifyPerson(ctx, input.member);
  if (member.psnNo === input.ownerPsnNo) throw new PlatformRefusal('FAMILY_SELF', '不能把本人添加为亲情成员');
  if (s.linked.get(input.ownerPsnNo, member.psnNo)) {
    throw new PlatformRefusal('FAMILY_ALREADY_LINKED', '该成员已在您的亲情账户中');
  }
  const limitReached = () => (s.count.get(input.ownerPsnNo) ?? 0) >= FAMILY_LIMIT;
  const refuseLimit = () =>
    new PlatformRefusal('FAMILY_LIMIT_REACHED', `亲情账户最多添加${FAMILY_LIMIT}位成员`);
  // Before asking for a face check, so nobody verifies only to be told there is no room.
  if (limitReached()) throw refuseLimit();
  const age = ageOn(member.birthDate, shanghaiDate(ctx.now()));
  if (age < ADULT_AGE) {
    if (!input.guardianAttested && !input.memberVerified) {
      throw new PlatformRefusal(
        'FAMILY_GUARDIAN_ATTESTATION_REQUIRED',
        '未满16周岁的成员须由监护人声明监护关系后添加',
      );
    }
  } else if (!input.memberVerified) {
    throw new PlatformRefusal('FAMILY_MEMBER_VERIFICATION_REQUIRED', '16周岁及以上的成员须本人完成人脸核验');
  }
  const at = isoNow(ctx);
  const linkId = inTransaction(ctx.db, () => {
    // Counted inside the write so that two concurrent adds cannot both take the fifth place.
    if (limitReached()) throw refuseLimit();
    return Number(s.insert.run(input.ownerPsnNo, member.psnNo, input.relation, at).lastInsertRowid);
  });
  return memberView(ctx, member, { linkId, relation: input.relation, linkedAt: at });
}

export function removeFamilyMember(ctx: Ctx, ownerPsnNo: string, memberPsnNo: string) {
  const s = statements(ctx.db);
  requirePerson(ctx, ownerPsnNo);
  const link = s.linked.get(ownerPsnNo, memberPsnNo);
  if (!link) throw new PlatformRefusal('FAMILY_LINK_NOT_FOUND', '该成员不在您的亲情账户中');
  s.remove.run(link.id);
  return { removed: true as const, linkId: link.id, memberPsnNo };
}
