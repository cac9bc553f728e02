// A person's settlements as the records page shows them: newest first, in pages, each with
// its split, where it happened, how the person was identified, and what was refunded.
import type { CareNote, SettlementRecord } from '@ybm/shared';
import type { SettlementView } from '@ybm/shared/protocol';
import type { z } from 'zod';

import type { Exchange } from './exchange';

/** How the person was identified at the counter, by the certificate type of the settlement. */
const MEDIUM_BY_CERT: Record<string, SettlementRecord['medium']> = {
  '01': 'code',
  '02': 'id_card',
  '03': 'social_card',
};

/**
 * A settlement as the platform has it, in the product's words: the record the phone sees but for
 * its id (the BFF seals the settlement id and person into one, record-ids.ts) and who paid it.
 */
export type PlatformRecord = Omit<SettlementRecord, 'recordId' | 'paidBy'> & {
  setlId: string;
  psnNo: string;
  /** 家庭共济: the guardian whose personal account paid; a guardian who paid the cash. */
  accountPaidBy?: string;
  cashPaidBy?: string;
};

function recordOf(settlement: z.output<typeof SettlementView>): PlatformRecord {
  const { balanceAfterFen, reversedAt, institution } = settlement;
  return {
    setlId: settlement.setlId,
    psnNo: settlement.psnNo,
    ...(settlement.accountPsnNo ? { accountPaidBy: settlement.accountPsnNo } : {}),
    ...(settlement.cashPayerPsnNo ? { cashPaidBy: settlement.cashPayerPsnNo } : {}),
    kind: settlement.kind,
    status: settlement.status,
    medium: settlement.kind === 'mobile' ? 'online' : (MEDIUM_BY_CERT[settlement.certType] ?? 'code'),
    totalFen: settlement.totalFen,
    fundFen: settlement.fundFen,
    accountFen: settlement.accountFen,
    cashFen: settlement.cashFen,
    ...(balanceAfterFen === null ? {} : { balanceAfterFen }),
    settledAt: settlement.settledAt,
    ...(reversedAt ? { reversedAt } : {}),
    institutionName: institution.name,
    regionName: institution.regionName,
    refunds: settlement.refunds,
    ...(settlement.fundZeroReason ? { fundZeroReason: settlement.fundZeroReason } : {}),
    ...careNote(settlement.treatment, institution.regionName),
    ...(settlement.items.length > 0
      ? {
          items: settlement.items.map((item) => ({
            name: item.name,
            className: LIST_CLASS_NAMES[item.class],
            qty: item.qty,
            priceFen: item.priceFen,
            amountFen: item.amountFen,
            selfPaidFen: item.selfpayFen,
          })),
        }
      : {}),
  };
}

/** The record's care note, only when the place moved the ratios (异地, or a level rule). */
function careNote(
  treatment: z.output<typeof SettlementView>['treatment'],
  regionName: string,
): { care?: CareNote } {
  if (!treatment || (treatment.careRule === 'local' && treatment.levelAdjustBp === 0)) return {};
  return {
    care: {
      rule: treatment.careRule,
      regionName: treatment.careRegionName ?? regionName,
      remoteBp: treatment.remoteAdjustBp,
      levelBp: treatment.levelAdjustBp,
      ...(treatment.institutionLevel ? { level: treatment.institutionLevel } : {}),
    },
  };
}

const LIST_CLASS_NAMES = { '01': '甲类', '02': '乙类', '03': '丙类' } as const;

export function settlementMethods(exchange: Exchange) {
  return {
    /**
     * A page of the person's settlements, newest first, before the one `before` names. A
     * position the platform does not find is the phone's bad cursor (PAGE_CURSOR_INVALID).
     */
    async listSettlements(
      psnNo: string,
      query: { before?: string; limit: number; month?: string },
    ): Promise<{ records: PlatformRecord[]; nextBefore?: string }> {
      const page = await exchange.channel(
        'settlement.list',
        {
          psnNo,
          ...(query.before ? { before: query.before } : {}),
          limit: query.limit,
          ...(query.month ? { month: query.month } : {}),
        },
        { SETTLEMENT_NOT_FOUND: 'PAGE_CURSOR_INVALID' },
      );
      return {
        records: page.settlements.map(recordOf),
        ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}),
      };
    },

    /**
     * One settlement; with `psnNo`, only if it is that person's. One the platform does not find
     * (for that person) is no record of theirs: RECORD_NOT_FOUND.
     */
    async getSettlement(setlId: string, psnNo?: string): Promise<PlatformRecord> {
      return recordOf(
        await exchange.channel(
          'settlement.get',
          { setlId, ...(psnNo ? { psnNo } : {}) },
          { SETTLEMENT_NOT_FOUND: 'RECORD_NOT_FOUND' },
        ),
      );
    },
  };
}
