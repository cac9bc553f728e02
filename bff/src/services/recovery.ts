// Recoveries, for the two things that leave people stuck: a forgotten password (SMS code to
// the reserved phone → face check → the new password twice → the platform lifts today's lock)
// and a reserved phone that no longer works (face check → SMS code to the new number → the
// platform replaces it; a claim refused for the stopped phone then goes on). Both start from
// the person's name and document, the face check is of that person, and from settings it
// must be the bound voucher's person. The SMS and face rules are the claim's
// (identity-checks.ts).
import { randomBytes } from 'node:crypto';

import {
  birthDateFromResidentId,
  isValidDocument,
  maskName,
  maskPhone,
  normaliseDocumentNumber,
  type FaceStart,
  type RecoveryPurpose,
  type RecoveryStart,
  type RecoveryState,
  type RecoveryStep,
} from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { AuditLog, BindingStore, ClaimStore, RecoveryStore } from '../store/ports';
import type { RecoveryRecord, SessionRecord } from '../store/records';
import { createFaceChecks, createSmsChallenges } from './identity-checks';
import type { AlipayIdentity, WechatIdentity } from './platforms';
import type { SmsSender } from './sms';

const RECOVERY_TTL_MS = 30 * 60 * 1000;

export interface RecoveryServiceDeps {
  recoveries: RecoveryStore;
  /** The claim a phone replacement lets go on, and the SMS log (one daily cap per phone). */
  claims: Pick<ClaimStore, 'get' | 'update' | 'smsCountSince' | 'logSms'>;
  bindings: Pick<BindingStore, 'find'>;
  insurance: InsuranceChannels;
  wechat: WechatIdentity;
  alipay?: AlipayIdentity | undefined;
  sms: SmsSender;
  audit: AuditLog;
  now: () => number;
  smsCode?: () => string;
  /**
   * Starts per platform account (each may look a person up and open five face checks): a
   * day's worth, so a stolen phone cannot try documents or faces without end.
   */
  starts: { take(key: string): boolean | Promise<boolean> };
}

