// 亲情账户: the members a signed-in person acts for, named to the phone only by an opaque
// memberId. Adds go through the platform (which keeps the pending state and enforces the
// rules); an adult's consent is checked here on the guardian's phone — the member's own face
// check on the guardian's platform, and an SMS code to the member's reserved phone when they
// have one — then asserted to the platform. Every method is scoped to the session's person:
// another person's memberId is 404 like one never made.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

import {
  FAMILY_RELATION_NAMES,
  INSURANCE_TYPE_NAMES,
  isValidDocument,
  maskName,
  normaliseDocumentNumber,
  type AddFamilyMember,
  type FaceStart,
  type Family,
  type FamilyConsent,
  type FamilyMember as PhoneMember,
} from '@ybm/shared';

import {
  insuranceFor,
  type FamilyMember,
  type InsuranceChannels,
  type InsuranceClient,
} from '../clients/insurance';
import { AppError } from '../errors';
import type { AuditLog, BindingStore, FamilyStore } from '../store/ports';
import type { Binding, FamilyLink, LinkFacts, SessionRecord } from '../store/records';
import type { AlipayIdentity, WechatIdentity } from './platforms';
import { smsText, type SmsSender } from './sms';

const SMS_TTL_MS = 5 * 60 * 1000;
const SMS_RESEND_MS = 60 * 1000;
const SMS_MAX_WRONG = 5;
const FACE_MAX_TRIES = 5;

