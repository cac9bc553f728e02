// A person as the platform records them — found by document, their insurance record, their
// personal account (balance, this year's use of the regional rule) and its ledger — in the
// BFF's words and in fen.
import { INSURANCE_TYPE_NAMES, type Account, type DocumentType } from '@ybm/shared';
import type { InsuranceSummary, PersonSummary } from '@ybm/shared/protocol';
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

/**
 * The 个人账户 page's account from the platform's summary; null when the person has no
 * insurance record. Which media settle with the account: the code and the 社保卡 for everyone,
 * 身份证 + 医保密码 too for employees with a personal account.
 */
export function accountOf(summary: AccountSummary, fallbackRegionName: string): Account | null {
  const insurance = summary.insurance;
  if (!insurance) return null;
  const withAccount = insurance.insutype === '310' && summary.hasAccount;
  return {
    balanceFen: summary.balanceFen,
    insuranceType: INSURANCE_TYPE_NAMES[insurance.insutype],
    personType: insurance.personTypeName,
    status: insurance.status,
    statusName: insurance.statusName,
    regionCode: insurance.regionCode,
    regionName: insurance.regionName ?? summary.regionName ?? fallbackRegionName,
    insuredSince: insurance.insuredDate,
    ...(insurance.employerName ? { employer: insurance.employerName } : {}),
    monthlyCredits: summary.monthlyCredits,
    yearSpending: summary.yearSpending ?? {
      year: summary.thisYear?.year ?? Number(new Date().toISOString().slice(0, 4)),
      ...{ totalFen: 0, fundFen: 0, accountFen: 0, cashFen: 0 },
    },
    media: withAccount ? ['code', 'social_card', 'id_card'] : ['code', 'social_card'],
  };
}

export function peopleMethods(exchange: Exchange) {
  async function accountSummary(psnNo: string): Promise<AccountSummary> {
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
  }

  return {
    /** The insured person behind a document (name checked against it). */
    async personSummary(document: PersonDocument): Promise<InsuredPerson> {
      return personOf(await exchange.channel('person.lookup', document));
    },

    /** The 个人账户 page's account; null when the person has no insurance record. */
    async account(psnNo: string, fallbackRegionName: string): Promise<Account | null> {
      return accountOf(await accountSummary(psnNo), fallbackRegionName);
    },

    accountSummary,

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
