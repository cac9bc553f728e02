// The claim (申领/激活) flow, one step per call, each step allowed only after the one
// before: consent → identity (the platform checks the person) → SMS to the reserved phone →
// face check on the user's own platform → a new password. A person who already activated on
// the other platform goes from identity straight to 一键同步: the password they set there,
// which the platform checks (with its own try limit), stands in for the SMS and face check.
import { randomBytes } from 'node:crypto';

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
import { createFaceChecks, createSmsChallenges } from './identity-checks';
import type { SmsSender } from './sms';
import { voucherSummaryOf } from './voucher-summary';

const CLAIM_TTL_MS = 30 * 60 * 1000;
export { SMS_CAP_WINDOW_MS } from './identity-checks';

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

export function createClaimService(deps: ClaimServiceDeps) {
  const smsChecks = createSmsChallenges({
    log: deps.claims,
    sms: deps.sms,
    now: deps.now,
    ...(deps.smsCode ? { smsCode: deps.smsCode } : {}),
  });
  const faceChecks = createFaceChecks(deps);
  const faceSubject = (claim: ClaimRecord) => ({
    channel: claim.channel,
    platformUserId: claim.platformUserId,
    name: claim.name ?? '',
    docType: claim.docType ?? 'resident_id',
    docNumber: claim.docNumber ?? '',
  });

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
    return {
      claimId: claim.claimId,
      step: claim.step,
      ...(claim.maskedName ? { maskedName: claim.maskedName } : {}),
      ...(claim.phone ? { maskedPhone: maskPhone(claim.phone) } : {}),
      ...(claim.step === 'sms' ? { resendAfterSec: smsChecks.resendAfterSec(claim) } : {}),
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
      return move(claim, await smsChecks.send(phone, claim, 'claim'));
    },

    async verifySms(session: SessionRecord, claimId: string, smsCode: string): Promise<ClaimState> {
      const claim = await load(session, claimId, ['sms']);
      await smsChecks.check(claim, smsCode, async (smsAttempts) => {
        await deps.claims.update(claim.claimId, { smsAttempts });
      });
      return move(claim, { step: 'face', smsCodeHash: null });
    },

    async startFace(session: SessionRecord, claimId: string): Promise<FaceStart> {
      const claim = await load(session, claimId, ['face']);
      const { faceId, start } = await faceChecks.start(faceSubject(claim), claim.claimId, claim.faceAttempts);
      await write(claim, { faceId, faceAttempts: claim.faceAttempts + 1 });
      return start;
    },

    async completeFace(session: SessionRecord, claimId: string): Promise<ClaimState> {
      const claim = await load(session, claimId, ['face']);
      const faceId = claim.faceId;
      if (!faceId) throw new AppError('CLAIM_STEP_OUT_OF_ORDER', { details: { step: 'face' } });
      return deps.audit.around({ action: 'face.check', ...auditedClaim(claim) }, async () => {
        await faceChecks.confirm(faceSubject(claim), faceId);
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
