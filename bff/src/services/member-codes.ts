// A family member's code on the guardian's phone (亲情账户 → 出示成员医保码): the member's own
// one-time code (settling it debits the member), issued under the family activation of the
// guardian's voucher, with the member's masked name so the counter sees whose code it is; and
// the stream of what counters did with the member's codes. The link is read from the BFF's
// own table (no extra platform call); the platform checks it again when it issues the code.
import { INSURANCE_TYPE_NAMES, type VoucherCode, type VoucherEvents } from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { AuditLog, EventStore } from '../store/ports';
import type { SessionRecord } from '../store/records';
import type { FamilyService } from './family';
import type { Notifier } from './notifier';
import type { RateLimiter } from './rate-limit';
import { waitForEvents } from './voucher';

export interface MemberCodeDeps {
  insurance: InsuranceChannels;
  family: Pick<FamilyService, 'liveLink'>;
  events: EventStore;
  notifier: Pick<Notifier, 'subscribe'>;
  audit: AuditLog;
  codeLimiter: RateLimiter;
}

export function createMemberCodeService(deps: MemberCodeDeps) {
  return {
    async issueCode(session: SessionRecord, memberId: string): Promise<VoucherCode> {
      const { binding, link } = await deps.family.liveLink(session, memberId);
      const actor = {
        channel: binding.channel,
        platformUserId: binding.platformUserId,
        psnNo: binding.psnNo,
      };
      return deps.audit.around({ action: 'family.code.issue', ...actor, detail: { memberId } }, async () => {
        if (!deps.codeLimiter.take(link.memberPerson)) throw new AppError('CODE_RATE_LIMITED');
        const cursor = await deps.events.latest(link.memberPerson);
        const issued = await insuranceFor(deps.insurance, binding.channel).issueCode(
          link.memberPerson,
          binding.psnNo,
        );
        return {
          code: issued.code,
          issuedAt: issued.issuedAt,
          expiresAt: issued.expiresAt,
          cursor,
          maskedName: link.maskedName,
          insuranceType: link.insutype ? INSURANCE_TYPE_NAMES[link.insutype] : '',
          regionName: link.regionName ?? '',
        };
      });
    },

    async events(
      session: SessionRecord,
      memberId: string,
      cursor: number,
      waitMs: number,
      signal?: AbortSignal,
    ): Promise<VoucherEvents> {
      const { link } = await deps.family.liveLink(session, memberId);
      return waitForEvents(deps, link.memberPerson, cursor, waitMs, signal);
    },
  };
}

export type MemberCodeService = ReturnType<typeof createMemberCodeService>;
