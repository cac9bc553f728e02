// The two checks that stand for the person wherever the product needs them — an SMS code to a
// phone (60 s between sends, a daily cap per phone, 5 minutes, 5 wrong tries) and a face check
// on the person's own platform (WeChat 实名核身 / Alipay certify) — shared by the claim and the
// settings flows (forgot the password, a reserved phone that no longer works), so the rules
// live in one place. A flow keeps the state in its own record and writes the changes these
// return.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

import type { DocumentType, FaceStart } from '@ybm/shared';

import { AppError } from '../errors';
import type { Channel } from '../store/records';
import type { AlipayIdentity, WechatIdentity } from './platforms';
import { smsText, type SmsPurpose, type SmsSender } from './sms';

const SMS_TTL_MS = 5 * 60 * 1000;
const SMS_RESEND_MS = 60 * 1000;
const SMS_DAILY_LIMIT = 10;
const SMS_MAX_WRONG = 5;
const FACE_MAX_TRIES = 5;
/** The daily SMS cap counts sends over this window; the SMS log is kept for no longer. */
export const SMS_CAP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The SMS log (kept by the claim store: one cap per phone whatever the flow). */
export interface SmsLog {
  smsCountSince(phone: string, since: number): number | Promise<number>;
  logSms(phone: string, at: number): void | Promise<void>;
}

/** What a flow's record holds of its SMS code. */
export interface SmsChallenge {
  smsCodeHash: string | null;
  smsSentAt: number | null;
  smsExpiresAt: number | null;
  smsAttempts: number;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest();

export function createSmsChallenges(deps: {
  log: SmsLog;
  sms: SmsSender;
  now: () => number;
  /** Six random digits for an SMS code. */
  smsCode?: () => string;
}) {
  const newSmsCode = deps.smsCode ?? (() => String(randomInt(0, 1_000_000)).padStart(6, '0'));
  return {
    /** Seconds until another SMS may be sent. */
    resendAfterSec(challenge: Pick<SmsChallenge, 'smsSentAt'>): number {
      const since = challenge.smsSentAt === null ? Infinity : deps.now() - challenge.smsSentAt;
      return Math.max(0, Math.ceil((SMS_RESEND_MS - since) / 1000));
    },

    /** Sends a new code (after the resend wait and under the daily cap); the record's new state. */
    async send(phone: string, challenge: SmsChallenge, purpose: SmsPurpose): Promise<SmsChallenge> {
      const at = deps.now();
      if (challenge.smsSentAt !== null && at - challenge.smsSentAt < SMS_RESEND_MS)
        throw new AppError('SMS_RESEND_TOO_SOON');
      if ((await deps.log.smsCountSince(phone, at - SMS_CAP_WINDOW_MS)) >= SMS_DAILY_LIMIT)
        throw new AppError('SMS_DAILY_LIMIT');
      const code = newSmsCode();
      await deps.sms.send(phone, smsText(code, purpose));
      await deps.log.logSms(phone, at);
      return {
        smsCodeHash: hashCode(code).toString('hex'),
        smsSentAt: at,
        smsExpiresAt: at + SMS_TTL_MS,
        smsAttempts: 0,
      };
    },

    /**
     * Checks a code read back; a wrong one is counted (`countWrong` writes the new count) and
     * says the tries left, the fifth voids the code.
     */
    async check(
      challenge: SmsChallenge,
      smsCode: string,
      countWrong: (attempts: number) => void | Promise<void>,
    ): Promise<void> {
      if (!challenge.smsCodeHash || challenge.smsExpiresAt === null) throw new AppError('SMS_CODE_EXPIRED');
      if (challenge.smsAttempts >= SMS_MAX_WRONG) throw new AppError('SMS_CODE_VOIDED');
      if (challenge.smsExpiresAt < deps.now()) throw new AppError('SMS_CODE_EXPIRED');
      if (timingSafeEqual(hashCode(smsCode), Buffer.from(challenge.smsCodeHash, 'hex'))) return;
      const attempts = challenge.smsAttempts + 1;
      await countWrong(attempts);
      if (attempts >= SMS_MAX_WRONG) throw new AppError('SMS_CODE_VOIDED');
      throw new AppError('SMS_CODE_WRONG', { details: { remaining: SMS_MAX_WRONG - attempts } });
    },
  };
}

export type SmsChallenges = ReturnType<typeof createSmsChallenges>;

/** Who a face check is of: the platform user, and the person's name and document. */
export interface FaceSubject {
  channel: Channel;
  platformUserId: string;
  name: string;
  docType: DocumentType;
  docNumber: string;
}

export function createFaceChecks(deps: { wechat: WechatIdentity; alipay?: AlipayIdentity | undefined }) {
  return {
    /**
     * Starts a face check (`attempts` so far: the sixth is refused); the id to keep and what
     * the phone needs to open the platform's face check.
     */
    async start(
      subject: FaceSubject,
      outerOrderNo: string,
      attempts: number,
    ): Promise<{ faceId: string; start: FaceStart }> {
      if (attempts >= FACE_MAX_TRIES) throw new AppError('FACE_TOO_MANY_TRIES');
      const person = { name: subject.name, idNumber: subject.docNumber };
      if (subject.channel === 'alipay') {
        if (!deps.alipay) throw new AppError('UPSTREAM_UNAVAILABLE');
        const certify = await deps.alipay.startCertify({ outerOrderNo, ...person });
        // verifyId too: the one id every caller (the H5 dev face, tests) can rely on.
        return { faceId: certify.certifyId, start: { verifyId: certify.certifyId, ...certify } };
      }
      if (subject.docType !== 'resident_id') throw new AppError('FACE_UNSUPPORTED_DOCUMENT');
      const { verifyId } = await deps.wechat.getVerifyId({ openid: subject.platformUserId, ...person });
      return { faceId: verifyId, start: { verifyId } };
    },

    /** The platform's verdict on a face check: passes, or FACE_FAILED / FACE_CANCELLED. */
    async confirm(subject: FaceSubject, faceId: string): Promise<void> {
      const outcome =
        subject.channel === 'alipay'
          ? await (deps.alipay ?? { queryCertify: async () => 'fail' as const }).queryCertify(faceId)
          : await deps.wechat.queryVerifyResult({
              openid: subject.platformUserId,
              verifyId: faceId,
              name: subject.name,
              idNumber: subject.docNumber,
            });
      if (outcome === 'fail') throw new AppError('FACE_FAILED');
      if (outcome !== 'pass') throw new AppError('FACE_CANCELLED');
    },
  };
}

export type FaceChecks = ReturnType<typeof createFaceChecks>;
