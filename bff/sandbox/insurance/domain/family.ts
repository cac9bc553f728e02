// 亲情账户: an owner links up to five members whose code they may show and whose bills they
// may pay. A child under 16 is linked on the guardian's attestation; anyone 16 or older stays
// pending until their consent arrives: their own face check and, when they have a reserved
// phone, the SMS code sent to it (both checked on the owner's phone, asserted here). A live
// link is the family activation of the member's voucher on the owner's channels.
import { maskIdNumber, maskPhone, type DocumentType } from '@ybm/shared';
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

type LinkStatus = 'pending' | 'active';

interface LinkRow {
  linkId: number;
  memberPsnNo: string;
  relation: FamilyRelation;
  status: LinkStatus;
  linkedAt: string;
}

const LINK_COLUMNS = `id AS linkId, member_psn_no AS memberPsnNo, relation, status, created_at AS linkedAt`;

const statements = preparedFor((db) => ({
  current: db.prepare<[string], LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM family_links
     WHERE owner_psn_no = ? AND status IN ('pending', 'active') ORDER BY id`,
  ),
  count: db
    .prepare<[string], number>(
      "SELECT count(*) FROM family_links WHERE owner_psn_no = ? AND status IN ('pending', 'active')",
    )
    .pluck(),
  link: db.prepare<[string, string], LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM family_links
     WHERE owner_psn_no = ? AND member_psn_no = ? AND status IN ('pending', 'active')`,
  ),
  insert: db.prepare(
    `INSERT INTO family_links (owner_psn_no, member_psn_no, relation, status, created_at, activated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
  activate: db.prepare(
    `UPDATE family_links SET status = 'active', activated_at = ?, face_verified_at = ?, sms_verified_at = ?
     WHERE id = ? AND status = 'pending'`,
  ),
  remove: db.prepare(
    "UPDATE family_links SET status = 'removed', removed_at = ? WHERE id = ? AND status IN ('pending', 'active')",
  ),
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
    linkStatus: link.status,
    maskedPhone: member.phone === null ? null : maskPhone(member.phone),
  };
}

export function listFamily(ctx: Ctx, ownerPsnNo: string) {
  requirePerson(ctx, ownerPsnNo);
  const members = statements(ctx.db)
    .current.all(ownerPsnNo)
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
}

export function addFamilyMember(ctx: Ctx, input: AddMember) {
  const s = statements(ctx.db);
  requirePerson(ctx, input.ownerPsnNo);
  const member = identifyPerson(ctx, input.member);
  if (member.psnNo === input.ownerPsnNo) throw new PlatformRefusal('FAMILY_SELF', '不能把本人添加为亲情成员');
  if (!activeInsurance(ctx, member.psnNo)) {
    throw new PlatformRefusal('NOT_INSURED', '该成员未参加基本医疗保险');
  }
  if (s.link.get(input.ownerPsnNo, member.psnNo)) {
    throw new PlatformRefusal('FAMILY_ALREADY_LINKED', '该成员已在您的亲情账户中');
  }
  const limitReached = () => (s.count.get(input.ownerPsnNo) ?? 0) >= FAMILY_LIMIT;
  const refuseLimit = () =>
    new PlatformRefusal('FAMILY_LIMIT_REACHED', `亲情账户最多添加${FAMILY_LIMIT}位成员`);
  if (limitReached()) throw refuseLimit();
  const adult = ageOn(member.birthDate, shanghaiDate(ctx.now())) >= ADULT_AGE;
  if (!adult && !input.guardianAttested) {
    throw new PlatformRefusal(
      'FAMILY_GUARDIAN_ATTESTATION_REQUIRED',
      '未满16周岁的成员须由监护人声明监护关系后添加',
    );
  }
  const at = isoNow(ctx);
  const status: LinkStatus = adult ? 'pending' : 'active';
  const linkId = inTransaction(ctx.db, () => {
    // Counted inside the write so that two concurrent adds cannot both take the fifth place.
    if (limitReached()) throw refuseLimit();
    const activatedAt = status === 'active' ? at : null;
    return Number(
      s.insert.run(input.ownerPsnNo, member.psnNo, input.relation, status, at, activatedAt).lastInsertRowid,
    );
  });
  return memberView(ctx, member, { linkId, relation: input.relation, status, linkedAt: at });
}

function currentLink(ctx: Ctx, ownerPsnNo: string, memberPsnNo: string): LinkRow {
  requirePerson(ctx, ownerPsnNo);
  const link = statements(ctx.db).link.get(ownerPsnNo, memberPsnNo);
  if (!link) throw new PlatformRefusal('FAMILY_LINK_NOT_FOUND', '该成员不在您的亲情账户中');
  return link;
}

/** The member's consent: their face check always, and the SMS code when they have a reserved phone. */
export function consentFamilyMember(
  ctx: Ctx,
  input: { ownerPsnNo: string; memberPsnNo: string; faceVerified: boolean; smsVerified?: boolean },
) {
  const link = currentLink(ctx, input.ownerPsnNo, input.memberPsnNo);
  const member = requirePerson(ctx, input.memberPsnNo);
  if (link.status === 'pending') {
    if (!input.faceVerified || (member.phone !== null && !input.smsVerified)) {
      throw new PlatformRefusal(
        'FAMILY_CONSENT_REQUIRED',
        member.phone === null ? '须成员本人完成人脸核验' : '须成员本人完成人脸核验及预留手机短信验证',
      );
    }
    const at = isoNow(ctx);
    statements(ctx.db).activate.run(at, at, input.smsVerified ? at : null, link.linkId);
  }
  return memberView(ctx, member, { ...link, status: 'active' });
}

/** The member's reserved phone, for the consent's SMS code (only to a pending link's owner). */
export function familyContact(ctx: Ctx, ownerPsnNo: string, memberPsnNo: string) {
  currentLink(ctx, ownerPsnNo, memberPsnNo);
  const phone = requirePerson(ctx, memberPsnNo).phone;
  return { hasPhone: phone !== null, phone };
}

/** Refuses unless the owner has a live (consented) link to the member. */
export function requireLiveLink(ctx: Ctx, ownerPsnNo: string, memberPsnNo: string): LinkRow {
  const link = currentLink(ctx, ownerPsnNo, memberPsnNo);
  if (link.status !== 'active') {
    throw new PlatformRefusal('FAMILY_LINK_PENDING', '该成员尚未完成本人授权');
  }
  return link;
}

export function removeFamilyMember(ctx: Ctx, ownerPsnNo: string, memberPsnNo: string) {
  const link = currentLink(ctx, ownerPsnNo, memberPsnNo);
  statements(ctx.db).remove.run(isoNow(ctx), link.linkId);
  return { removed: true as const, linkId: link.linkId, memberPsnNo };
}
