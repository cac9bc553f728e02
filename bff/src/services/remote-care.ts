// 异地就医备案 for the phone: file for care in another region (one of the six national reasons),
// list one's filings and cancel one. The platform checks the regions, dates and overlaps and
// applies a filing to settlements in the care region; this service only speaks for the person
// the session claimed the voucher as. Every method async; collaborators passed in.
import type { RemoteCareFilingView, RemoteCareRequest } from '@ybm/shared';

import { insuranceFor, type InsuranceChannels, type RemoteCareFiling } from '../clients/insurance';
import { AppError } from '../errors';
import type { Binding, SessionRecord } from '../store/records';
import type { BindingLookup } from './directory';

export interface RemoteCareDeps {
  insurance: InsuranceChannels;
  bindings: BindingLookup;
}

function filingView(filing: RemoteCareFiling): RemoteCareFilingView {
  return {
    filingId: filing.filingId,
    status: filing.status,
    statusName: filing.statusName,
    careRegionCode: filing.careRegionCode,
    careRegionName: filing.careRegionName ?? filing.careRegionCode,
    insuredRegionName: filing.insuredRegionName ?? filing.insuredRegionCode,
    reason: filing.reason,
    reasonName: filing.reasonName,
    ...(filing.hospitalCode ? { hospitalCode: filing.hospitalCode } : {}),
    beginDate: filing.beginDate,
    ...(filing.endDate ? { endDate: filing.endDate } : {}),
    createdAt: filing.createdAt,
  };
}

export function createRemoteCareService(deps: RemoteCareDeps) {
  async function person(session: SessionRecord): Promise<Binding> {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding;
  }
  const client = (session: SessionRecord) => insuranceFor(deps.insurance, session.channel);

  return {
    async file(session: SessionRecord, request: RemoteCareRequest): Promise<RemoteCareFilingView> {
      const { psnNo } = await person(session);
      return filingView(await client(session).fileRemoteCare(psnNo, request));
    },

    async list(session: SessionRecord): Promise<{ filings: RemoteCareFilingView[] }> {
      const { psnNo } = await person(session);
      return { filings: (await client(session).listRemoteCare(psnNo)).map(filingView) };
    },

    async cancel(session: SessionRecord, filingId: string): Promise<RemoteCareFilingView> {
      const { psnNo } = await person(session);
      return filingView(await client(session).cancelRemoteCare(psnNo, filingId));
    },
  };
}

export type RemoteCareService = ReturnType<typeof createRemoteCareService>;
