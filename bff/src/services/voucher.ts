// Showing the code: a one-time code from the platform for the signed-in person, the
// stream of what counters did with it (long-polled), and the settlement records.
import {
  INSURANCE_TYPE_NAMES,
  RecordsPageSchema,
  type BillPayer,
  type RecordsPage,
  type SettlementRecord,
  type VoucherCode,
  type VoucherEvents,
} from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import type { PlatformRecord } from '../clients/insurance/settlements';
import { AppError } from '../errors';

import type { Binding, SessionRecord } from '../store/records';

import type { AuditLog, BindingStore, EventStore, FamilyStore } from '../store/ports';
import { waitOn, type Notifier } from './notifier';
import type { LastGood } from './last-good';
import type { RateLimiter } from './rate-limit';
import type { RecordIds } from './record-ids';

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
  /** Seals and opens record ids (the settlement and its person, never shown). */
  recordIds: RecordIds;
  /** 亲情账户: a guardian opens a live member's record by its id (the link read fresh). */
  family?: Pick<FamilyStore, 'liveLink'>;
  /** A list's first page from the last good copy while the platform is down (last-good.ts). */
  lastGood?: LastGood;
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

  /** The record as this viewer sees it: its sealed id, and who paid what when not its person alone. */
  function recordFor(viewer: Binding, record: PlatformRecord): SettlementRecord {
    const { setlId, psnNo, accountPaidBy, cashPaidBy, ...shown } = record;
    const who = (payer: string): BillPayer =>
      payer === viewer.psnNo ? 'you' : payer === psnNo ? 'member' : 'relative';
    const paidBy = {
      ...(accountPaidBy && record.accountFen > 0 ? { account: who(accountPaidBy) } : {}),
      ...(cashPaidBy && record.cashFen > 0 ? { cash: who(cashPaidBy) } : {}),
    };
    return {
      recordId: deps.recordIds.seal({ psnNo, setlId }),
      ...shown,
      ...(paidBy.account || paidBy.cash ? { paidBy } : {}),
    };
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
      const { member, before, ...page } = query;
      const psnNo = member ? await memberPerson(session, member) : binding.psnNo;
      // The cursor is the sealed last record of the page before: of this list's person, or no cursor.
      const cursor = before ? deps.recordIds.open(before) : undefined;
      if (before && cursor?.psnNo !== psnNo) throw new AppError('PAGE_CURSOR_INVALID');
      const fetch = async (): Promise<RecordsPage> => {
        const listed = await insuranceFor(deps.insurance, binding.channel).listSettlements(psnNo, {
          ...page,
          ...(cursor ? { before: cursor.setlId } : {}),
        });
        return {
          records: listed.records.map((record) => recordFor(binding, record)),
          ...(listed.nextBefore
            ? { nextBefore: deps.recordIds.seal({ psnNo, setlId: listed.nextBefore }) }
            : {}),
        };
      };
      // Only first pages are kept: a later page needs the platform (its cursor goes past the copy).
      if (cursor || !deps.lastGood) return fetch();
      const variant = `member=${member ?? ''}&month=${page.month ?? ''}&limit=${page.limit}`;
      return deps.lastGood.serve(binding, 'records', variant, RecordsPageSchema, fetch);
    },

    /**
     * One record, by the id a list gave: the person's own, or a live member's (with `member`,
     * only that member's). Anyone else's, a tampered id, or one sealed under another key is as
     * unknown as a made-up id.
     */
    async record(session: SessionRecord, recordId: string, member?: string): Promise<SettlementRecord> {
      const binding = await bindingOf(session);
      const ref = deps.recordIds.open(recordId);
      if (!ref) throw new AppError('RECORD_NOT_FOUND');
      if (member && (await memberPerson(session, member)) !== ref.psnNo)
        throw new AppError('RECORD_NOT_FOUND');
      if (ref.psnNo !== binding.psnNo && !(await deps.family?.liveLink(binding.psnNo, ref.psnNo)))
        throw new AppError('RECORD_NOT_FOUND');
      const record = await insuranceFor(deps.insurance, binding.channel).getSettlement(ref.setlId, ref.psnNo);
      return recordFor(binding, record);
    },
  };
}

export type VoucherService = ReturnType<typeof createVoucherService>;
