// Sending SMS verification codes. Production wires a real SMS gateway behind SmsSender;
// development uses the dev sink, which prints the message (npm start's console) and keeps
// the last one per phone for the dev endpoint and tests.
import { maskPhone } from '@ybm/shared';

import { AppError } from '../errors';
import type { ClaimStore } from '../store/ports';
import type { SessionRecord } from '../store/records';

export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

export interface DevSms {
  text: string;
  sentAt: number;
}

export interface DevSmsSink extends SmsSender {
  latest(phone: string): DevSms | undefined;
}

/**
 * Where the dev endpoint reads the last SMS from: the sink itself in one process; with several
 * BFF instances a shared board (Redis), since the SMS may have been sent by another instance.
 */
export interface DevSmsBoard {
  latest(phone: string): DevSms | undefined | Promise<DevSms | undefined>;
}

/** `share`: also posts each SMS to a board other instances read (scaled mode). */
export function createDevSmsSink(
  now: () => number,
  print: (line: string) => void,
  share?: (phone: string, sms: DevSms) => Promise<void>,
): DevSmsSink {
  const last = new Map<string, DevSms>();
  return {
    async send(phone, text) {
      const sms = { text, sentAt: now() };
      last.set(phone, sms);
      print(`[dev SMS] to ${maskPhone(phone)}: ${text}`);
      await share?.(phone, sms);
    },
    latest: (phone) => last.get(phone),
  };
}

/** Why a code is sent: each purpose has its own words, so a code is never used for another. */
export type SmsPurpose = 'claim' | 'passwordReset' | 'phoneReplace';

/**
 * Every SMS the product sends. None carries a link, a bank card or a request to call back:
 * that is how people tell ours from phishing (防骗提示; tests/bff/sms-templates.test.ts).
 */
export const SMS_TEMPLATES: Record<SmsPurpose, (code: string) => string> = {
  claim: (code) =>
    `【医保码】您正在申领医保电子凭证，验证码为${code}，5分钟内有效。请勿泄露给他人，工作人员不会向您索要。`,
  passwordReset: (code) =>
    `【医保码】您正在重置医保支付密码，验证码为${code}，5分钟内有效。如非本人操作请忽略，切勿告诉任何人。`,
  phoneReplace: (code) =>
    `【医保码】您正在将本号码设为医保预留手机号，验证码为${code}，5分钟内有效。如非本人操作请忽略，切勿告诉任何人。`,
};

export function smsText(code: string, purpose: SmsPurpose = 'claim'): string {
  return SMS_TEMPLATES[purpose](code);
}

/** The dev endpoint's reading of the sink: the last SMS of the caller's own claim. */
export function createDevSmsReader(deps: { claims: Pick<ClaimStore, 'get'>; sink: DevSmsBoard }) {
  return {
    async latest(session: SessionRecord, claimId: string): Promise<DevSms> {
      const claim = await deps.claims.get(claimId);
      if (!claim || claim.platformUserId !== session.platformUserId || !claim.phone)
        throw new AppError('CLAIM_NOT_FOUND');
      const sms = await deps.sink.latest(claim.phone);
      if (!sms) throw new AppError('NOT_FOUND');
      return sms;
    },
  };
}

export type DevSmsReader = ReturnType<typeof createDevSmsReader>;