export function createRecoveryService(deps: RecoveryServiceDeps) {
  const smsChecks = createSmsChallenges({
    log: deps.claims,
    sms: deps.sms,
    now: deps.now,
    ...(deps.smsCode ? { smsCode: deps.smsCode } : {}),
  });
  const faceChecks = createFaceChecks(deps);
  const faceSubject = (recovery: RecoveryRecord) => ({
    channel: recovery.channel,
    platformUserId: recovery.platformUserId,
    name: recovery.name ?? '',
    docType: recovery.docType ?? 'resident_id',
    docNumber: recovery.docNumber ?? '',
  });

  async function load(
    session: SessionRecord,
    recoveryId: string,
    purpose: RecoveryPurpose,
    expected: RecoveryStep[],
  ): Promise<RecoveryRecord> {
    const recovery = await deps.recoveries.get(recoveryId);
    if (
      !recovery ||
      recovery.purpose !== purpose ||
      recovery.channel !== session.channel ||
      recovery.platformUserId !== session.platformUserId
    )
      throw new AppError('RECOVERY_NOT_FOUND');
    if (!expected.includes(recovery.step))
      throw new AppError('RECOVERY_STEP_OUT_OF_ORDER', { details: { step: recovery.step } });
    return recovery;
  }

  function stateOf(recovery: RecoveryRecord): RecoveryState {
    return {
      recoveryId: recovery.recoveryId,
      purpose: recovery.purpose,
      step: recovery.step,
      ...(recovery.name ? { maskedName: maskName(recovery.name) } : {}),
      ...(recovery.phone ? { maskedPhone: maskPhone(recovery.phone) } : {}),
      ...(recovery.step === 'sms' ? { resendAfterSec: smsChecks.resendAfterSec(recovery) } : {}),
      ...(recovery.docType === 'resident_id' && recovery.docNumber
        ? { birthDate: birthDateFromResidentId(recovery.docNumber) }
        : {}),
      ...(recovery.claimId ? { claimId: recovery.claimId } : {}),
    };
  }

  async function move(recovery: RecoveryRecord, changes: Partial<RecoveryRecord>): Promise<RecoveryState> {
    if (!(await deps.recoveries.update(recovery.recoveryId, changes)))
      throw new AppError('RECOVERY_NOT_FOUND');
    return stateOf({ ...recovery, ...changes });
  }

  const audited = (recovery: RecoveryRecord) => ({
    channel: recovery.channel,
    platformUserId: recovery.platformUserId,
    psnNo: recovery.psnNo,
  });

  /** The claim this session may let go on: its own, live, refused at identity or stuck at SMS. */
  async function claimOf(session: SessionRecord, claimId: string) {
    const claim = await deps.claims.get(claimId);
    if (!claim || claim.channel !== session.channel || claim.platformUserId !== session.platformUserId)
      throw new AppError('CLAIM_NOT_FOUND');
    if (claim.step !== 'identity' && claim.step !== 'sms')
      throw new AppError('CLAIM_STEP_OUT_OF_ORDER', { details: { step: claim.step } });
    return claim;
  }

  return {
    /** Opens a recovery for the person named; the bound voucher's person unless a claim is named. */
    async start(
      session: SessionRecord,
      purpose: RecoveryPurpose,
      input: RecoveryStart,
    ): Promise<RecoveryState> {
      const docNumber = normaliseDocumentNumber(input.docNumber);
      if (!isValidDocument(input.docType, docNumber)) throw new AppError('DOCUMENT_INVALID');
      const fromClaim = purpose === 'phone_replace' && input.claimId;
      if (fromClaim) await claimOf(session, fromClaim);
      const binding = fromClaim
        ? undefined
        : await deps.bindings.find(session.channel, session.platformUserId);
      if (!fromClaim && !binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
      if (!(await deps.starts.take(`${session.channel}:${session.platformUserId}`)))
        throw new AppError('RECOVERY_TOO_MANY');
      const person = await insuranceFor(deps.insurance, session.channel).personSummary({
        docType: input.docType,
        docNumber,
        name: input.name,
      });
      if (binding && person.psnNo !== binding.psnNo) throw new AppError('RECOVERY_NOT_THIS_VOUCHER');
      if (purpose === 'password_reset' && !person.reservedPhone) throw new AppError('NO_PHONE_ON_RECORD');
      const at = deps.now();
      const recovery: RecoveryRecord = {
        recoveryId: `RCV${randomBytes(12).toString('hex')}`,
        purpose,
        channel: session.channel,
        platformUserId: session.platformUserId,
        // The reset proves the reserved phone first; a replacement starts with the face.
        step: purpose === 'password_reset' ? 'sms' : 'face',
        psnNo: person.psnNo,
        claimId: fromClaim || null,
        name: input.name,
        docType: input.docType,
        docNumber,
        phone: purpose === 'password_reset' ? person.reservedPhone : null,
        ...{ smsCodeHash: null, smsSentAt: null, smsExpiresAt: null, smsAttempts: 0 },
        ...{ faceId: null, faceAttempts: 0, faceCheckId: null },
        createdAt: at,
        expiresAt: at + RECOVERY_TTL_MS,
      };
      await deps.recoveries.insert(recovery);
      return stateOf(recovery);
    },

    async get(session: SessionRecord, purpose: RecoveryPurpose, recoveryId: string): Promise<RecoveryState> {
      return stateOf(await load(session, recoveryId, purpose, ['sms', 'face', 'phone', 'password']));
    },

    /** The new number (replacement): an SMS code goes to it. */
    async setPhone(session: SessionRecord, recoveryId: string, phone: string): Promise<RecoveryState> {
      const recovery = await load(session, recoveryId, 'phone_replace', ['phone', 'sms']);
      const sent = await smsChecks.send(
        phone,
        recovery.phone === phone ? recovery : { ...recovery, smsSentAt: null },
        'phoneReplace',
      );
      return move(recovery, { ...sent, phone, step: 'sms' });
    },

    async sendSms(
      session: SessionRecord,
      purpose: RecoveryPurpose,
      recoveryId: string,
    ): Promise<RecoveryState> {
      const recovery = await load(session, recoveryId, purpose, ['sms']);
      if (!recovery.phone) throw new AppError('NO_PHONE_ON_RECORD');
      const sent = await smsChecks.send(
        recovery.phone,
        recovery,
        purpose === 'password_reset' ? 'passwordReset' : 'phoneReplace',
      );
      return move(recovery, sent);
    },

    async verifySms(
      session: SessionRecord,
      purpose: RecoveryPurpose,
      recoveryId: string,
      smsCode: string,
    ): Promise<RecoveryState> {
      const recovery = await load(session, recoveryId, purpose, ['sms']);
      await smsChecks.check(recovery, smsCode, async (smsAttempts) => {
        await deps.recoveries.update(recovery.recoveryId, { smsAttempts });
      });
      if (purpose === 'password_reset') return move(recovery, { step: 'face', smsCodeHash: null });
      return replacePhone(recovery);
    },

    async startFace(
      session: SessionRecord,
      purpose: RecoveryPurpose,
      recoveryId: string,
    ): Promise<FaceStart> {
      const recovery = await load(session, recoveryId, purpose, ['face']);
      const { faceId, start } = await faceChecks.start(
        faceSubject(recovery),
        recovery.recoveryId,
        recovery.faceAttempts,
      );
      await move(recovery, { faceId, faceAttempts: recovery.faceAttempts + 1 });
      return start;
    },

    async completeFace(
      session: SessionRecord,
      purpose: RecoveryPurpose,
      recoveryId: string,
    ): Promise<RecoveryState> {
      const recovery = await load(session, recoveryId, purpose, ['face']);
      const faceId = recovery.faceId;
      if (!faceId) throw new AppError('RECOVERY_STEP_OUT_OF_ORDER', { details: { step: 'face' } });
      return deps.audit.around(
        { action: 'face.check', ...audited(recovery), detail: { recoveryId, purpose } },
        async () => {
          await faceChecks.confirm(faceSubject(recovery), faceId);
          return move(recovery, {
            step: purpose === 'password_reset' ? 'password' : 'phone',
            faceId: null,
            faceCheckId: faceId,
          });
        },
      );
    },

    /** The new password (entered twice on the phone): the platform sets it and lifts the lock. */
    async resetPassword(
      session: SessionRecord,
      recoveryId: string,
      passwordCipher: string,
    ): Promise<RecoveryState> {
      const recovery = await load(session, recoveryId, 'password_reset', ['password']);
      const psnNo = recovery.psnNo ?? '';
      await deps.audit.around(
        { action: 'password.reset', ...audited(recovery), detail: { recoveryId } },
        () =>
          insuranceFor(deps.insurance, recovery.channel).resetPassword(psnNo, passwordCipher, {
            provider: recovery.channel,
            id: recovery.faceCheckId ?? '',
          }),
      );
      await deps.recoveries.remove(recovery.recoveryId);
      return { ...stateOf(recovery), step: 'done' };
    },
  };

  /** The new number read back: the platform replaces the reserved phone; a claim goes on. */
  async function replacePhone(recovery: RecoveryRecord): Promise<RecoveryState> {
    const number = recovery.phone ?? '';
    const who = recovery.claimId
      ? {
          docType: recovery.docType ?? 'resident_id',
          docNumber: recovery.docNumber ?? '',
          name: recovery.name ?? '',
        }
      : { psnNo: recovery.psnNo ?? '' };
    await deps.audit.around(
      { action: 'phone.replace', ...audited(recovery), detail: { recoveryId: recovery.recoveryId } },
      () =>
        insuranceFor(deps.insurance, recovery.channel).replaceReservedPhone(who, number, {
          provider: recovery.channel,
          id: recovery.faceCheckId ?? '',
        }),
    );
    // A claim stuck at its SMS step sends its next code to the new number, at once.
    if (recovery.claimId) {
      const claim = await deps.claims.get(recovery.claimId);
      if (claim?.step === 'sms')
        await deps.claims.update(claim.claimId, { phone: number, smsCodeHash: null, smsSentAt: null });
    }
    await deps.recoveries.remove(recovery.recoveryId);
    return { ...stateOf(recovery), step: 'done' };
  }
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
