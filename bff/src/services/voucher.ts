// Showing the code: a one-time code from the platform for the signed-in person, the
// stream of what counters did with it (long-polled), and the settlement records.
import {
  FundZeroReasonSchema,
  INSURANCE_TYPE_NAMES,
  type ErrorCode,
  type RecordsPage,
  type SettlementRecord,
  type VoucherCode,
  type VoucherEvents,
} from '@ybm/shared';

import { InsuranceRefusal } from '../clients/insurance';
import type { InsuranceChannels } from '../deps';
import { AppError } from '../errors';
import type { AuditLog } from '../store/audit';
import type { BindingStore, Binding } from '../store/bindings';
import type { EventStore } from '../store/events';
import type { SessionRecord } from '../store/sessions';
import { translateRefusal } from './insurance-refusals';
import type { Notifier } from './notifier';
import type { RateLimiter } from './rate-limit';

interface PlatformSettlement {
  setlId: string;
  kind: SettlementRecord['kind'];
  status: SettlementRecord['status'];
  certType?: string;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  balanceAfterFen?: number;
  settledAt: string;
  reversedAt?: string;
  institution?: { name?: string; regionName?: string };
  /** An online settlement's refunds; the envelope drops the list when it is empty. */
  refunds?: { at: string; fundFen?: number; accountFen?: number; cashFen?: number }[];
  /** The platform's code for why the fund paid nothing. */
  fundZeroReason?: unknown;
}

const MEDIUM_BY_CERT: Record<string, SettlementRecord['medium']> = {
  '01': 'code',
  '02': 'id_card',
  '03': 'social_card',
};

/** The platform's reason, when it gave one this side knows. */
function fundZeroReasonOf(settlement: PlatformSettlement) {
  const reason = FundZeroReasonSchema.parse(settlement.fundZeroReason);
  return reason ? { fundZeroReason: reason } : {};
}

/** A platform settlement as the phone's record. */
function toRecord(s: PlatformSettlement): SettlementRecord {
  return {
    setlId: s.setlId,
    kind: s.kind,
    status: s.status,
    medium: s.kind === 'mobile' ? 'online' : (MEDIUM_BY_CERT[s.certType ?? ''] ?? 'code'),
    totalFen: s.totalFen,
    fundFen: s.fundFen,
    accountFen: s.accountFen,
    cashFen: s.cashFen,
    ...(s.balanceAfterFen !== undefined ? { balanceAfterFen: s.balanceAfterFen } : {}),
    settledAt: s.settledAt,
    ...(s.reversedAt ? { reversedAt: s.reversedAt } : {}),
    institutionName: s.institution?.name ?? '',
    regionName: s.institution?.regionName ?? '',
    // The envelope drops empty values (never a 0): a part that is missing is none.
    refunds: (s.refunds ?? []).map((refund) => ({
      at: refund.at,
      fundFen: refund.fundFen ?? 0,
      accountFen: refund.accountFen ?? 0,
      cashFen: refund.cashFen ?? 0,
    })),
    ...fundZeroReasonOf(s),
  };
}

export interface VoucherServiceDeps {
  insurance: InsuranceChannels;
  bindings: BindingStore;
  events: EventStore;
  notifier: Notifier;
  audit: AuditLog;
  codeLimiter: RateLimiter;
}

export function createVoucherService(deps: VoucherServiceDeps) {
  function bindingOf(session: SessionRecord): Binding {
    const binding = deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding;
  }

  /** `refusals` renames the platform's refusals that mean something particular for this call. */
  async function call<T>(
    binding: Binding,
    method: string,
    data: Record<string, unknown>,
    refusals: Record<string, ErrorCode> = {},
  ): Promise<T> {
    const insurance = deps.insurance[binding.channel];
    if (!insurance) throw new AppError('UPSTREAM_UNAVAILABLE');
    try {
      return (await insurance.call(method, data)) as T;
    } catch (error) {
      if (error instanceof InsuranceRefusal) {
        const own = refusals[error.code];
        throw own
          ? new AppError(own, { details: { platformCode: error.code }, cause: error })
          : translateRefusal(error);
      }
      throw error;
    }
  }

  return {
    async issueCode(session: SessionRecord): Promise<VoucherCode> {
      const binding = bindingOf(session);
      const actor = {
        channel: binding.channel,
        platformUserId: binding.platformUserId,
        psnNo: binding.psnNo,
      };
      return deps.audit.around({ action: 'code.issue', ...actor }, async () => {
        if (!deps.codeLimiter.take(binding.psnNo)) throw new AppError('CODE_RATE_LIMITED');
        // The cursor is taken before the code exists, so no event about it can fall before it.
        const cursor = deps.events.latest(binding.psnNo);
        const issued = await call<{ code: string; issuedAt: string; expiresAt: string }>(
          binding,
          'code.issue',
          { psnNo: binding.psnNo },
        );
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
      const { psnNo } = bindingOf(session);
      let events = deps.events.after(psnNo, cursor);
      // A wake can bring nothing past this cursor (the event watch repeats what the webhook
      // already announced, or another poll took it): keep waiting out the time asked for.
      // Real time, not the business clock: this is how long the connection is held.
      const until = performance.now() + waitMs;
      while (events.length === 0 && !signal?.aborted) {
        const left = until - performance.now();
        if (left <= 0) break;
        await deps.notifier.wait(psnNo, left, signal);
        events = deps.events.after(psnNo, cursor);
      }
      return { cursor: events.at(-1)?.id ?? cursor, events };
    },

    async records(session: SessionRecord, query: { before?: string; limit: number }): Promise<RecordsPage> {
      const binding = bindingOf(session);
      const page = await call<{ settlements?: PlatformSettlement[]; nextBefore?: string }>(
        binding,
        'settlement.list',
        {
          psnNo: binding.psnNo,
          ...(query.before ? { before: query.before } : {}),
          limit: query.limit,
        },
        // The page position is a settlement of this person's the platform no longer finds:
        // the phone sent a cursor it did not get from us.
        { SETTLEMENT_NOT_FOUND: 'PAGE_CURSOR_INVALID' },
      );
      return {
        // The envelope drops empty lists: no `settlements` means none.
        records: (page?.settlements ?? []).map(toRecord),
        ...(page?.nextBefore ? { nextBefore: page.nextBefore } : {}),
      };
    },

    /** One of this person's settlements; another person's is as unknown as a made-up id. */
    async record(session: SessionRecord, setlId: string): Promise<SettlementRecord> {
      const binding = bindingOf(session);
      const found = await call<PlatformSettlement>(
        binding,
        'settlement.get',
        { setlId, psnNo: binding.psnNo },
        { SETTLEMENT_NOT_FOUND: 'RECORD_NOT_FOUND' },
      );
      return toRecord(found);
    },
  };
}

export type VoucherService = ReturnType<typeof createVoucherService>;
