// The claim (申领/激活) flow, one step per call, each step allowed only after the one
// before: consent → identity (the platform checks the person) → SMS to the reserved phone →
// face check on the user's own platform → a new password. A person who already activated on
// the other platform goes from identity straight to 一键同步: the password they set there,
// which the platform checks (with its own try limit), stands in for the SMS and face check.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

import {
  birthDateFromResidentId,
  CONSENT_DOCUMENTS,
  CONSENT_VERSION,
  isValidDocument,
  maskIdNumber,
  maskPhone,
  normaliseDocumentNumber,
  type ClaimIdentity,
  type ClaimState,
  type ClaimStep,
  type FaceStart,
} from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { AuditDetail, ClaimRecord, SessionRecord } from '../store/records';

import type { AuditLog, BindingStore, ClaimStore, ConsentStore } from '../store/ports';
import type { AlipayIdentity, WechatIdentity } from './platforms';
import { smsText, type SmsSender } from './sms';
import { voucherSummaryOf } from './voucher-summary';

const CLAIM_TTL_MS = 30 * 60 * 1000;
const SMS_TTL_MS = 5 * 60 * 1000;
const SMS_RESEND_MS = 60 * 1000;
const SMS_DAILY_LIMIT = 10;
const SMS_MAX_WRONG = 5;
const FACE_MAX_TRIES = 5;
/** The daily SMS cap counts sends over this window; the SMS log is kept for no longer. */
export const SMS_CAP_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ClaimServiceDeps {
  claims: ClaimStore;
  consents: ConsentStore;
  bindings: BindingStore;
  insurance: InsuranceChannels;
  wechat: WechatIdentity;
  alipay?: AlipayIdentity;
  sms: SmsSender;
  audit: AuditLog;
  now: () => number;
  /** Six random digits for an SMS code. */
  smsCode?: () => string;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest();

export function createClaimService(deps: ClaimServiceDeps) {
  const newSmsCode = deps.smsCode ?? (() => String(randomInt(0, 1_000_000)).padStart(6, '0'));

  /**
   * The session's own live claim, or CLAIM_NOT_FOUND (also for someone else's claim id, and
   * for an expired one, which the store purges as it reads it).
   */
  async function load(session: SessionRecord, claimId: string, expected: ClaimStep[]): Promise<ClaimRecord> {
    const claim = await deps.claims.get(claimId);
    if (!claim || claim.channel !== session.channel || claim.platformUserId !== session.platformUserId) {
      throw new AppError('CLAIM_NOT_FOUND');
    }
    if (!expected.includes(claim.step))
      throw new AppError('CLAIM_STEP_OUT_OF_ORDER', { details: { step: claim.step } });
    return claim;
  }

  function stateOf(claim: ClaimRecord): ClaimState {
    const sinceSms = claim.smsSentAt === null ? Infinity : deps.now() - claim.smsSentAt;
    return {
      claimId: claim.claimId,
      step: claim.step,
      ...(claim.maskedName ? { maskedName: claim.maskedName } : {}),
      ...(claim.phone ? { maskedPhone: maskPhone(claim.phone) } : {}),
      ...(claim.step === 'sms'
        ? { resendAfterSec: Math.max(0, Math.ceil((SMS_RESEND_MS - sinceSms) / 1000)) }
        : {}),
      syncAvailable: claim.syncAvailable,
      ...(claim.birthDate ? { birthDate: claim.birthDate } : {}),
    };
  }

  /** Writes to a live claim; one that expired while an upstream call ran is gone. */
  async function write(claim: ClaimRecord, changes: Partial<ClaimRecord>): Promise<void> {
    if (!(await deps.claims.update(claim.claimId, changes))) throw new AppError('CLAIM_NOT_FOUND');
  }

  async function move(claim: ClaimRecord, changes: Partial<ClaimRecord>): Promise<ClaimState> {
    await write(claim, changes);
    return stateOf({ ...claim, ...changes });
  }

  /** Who a claim's audit rows are about: never its name, document or phone. */
  function auditedClaim(claim: ClaimRecord, detail: AuditDetail = {}) {
    return {
      channel: claim.channel,
      platformUserId: claim.platformUserId,
      psnNo: claim.psnNo,
      detail: { claimId: claim.claimId, ...detail },
    };
  }

  /** The claim's last step on the platform, then the binding that makes the voucher ours. */
  async function activate(claim: ClaimRecord, passwordCipher: string) {
    const insurance = insuranceFor(deps.insurance, claim.channel);
    const finished = await insurance.finishActivation(claim.activationId ?? '', passwordCipher);
    const summary = await insurance.accountSummary(finished.psnNo);
    const binding = {
      channel: claim.channel,
      platformUserId: claim.platformUserId,
      psnNo: finished.psnNo,
      maskedName: claim.maskedName ?? '',
      maskedIdNumber: maskIdNumber(claim.docNumber ?? ''),
      // The insured region (参保地), which the voucher shows, may differ from where one lives.
      insutype: summary.insurance?.insutype ?? '390',
      regionName: summary.insurance?.regionName ?? summary.regionName ?? '',
      activatedAt: Date.parse(finished.activatedAt) || deps.now(),
    };
    // First the consents, then the binding: a crash between them is mended by the retried
    // finish (the platform answers it as the first), never a binding without its consent.
    await deps.consents.bind(claim.claimId, finished.psnNo, binding.activatedAt);
    await deps.bindings.save(binding);
    // The claim is over: forget the name, document, phone and the rest it held.
    await deps.claims.complete(claim.claimId);
    return { step: 'done' as const, voucher: voucherSummaryOf(binding) };
  }

  return {
    async start(session: SessionRecord): Promise<ClaimState> {
      if (await deps.bindings.find(session.channel, session.platformUserId))
        throw new AppError('ALREADY_ACTIVATED');
      const at = deps.now();
      const claim: ClaimRecord = {
        claimId: `CLM${randomBytes(12).toString('hex')}`,
        channel: session.channel,
        platformUserId: session.platformUserId,
        step: 'identity',
        consentVersion: CONSENT_VERSION,
        ...{ name: null, docType: null, docNumber: null, birthDate: null, psnNo: null, activationId: null },
        ...{ phone: null, maskedName: null, syncAvailable: false, smsCodeHash: null, smsSentAt: null },
        ...{ smsExpiresAt: null, smsAttempts: 0, faceId: null, faceAttempts: 0 },
        createdAt: at,
        expiresAt: at + CLAIM_TTL_MS,
      };
      // The consent is recorded before the claim that relies on it exists.
      await deps.consents.record({
        channel: claim.channel,
        platformUserId: claim.platformUserId,
        claimId: claim.claimId,
        agreedAt: at,
        documents: CONSENT_DOCUMENTS,
      });
      await deps.claims.insert(claim);
      return stateOf(claim);
    },

    async get(session: SessionRecord, claimId: string): Promise<ClaimState> {
      return stateOf(
        await load(session, claimId, [...(['identity', 'sms', 'face', 'password', 'sync', 'done'] as const)]),
      );
    },

    async identity(session: SessionRecord, claimId: string, input: ClaimIdentity): Promise<ClaimState> {
      const claim = await load(session, claimId, ['identity']);
      const docNumber = normaliseDocumentNumber(input.docNumber);
      // Checked here before any upstream call: a typo never reaches the platform.
      if (!isValidDocument(input.docType, docNumber)) throw new AppError('DOCUMENT_INVALID');
      const started = await insuranceFor(deps.insurance, claim.channel).startActivation({
        docType: input.docType,
        docNumber,
        name: input.name,
        platformUserId: session.platformUserId,
      });
      return move(claim, {
        step: started.hasPassword ? 'sync' : 'sms',
        name: input.name,
        docType: input.docType,
        docNumber,
        birthDate: input.docType === 'resident_id' ? (birthDateFromResidentId(docNumber) ?? null) : null,
        psnNo: started.psnNo,
        activationId: started.activationId,
        phone: started.reservedPhone,
        maskedName: started.maskedName,
        // Claimed before (on the other platform): verify that password instead of setting a new one.
        syncAvailable: started.hasPassword,
      });
    },

    async sendSms(session: SessionRecord, claimId: string): Promise<ClaimState> {
      const claim = await load(session, claimId, ['sms']);
      // The platform refuses a claim without a phone at the identity step; never send to ''.
      const phone = claim.phone;
      if (!phone) throw new AppError('NO_PHONE_ON_RECORD');
      const at = deps.now();
      if (claim.smsSentAt !== null && at - claim.smsSentAt < SMS_RESEND_MS)
        throw new AppError('SMS_RESEND_TOO_SOON');
      if ((await deps.claims.smsCountSince(phone, at - SMS_CAP_WINDOW_MS)) >= SMS_DAILY_LIMIT)
        throw new AppError('SMS_DAILY_LIMIT');
      const code = newSmsCode();
      await deps.sms.send(phone, smsText(code));
      await deps.claims.logSms(phone, at);
      return move(claim, {
        smsCodeHash: hashCode(code).toString('hex'),
        smsSentAt: at,
        smsExpiresAt: at + SMS_TTL_MS,
        smsAttempts: 0,
      });
    },

    async verifySms(session: SessionRecord, claimId: string, smsCode: string): Promise<ClaimState> {
      const claim = await load(session, claimId, ['sms']);
      if (!claim.smsCodeHash || claim.smsExpiresAt === null) throw new AppError('SMS_CODE_EXPIRED');
      if (claim.smsAttempts >= SMS_MAX_WRONG) throw new AppError('SMS_CODE_VOIDED');
      if (claim.smsExpiresAt < deps.now()) throw new AppError('SMS_CODE_EXPIRED');
      const right = timingSafeEqual(hashCode(smsCode), Buffer.from(claim.smsCodeHash, 'hex'));
      if (!right) {
        const attempts = claim.smsAttempts + 1;
        await deps.claims.update(claim.claimId, { smsAttempts: attempts });
        if (attempts >= SMS_MAX_WRONG) throw new AppError('SMS_CODE_VOIDED');
        throw new AppError('SMS_CODE_WRONG', { details: { remaining: SMS_MAX_WRONG - attempts } });
      }
      return move(claim, { step: 'face', smsCodeHash: null });
    },

    async startFace(session: SessionRecord, claimId: string): Promise<FaceStart> {
      const claim = await load(session, claimId, ['face']);
      if (claim.faceAttempts >= FACE_MAX_TRIES) throw new AppError('FACE_TOO_MANY_TRIES');
      const person = { name: claim.name ?? '', idNumber: claim.docNumber ?? '' };
      if (claim.channel === 'alipay') {
        if (!deps.alipay) throw new AppError('UPSTREAM_UNAVAILABLE');
        const certify = await deps.alipay.startCertify({ outerOrderNo: claim.claimId, ...person });
        await write(claim, { faceId: certify.certifyId, faceAttempts: claim.faceAttempts + 1 });
        // verifyId too: the one id every caller (the H5 dev face, tests) can rely on.
        return { verifyId: certify.certifyId, ...certify };
      }
      if (claim.docType !== 'resident_id') throw new AppError('FACE_UNSUPPORTED_DOCUMENT');
      const { verifyId } = await deps.wechat.getVerifyId({ openid: session.platformUserId, ...person });
      await write(claim, { faceId: verifyId, faceAttempts: claim.faceAttempts + 1 });
      return { verifyId };
    },

    async completeFace(session: SessionRecord, claimId: string): Promise<ClaimState> {
      const claim = await load(session, claimId, ['face']);
      const faceId = claim.faceId;
      if (!faceId) throw new AppError('CLAIM_STEP_OUT_OF_ORDER', { details: { step: 'face' } });
      return deps.audit.around({ action: 'face.check', ...auditedClaim(claim) }, async () => {
        const outcome =
          claim.channel === 'alipay'
            ? await (deps.alipay ?? { queryCertify: async () => 'fail' as const }).queryCertify(faceId)
            : await deps.wechat.queryVerifyResult({
                openid: session.platformUserId,
                verifyId: faceId,
                name: claim.name ?? '',
                idNumber: claim.docNumber ?? '',
              });
        if (outcome === 'fail') throw new AppError('FACE_FAILED');
        if (outcome !== 'pass') throw new AppError('FACE_CANCELLED');
        return move(claim, { step: claim.syncAvailable ? 'sync' : 'password', faceId: null });
      });
    },

    /** Sets the new password (step password) or verifies the existing one (step sync). */
    async finish(session: SessionRecord, claimId: string, passwordCipher: string, mode: 'password' | 'sync') {
      const claim = await load(session, claimId, [mode]);
      return deps.audit.around({ action: 'voucher.activate', ...auditedClaim(claim, { mode }) }, () =>
        activate(claim, passwordCipher),
      );
    },
  };
}

export type ClaimService = ReturnType<typeof createClaimService>;
