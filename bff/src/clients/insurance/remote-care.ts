// 异地就医备案: filing for care in another region (where settlements then apply it), the
// person's filings, and cancelling one.
import type { RemoteCareFiling as PlatformFiling, RemoteCareReason } from '@ybm/shared/protocol';
import type { z } from 'zod';

import type { Exchange } from './exchange';

export type { RemoteCareReason };

export interface RemoteCareFiling {
  filingId: string;
  psnNo: string;
  insuredRegionCode: string;
  insuredRegionName: string | null;
  careRegionCode: string;
  careRegionName: string | null;
  reason: RemoteCareReason;
  reasonName: string;
  hospitalCode: string | null;
  beginDate: string;
  /** null: no end (长期). */
  endDate: string | null;
  status: 'filed' | 'cancelled';
  /** 已备案, 已到期 (filed, its end passed) or 已撤销. */
  statusName: string;
  createdAt: string;
}

export interface RemoteCareRequest {
  careRegionCode: string;
  reason: RemoteCareReason;
  beginDate: string;
  endDate?: string;
  hospitalCode?: string;
}

function filingOf(filing: z.output<typeof PlatformFiling>): RemoteCareFiling {
  const { insuredRegion, careRegion, ...rest } = filing;
  return { ...rest, insuredRegionCode: insuredRegion, careRegionCode: careRegion };
}

export function remoteCareMethods(exchange: Exchange) {
  return {
    async fileRemoteCare(psnNo: string, request: RemoteCareRequest): Promise<RemoteCareFiling> {
      return filingOf(await exchange.channel('remoteCare.file', { psnNo, ...request }));
    },

    async listRemoteCare(psnNo: string): Promise<RemoteCareFiling[]> {
      return (await exchange.channel('remoteCare.list', { psnNo })).filings.map(filingOf);
    },

    async cancelRemoteCare(psnNo: string, filingId: string): Promise<RemoteCareFiling> {
      return filingOf(await exchange.channel('remoteCare.cancel', { psnNo, filingId }));
    },
  };
}
