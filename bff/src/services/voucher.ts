// Showing the code: a one-time code from the platform for the signed-in person, the
// stream of what counters did with it (long-polled), and the settlement records.
import {
  INSURANCE_TYPE_NAMES,
  type RecordsPage,
  type SettlementRecord,
  type VoucherCode,
  type VoucherEvents,
} from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';

import type { Binding, SessionRecord } from '../store/records';

import type { AuditLog, BindingStore, EventStore } from '../store/ports';
import { waitOn, type Notifier } from './notifier';
import type { RateLimiter } from './rate-limit';

export interface VoucherServiceDeps {
  insurance: InsuranceChannels;
  bindings: BindingStore;
  events: EventStore;
  notifier: Pick<Notifier, 'subscribe'>;
  audit: AuditLog;
  codeLimiter: RateLimiter;
  /** 亲情账户: a member's records, by memberId (a live link of the session's person). */
  members?: {
    liveLink(session: SessionRecord, memberId: string): Promise<{ link: { memberPerson: string } }>;
  };
}

/** A person's code events after `cursor`; when there are none yet, waits up to `waitMs` for one. */
export async function waitForEvents(
  deps: Pick<VoucherServiceDeps, 'events' | 'notifier'>,
  psnNo: string,
  cursor: number,
  waitMs: number,
  signal?: AbortSignal,
): Promise<VoucherEvents> {
  let events = await deps.events.after(psnNo, cursor);
  // A wake can bring nothing past this cursor (the event watch repeats what the webhook
  // already announced, or another poll took it): keep waiting out the time asked for.
  // Real time, not the business clock: this is how long the connection is held.
  const until = performance.now() + waitMs;
  while (events.length === 0 && !signal?.aborted) {
    const left = until - performance.now();
    if (left <= 0) break;
    await waitOn(deps.notifier, psnNo, left, signal);
    events = await deps.events.after(psnNo, cursor);
  }
  return { cursor: events.at(-1)?.id ?? cursor, events };
}

export function createVoucherService(deps: VoucherServiceDeps) {
  async function bindingOf(session: SessionRecord): Promise<Binding> {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding;
  }

  /** A live family member's person number, or 404 (FAMILY_MEMBER_NOT_FOUND) for anyone else. */
  async function memberPerson(session: SessionRecord, memberId: string): Promise<string> {
    if (!deps.members) throw new AppError('FAMILY_MEMBER_NOT_FOUND');
    return (await deps.members.liveLink(session, memberId)).link.memberPerson;
  }

  return {
    async issueCode(session: SessionRecord): Promise<VoucherCode> {
      const binding = await bindingOf(session);
      const actor = {
        channel: binding.channel,
        platformUserId: binding.platformUserId,
        psnNo: binding.psnNo,
      };
      return deps.audit.around({ action: 'code.issue', ...actor }, async () => {
        if (!(await deps.codeLimiter.take(binding.psnNo))) throw new AppError('CODE_RATE_LIMITED');
        // The cursor is taken before the code exists, so no event about it can fall before it.
        const cursor = await deps.events.latest(binding.psnNo);
        const issued = await insuranceFor(deps.insurance, binding.channel).issueCode(binding.psnNo);
        return {
          code: issued.code,
          issuedAt: issued.issuedAt,
          expiresAt: issued.expiresAt,
          cursor,
          maskedName: binding.maskedName,
          insuranceType: INSURANCE_TYPE_NAMES[binding.insutype],
          regionName: binding.regionName,
        };
      });
    },

    /** Events after `cursor`; when there are none yet, waits up to `waitMs` for one. */
    async events(
      session: SessionRecord,
      cursor: number,
      waitMs: number,
      signal?: AbortSignal,
    ): Promise<VoucherEvents> {
      return waitForEvents(deps, (await bindingOf(session)).psnNo, cursor, waitMs, signal);
    },

    async records(
      session: SessionRecord,
      query: { before?: string; limit: number; month?: string; member?: string },
    ): Promise<RecordsPage> {
      const binding = await bindingOf(session);
      const { member, ...page } = query;
      const psnNo = member ? await memberPerson(session, member) : binding.psnNo;
      return insuranceFor(deps.insurance, binding.channel).listSettlements(psnNo, page);
    },

    /**
     * One of this person's settlements (or, with `member`, one of that member's); another
     * person's is as unknown as a made-up id.
     */
    async record(session: SessionRecord, setlId: string, member?: string): Promise<SettlementRecord> {
      const binding = await bindingOf(session);
      const psnNo = member ? await memberPerson(session, member) : binding.psnNo;
      return insuranceFor(deps.insurance, binding.channel).getSettlement(setlId, psnNo);
    },
  };
}

export type VoucherService = ReturnType<typeof createVoucherService>;