export interface FamilyServiceDeps {
  insurance: InsuranceChannels;
  bindings: Pick<BindingStore, 'find'>;
  family: FamilyStore;
  wechat: Pick<WechatIdentity, 'getVerifyId' | 'queryVerifyResult'>;
  alipay?: Pick<AlipayIdentity, 'startCertify' | 'queryCertify'>;
  sms: SmsSender;
  audit: AuditLog;
  now: () => number;
  newMemberId?: () => string;
  smsCode?: () => string;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest();

/** The signed-in person's binding: whose family this is. */
export async function guardianOf(
  bindings: Pick<BindingStore, 'find'>,
  session: SessionRecord,
): Promise<Binding> {
  const binding = await bindings.find(session.channel, session.platformUserId);
  if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
  return binding;
}

function factsOf(guardianPerson: string, member: FamilyMember): LinkFacts {
  return {
    guardianPerson,
    memberPerson: member.psnNo,
    relation: member.relation,
    maskedName: maskName(member.name),
    age: member.age,
    insutype: member.insurance?.insutype ?? null,
    regionName: member.insurance?.regionName ?? null,
    status: member.linkStatus,
    maskedPhone: member.maskedPhone,
  };
}

function phoneMember(link: FamilyLink): PhoneMember {
  return {
    memberId: link.memberId,
    maskedName: link.maskedName,
    relation: link.relation,
    relationName: FAMILY_RELATION_NAMES[link.relation],
    age: link.age,
    ...(link.insutype ? { insuranceType: INSURANCE_TYPE_NAMES[link.insutype] } : {}),
    linkStatus: link.status,
    needsSms: link.status === 'pending' && link.maskedPhone !== null && link.smsVerifiedAt === null,
    ...(link.maskedPhone ? { maskedPhone: link.maskedPhone } : {}),
  };
}

export function createFamilyService(deps: FamilyServiceDeps) {
  const newMemberId = deps.newMemberId ?? (() => randomBytes(16).toString('base64url'));
  const newSmsCode = deps.smsCode ?? (() => String(randomInt(0, 1_000_000)).padStart(6, '0'));
  const clientOf = (binding: Binding): InsuranceClient => insuranceFor(deps.insurance, binding.channel);
  const actorOf = (binding: Binding) => ({
    channel: binding.channel,
    platformUserId: binding.platformUserId,
    psnNo: binding.psnNo,
  });

  /** The guardian's link by memberId, in any state; anyone else's id is FAMILY_MEMBER_NOT_FOUND. */
  async function linkOf(binding: Binding, memberId: string): Promise<FamilyLink> {
    const link = await deps.family.get(binding.psnNo, memberId);
    if (!link) throw new AppError('FAMILY_MEMBER_NOT_FOUND');
    return link;
  }

  async function pendingLink(session: SessionRecord, memberId: string) {
    const binding = await guardianOf(deps.bindings, session);
    const link = await linkOf(binding, memberId);
    if (link.status !== 'pending') throw new AppError('FAMILY_CONSENT_NOT_NEEDED');
    return { binding, link };
  }

  function consentOf(link: FamilyLink): FamilyConsent {
    const sinceSms = link.smsSentAt === null ? Infinity : deps.now() - link.smsSentAt;
    return {
      memberId: link.memberId,
      linkStatus: link.status,
      faceVerified: link.status === 'active' || link.faceVerifiedAt !== null,
      needsSms: link.maskedPhone !== null,
      smsVerified: link.status === 'active' || link.smsVerifiedAt !== null,
      ...(link.maskedPhone ? { maskedPhone: link.maskedPhone } : {}),
      ...(link.status === 'pending' && link.smsSentAt !== null
        ? { resendAfterSec: Math.max(0, Math.ceil((SMS_RESEND_MS - sinceSms) / 1000)) }
        : {}),
    };
  }

  /** Once every part of the consent is in: the platform makes the link live. */
  async function consentIfComplete(binding: Binding, link: FamilyLink): Promise<FamilyConsent> {
    const smsDone = link.maskedPhone === null || link.smsVerifiedAt !== null;
    if (link.faceVerifiedAt === null || !smsDone) return consentOf(link);
    const member = await deps.audit.around(
      { action: 'family.consent', ...actorOf(binding), detail: { memberId: link.memberId } },
      () =>
        clientOf(binding).consentFamilyMember(binding.psnNo, link.memberPerson, {
          faceVerified: true,
          smsVerified: link.smsVerifiedAt !== null,
        }),
    );
    await deps.family.update(link.memberId, {
      status: member.linkStatus,
      ...{ name: null, docType: null, docNumber: null, faceId: null, smsCodeHash: null },
    });
    return consentOf((await deps.family.get(binding.psnNo, link.memberId))!);
  }

  return {
    /** The members the platform lists for this person, each under its memberId. */
    async list(session: SessionRecord): Promise<Family> {
      const binding = await guardianOf(deps.bindings, session);
      const family = await clientOf(binding).listFamily(binding.psnNo);
      const listed = new Set(family.members.map((member) => member.psnNo));
      // Links ended elsewhere (another channel, the counter of the bureau): their ids die here too.
      for (const link of await deps.family.ofGuardian(binding.psnNo)) {
        if (!listed.has(link.memberPerson)) await deps.family.remove(link.memberId);
      }
      const members: PhoneMember[] = [];
      for (const member of family.members) {
        members.push(phoneMember(await deps.family.upsert(factsOf(binding.psnNo, member), newMemberId)));
      }
      return { limit: family.limit, members, mutualAid: binding.insutype === '310' };
    },

    async add(session: SessionRecord, input: AddFamilyMember): Promise<PhoneMember> {
      const binding = await guardianOf(deps.bindings, session);
      const docNumber = normaliseDocumentNumber(input.docNumber);
      if (!isValidDocument(input.docType, docNumber)) throw new AppError('DOCUMENT_INVALID');
      const member = await deps.audit.around(
        { action: 'family.add', ...actorOf(binding), detail: { relation: input.relation } },
        () =>
          clientOf(binding).addFamilyMember(
            binding.psnNo,
            { docType: input.docType, docNumber, name: input.name },
            input.relation,
            { attestedGuardian: input.guardianAttestation === true },
          ),
      );
      const link = await deps.family.upsert(factsOf(binding.psnNo, member), newMemberId);
      // A pending member's face check needs their name and document; cleared once they consent.
      if (link.status === 'pending') {
        await deps.family.update(link.memberId, { name: input.name, docType: input.docType, docNumber });
      }
      return phoneMember(link);
    },

    async consent(session: SessionRecord, memberId: string): Promise<FamilyConsent> {
      const binding = await guardianOf(deps.bindings, session);
      return consentOf(await linkOf(binding, memberId));
    },

    /** The member's face check, on the guardian's platform with the member's name and document. */
    async startFace(session: SessionRecord, memberId: string): Promise<FaceStart> {
      const { link } = await pendingLink(session, memberId);
      if (link.faceAttempts >= FACE_MAX_TRIES) throw new AppError('FACE_TOO_MANY_TRIES');
      const person = { name: link.name ?? '', idNumber: link.docNumber ?? '' };
      if (!link.name || !link.docNumber) throw new AppError('FAMILY_CONSENT_FAILED');
      if (session.channel === 'alipay') {
        if (!deps.alipay) throw new AppError('UPSTREAM_UNAVAILABLE');
        const certify = await deps.alipay.startCertify({
          outerOrderNo: `family-${link.memberId}`,
          ...person,
        });
        await deps.family.update(link.memberId, {
          faceId: certify.certifyId,
          faceAttempts: link.faceAttempts + 1,
        });
        return { verifyId: certify.certifyId, ...certify };
      }
      if (link.docType !== 'resident_id') throw new AppError('FACE_UNSUPPORTED_DOCUMENT');
      const { verifyId } = await deps.wechat.getVerifyId({ openid: session.platformUserId, ...person });
      await deps.family.update(link.memberId, { faceId: verifyId, faceAttempts: link.faceAttempts + 1 });
      return { verifyId };
    },

    async completeFace(session: SessionRecord, memberId: string): Promise<FamilyConsent> {
      const { binding, link } = await pendingLink(session, memberId);
      const faceId = link.faceId;
      if (!faceId) throw new AppError('FAMILY_CONSENT_FAILED');
      const outcome =
        session.channel === 'alipay'
          ? await (deps.alipay ?? { queryCertify: async () => 'fail' as const }).queryCertify(faceId)
          : await deps.wechat.queryVerifyResult({
              openid: session.platformUserId,
              verifyId: faceId,
              name: link.name ?? '',
              idNumber: link.docNumber ?? '',
            });
      await deps.family.update(link.memberId, { faceId: null });
      if (outcome === 'fail') throw new AppError('FAMILY_CONSENT_FAILED');
      if (outcome !== 'pass') throw new AppError('FACE_CANCELLED');
      await deps.family.update(link.memberId, { faceVerifiedAt: deps.now() });
      return consentIfComplete(binding, (await deps.family.get(binding.psnNo, memberId))!);
    },

    /** An SMS code to the member's reserved phone (the platform gives the number; the phone never sees it). */
    async sendSms(session: SessionRecord, memberId: string): Promise<FamilyConsent> {
      const { binding, link } = await pendingLink(session, memberId);
      if (link.maskedPhone === null) throw new AppError('FAMILY_NO_PHONE');
      const at = deps.now();
      if (link.smsSentAt !== null && at - link.smsSentAt < SMS_RESEND_MS)
        throw new AppError('SMS_RESEND_TOO_SOON');
      const phone = await clientOf(binding).familyContact(binding.psnNo, link.memberPerson);
      if (!phone) throw new AppError('FAMILY_NO_PHONE');
      const code = newSmsCode();
      await deps.sms.send(phone, smsText(code));
      await deps.family.update(link.memberId, {
        smsCodeHash: hashCode(code).toString('hex'),
        smsSentAt: at,
        smsExpiresAt: at + SMS_TTL_MS,
        smsAttempts: 0,
      });
      return consentOf((await deps.family.get(binding.psnNo, memberId))!);
    },

    async verifySms(session: SessionRecord, memberId: string, smsCode: string): Promise<FamilyConsent> {
      const { binding, link } = await pendingLink(session, memberId);
      if (!link.smsCodeHash || link.smsExpiresAt === null) throw new AppError('SMS_CODE_EXPIRED');
      if (link.smsAttempts >= SMS_MAX_WRONG) throw new AppError('SMS_CODE_VOIDED');
      if (link.smsExpiresAt < deps.now()) throw new AppError('SMS_CODE_EXPIRED');
      if (!timingSafeEqual(hashCode(smsCode), Buffer.from(link.smsCodeHash, 'hex'))) {
        await deps.family.update(link.memberId, { smsAttempts: link.smsAttempts + 1 });
        throw new AppError(link.smsAttempts + 1 >= SMS_MAX_WRONG ? 'SMS_CODE_VOIDED' : 'SMS_CODE_WRONG');
      }
      await deps.family.update(link.memberId, { smsVerifiedAt: deps.now(), smsCodeHash: null });
      return consentIfComplete(binding, (await deps.family.get(binding.psnNo, memberId))!);
    },

    /** Ends the link at the platform, then here: from now on the memberId is unknown. */
    async remove(session: SessionRecord, memberId: string): Promise<{ ok: true }> {
      const binding = await guardianOf(deps.bindings, session);
      const link = await linkOf(binding, memberId);
      await deps.audit.around(
        { action: 'family.remove', ...actorOf(binding), detail: { memberId } },
        async () => {
          try {
            await clientOf(binding).removeFamilyMember(binding.psnNo, link.memberPerson);
          } catch (error) {
            // Already ended at the platform (another channel): end it here too.
            if (!(error instanceof AppError && error.code === 'FAMILY_MEMBER_NOT_FOUND')) throw error;
          }
          await deps.family.remove(link.memberId);
        },
      );
      return { ok: true };
    },

    /** The guardian's live link by memberId (a pending one is not a member yet). */
    async liveLink(
      session: SessionRecord,
      memberId: string,
    ): Promise<{ binding: Binding; link: FamilyLink }> {
      const binding = await guardianOf(deps.bindings, session);
      const link = await linkOf(binding, memberId);
      if (link.status !== 'active') throw new AppError('FAMILY_CONSENT_PENDING');
      return { binding, link };
    },
  };
}

export type FamilyService = ReturnType<typeof createFamilyService>;
