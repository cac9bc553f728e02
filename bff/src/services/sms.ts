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

export interface DevSmsSink extends SmsSender {
  latest(phone: string): { text: string; sentAt: number } | undefined;
}

export function createDevSmsSink(now: () => number, print: (line: string) => void): DevSmsSink {
  const last = new Map<string, { text: string; sentAt: number }>();
  return {
    async send(phone, text) {
      last.set(phone, { text, sentAt: now() });
      print(`[dev SMS] to ${maskPhone(phone)}: ${text}`);
    },
    latest: (phone) => last.get(phone),
  };
}

export function smsText(code: string): string {
  return `【医保码】您的验证码为${code}，5分钟内有效。请勿泄露给他人，工作人员不会向您索要。`;
}

/** The dev endpoint's reading of the sink: the last SMS of the caller's own claim. */
export function createDevSmsReader(deps: { claims: Pick<ClaimStore, 'get'>; sink: DevSmsSink }) {
  return {
    async latest(session: SessionRecord, claimId: string): Promise<{ text: string; sentAt: number }> {
      const claim = await deps.claims.get(claimId);
      if (!claim || claim.platformUserId !== session.platformUserId || !claim.phone)
        throw new AppError('CLAIM_NOT_FOUND');
      const sms = deps.sink.latest(claim.phone);
      if (!sms) throw new AppError('NOT_FOUND');
      return sms;
    },
  };
}

export type DevSmsReader = ReturnType<typeof createDevSmsReader>;
