// A person as the platform records them — found by document, their insurance record, their
// personal account (balance, this year's use of the regional rule) and its ledger — in the
// BFF's words and in fen.
import type { DocumentType } from '@ybm/shared';
import type { InsuranceSummary, PersonSummary } from '@ybm/shared/src/protocol';
import type { z } from 'zod';

import type { Exchange } from './exchange';

/** A person's latest insurance record. */
export interface InsuranceRecord {
  /** 310 职工基本医疗保险, 390 城乡居民基本医疗保险. */
  insutype: '310' | '390';
  typeName: string;
  personType: 'employed' | 'retired' | 'resident';
  personTypeName: string;
  status: 'active' | 'suspended';
  statusName: string;
  insuredDate: string;
  suspendedDate: string | null;
  /** The insured region (参保地), which the voucher shows. */
  regionCode: string;
  regionName: string | null;
  employerName: string | null;
}

export function insuranceRecordOf(record: z.output<typeof InsuranceSummary>): InsuranceRecord {
  return {
    insutype: record.insutype,
    typeName: record.insutypeName,
    personType: record.personType,
    personTypeName: record.personTypeName,
    status: record.status,
    statusName: record.statusName,
    insuredDate: record.insuredDate,
    suspendedDate: record.suspendedDate,
    regionCode: record.regionCode,
    regionName: record.regionName,
    employerName: record.empName,
  };
}

export interface PersonDocument {
  docType: DocumentType;
  docNumber: string;
  name: string;
}

export interface InsuredPerson {
  psnNo: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  age: number;
  nationality: string;
  docType: DocumentType;
  maskedDocNumber: string;
  regionCode: string;
  regionName: string | null;
  /** The whole reserved phone (for an SMS), or null; never shown as is. */
  reservedPhone: string | null;
  maskedPhone: string | null;
  insurance: InsuranceRecord | null;
  hasAccount: boolean;
}

function personOf(person: z.output<typeof PersonSummary>): InsuredPerson {
  return {
    psnNo: person.psnNo,
    name: person.name,
    gender: person.gender === '1' ? 'male' : 'female',
    birthDate: person.birthDate,
    age: person.age,
    nationality: person.nationality,
    docType: person.docType,
    maskedDocNumber: person.maskedDocNumber,
    regionCode: person.regionCode,
    regionName: person.regionName,
    reservedPhone: person.phone,
    maskedPhone: person.maskedPhone,
    insurance: person.insurance && insuranceRecordOf(person.insurance),
    hasAccount: person.hasAccount,
  };
}

export interface AccountSummary {
  psnNo: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  insurance: InsuranceRecord | null;
  /** Employees have a personal account; the balance is null without one. */
  hasAccount: boolean;
  balanceFen: number | null;
  /** This year's use of the regional rule; null when not insured or no rule applies. */
  thisYear: {
    year: number;
    deductibleFen: number;
    deductiblePaidFen: number;
    capFen: number;
    fundPaidFen: number;
    pharmacyPooling: boolean;
    outpatientPooling: boolean;
  } | null;
  /** Newest first, at most twelve. */
  monthlyCredits: { month: string; amountFen: number }[];
  /** Null when the platform did not say. */
  yearSpending: {
    year: number;
    totalFen: number;
    fundFen: number;
    accountFen: number;
    cashFen: number;
  } | null;
}

export interface LedgerPage {
  balanceFen: number;
  /** Newest first: contributions in, payments out, reversals and refunds back. */
  entries: {
    id: number;
    kind: 'contribution' | 'payment' | 'reversal' | 'refund' | 'adjustment';
    amountFen: number;
    /** What the entry is about (a settlement, a contribution period), when anything. */
    reference: { type: string; id: string | null } | null;
    memo: string | null;
    createdAt: string;
  }[];
  /** Pass as `beforeId` for the next page; null at the end. */
  nextBeforeId: number | null;
}

export function peopleMethods(exchange: Exchange) {
  return {
    /** The insured person behind a document (name checked against it). */
    async personSummary(document: PersonDocument): Promise<InsuredPerson> {
      return personOf(await exchange.channel('person.lookup', document));
    },

    async accountSummary(psnNo: string): Promise<AccountSummary> {
      const summary = await exchange.channel('account.summary', { psnNo });
      return {
        psnNo: summary.psnNo,
        name: summary.name,
        regionCode: summary.regionCode,
        regionName: summary.regionName,
        insurance: summary.insurance && insuranceRecordOf(summary.insurance),
        hasAccount: summary.hasAccount,
        balanceFen: summary.balanceFen,
        thisYear: summary.thisYear,
        monthlyCredits: summary.monthlyCredits,
        yearSpending: summary.yearSpending,
      };
    },

    async accountLedger(
      psnNo: string,
      page: { beforeId?: number; limit?: number } = {},
    ): Promise<LedgerPage> {
      const ledger = await exchange.channel('account.ledger', { psnNo, ...page });
      return {
        balanceFen: ledger.balanceFen,
        entries: ledger.entries.map((entry) => ({
          id: entry.id,
          kind: entry.kind,
          amountFen: entry.amountFen,
          reference: entry.refType ? { type: entry.refType, id: entry.refId } : null,
          memo: entry.memo,
          createdAt: entry.createdAt,
        })),
        nextBeforeId: ledger.nextBeforeId,
      };
    },
  };
}
