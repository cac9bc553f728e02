// The public directories, in pages: regions, designated institutions (定点医药机构) by region,
// kind, name, whether they take the e-voucher and distance, and the drug and service
// catalogue (医保目录) with each item's class, self-pay share and limits; and what a person
// would pay for an item (the platform's own settlement rules, nothing written).
import type { CareNote } from '@ybm/shared';
import type {
  CareRule,
  CatalogueItem as PlatformItem,
  Estimate as PlatformEstimate,
  Institution as PlatformInstitution,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

import type { Exchange } from './exchange';

export interface Institution {
  code: string;
  name: string;
  kind: 'hospital' | 'pharmacy' | 'clinic';
  kindName: string;
  level: string | null;
  regionCode: string;
  regionName: string;
  address: string;
  lat: number;
  lng: number;
  phone: string | null;
  acceptsVoucher: boolean;
  /** From the position searched near; null without one. */
  distanceMetres: number | null;
}

export interface InstitutionQuery {
  code?: string;
  regionCode?: string;
  kind?: Institution['kind'];
  name?: string;
  acceptsVoucher?: boolean;
  /** Nearest first from here (GCJ-02). */
  position?: { lat: number; lng: number };
  page?: number;
  pageSize?: number;
}

export interface CatalogueItem {
  code: string;
  name: string;
  category: 'drug' | 'service' | 'material';
  /** 01 甲, 02 乙, 03 丙. */
  listClass: '01' | '02' | '03';
  listClassName: string;
  /** 乙: the share the person pays first, in basis points. */
  selfPayShareBp: number;
  priceLimitFen: number | null;
  spec: string | null;
  unit: string | null;
  validFrom: string;
  validUntil: string | null;
  chargeItemType: string | null;
  /** Paid only in the cases `restriction` names (限定支付). */
  restricted: boolean;
  restriction: string | null;
  /** Pinyin initials of the name. */
  initials: string;
  refPriceFen: number | null;
}

export interface CatalogueQuery {
  /** Matched against the name, the code and the name's pinyin initials. */
  text?: string;
  code?: string;
  listClass?: CatalogueItem['listClass'];
  category?: CatalogueItem['category'];
  /** YYYY-MM-DD: the items in force that day (today by default). */
  onDate?: string;
  includeRetired?: boolean;
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  page: number;
  pageSize: number;
  hasMore: boolean;
  items: T[];
}

/** How the place moved the ratios: 异地就医 filed or not, and the institution's level. */
export interface CareTreatment {
  careRule: CareRule;
  careRegionCode: string;
  careRegionName: string | null;
  filingId: string | null;
  remoteAdjustBp: number;
  levelAdjustBp: number;
  institutionLevel: string | null;
}

export interface EstimateRequest {
  code: string;
  qty: number;
  priceFen?: number;
  /** The institution it would be bought or done at; none: a pharmacy of the person's region. */
  atInstitution?: string;
}

/** What a person would pay for an item, and the facts that explain it, in the product's words. */
export interface PaymentEstimate {
  name: string;
  listClass: CatalogueItem['listClass'];
  /** 乙: the share paid first, in basis points. */
  selfPayShareBp: number;
  qty: number;
  priceFen: number;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  /** 丙类: paid by the person in full. */
  outOfListFen: number;
  /** Above the price limit. */
  aboveLimitFen: number;
  /** 乙类's share paid first. */
  sharePaidFirstFen: number;
  /** In policy, and counted by the fund's rules. */
  coveredFen: number;
  /** Of the covered amount, counted toward the year's 起付线 (the person pays it). */
  toDeductibleFen: number;
  /** What was left of the year's 起付线 before this purchase. */
  deductibleRemainingFen: number;
  /** A pharmacy purchase or a visit at a hospital or clinic. */
  at: 'pharmacy' | 'visit';
  /** Whether the fund pays at all for this kind of care under the person's rules. */
  fundPays: boolean;
  /** The first tier's ratio that applies, after the place's adjustments. */
  fundShareBp: number;
  institution: { code: string; name: string } | null;
  /** How the place moved the ratios (异地就医, the institution's level). */
  care: CareNote;
}

function estimateOf(estimate: z.output<typeof PlatformEstimate>): PaymentEstimate {
  const { treatment } = estimate;
  return {
    name: estimate.name,
    listClass: estimate.class,
    selfPayShareBp: estimate.selfpayPropBp,
    qty: estimate.qty,
    priceFen: estimate.priceFen,
    totalFen: estimate.totalFen,
    fundFen: estimate.fundFen,
    accountFen: estimate.accountFen,
    cashFen: estimate.cashFen,
    outOfListFen: estimate.fulamtOwnpayFen,
    aboveLimitFen: estimate.overlmtFen,
    sharePaidFirstFen: estimate.preselfpayFen,
    coveredFen: estimate.inscpFen,
    toDeductibleFen: estimate.deductibleFen,
    deductibleRemainingFen: estimate.deductibleLeftFen,
    at: estimate.visit === 'pharmacy' ? 'pharmacy' : 'visit',
    fundPays: estimate.pooling,
    fundShareBp: estimate.ratioBp,
    institution:
      estimate.institutionCode && estimate.institutionName
        ? { code: estimate.institutionCode, name: estimate.institutionName }
        : null,
    care: {
      rule: treatment.careRule,
      regionName: treatment.careRegionName ?? treatment.careRegionCode,
      remoteBp: treatment.remoteAdjustBp,
      levelBp: treatment.levelAdjustBp,
      ...(treatment.institutionLevel ? { level: treatment.institutionLevel } : {}),
    },
  };
}

function institutionOf(institution: z.output<typeof PlatformInstitution>): Institution {
  const { supportsEc, distanceM, ...rest } = institution;
  return { ...rest, acceptsVoucher: supportsEc, distanceMetres: distanceM };
}

function catalogueItemOf(item: z.output<typeof PlatformItem>): CatalogueItem {
  return {
    code: item.code,
    name: item.name,
    category: item.category,
    listClass: item.class,
    listClassName: item.className,
    selfPayShareBp: item.selfpayPropBp,
    priceLimitFen: item.priceLimitFen,
    spec: item.spec,
    unit: item.unit,
    validFrom: item.beginDate,
    validUntil: item.endDate,
    chargeItemType: item.medChrgitmType,
    restricted: item.limitedUse,
    restriction: item.limitedUseDesc,
    initials: item.initials,
    refPriceFen: item.refPriceFen,
  };
}

export function directoryMethods(exchange: Exchange) {
  return {
    async listRegions(): Promise<{ code: string; name: string; province: string }[]> {
      return (await exchange.channel('region.list', {})).regions;
    },

    async searchInstitutions(query: InstitutionQuery): Promise<Page<Institution>> {
      const { acceptsVoucher, position, ...rest } = query;
      const found = await exchange.channel('institution.search', {
        ...rest,
        ...(acceptsVoucher === undefined ? {} : { supportsEc: acceptsVoucher }),
        ...(position ? { near: position } : {}),
      });
      const { hasMore, page, pageSize } = found;
      return { hasMore, page, pageSize, items: found.institutions.map(institutionOf) };
    },

    async searchCatalogue(query: CatalogueQuery): Promise<Page<CatalogueItem>> {
      const { listClass, text, ...rest } = query;
      const found = await exchange.channel('catalogue.search', {
        ...rest,
        ...(listClass ? { class: listClass } : {}),
        ...(text ? { keyword: text } : {}),
      });
      const { hasMore, page, pageSize } = found;
      return { hasMore, page, pageSize, items: found.items.map(catalogueItemOf) };
    },

    /** What this person would pay today, by the rules a settlement of the same basket applies. */
    async estimate(psnNo: string, request: EstimateRequest): Promise<PaymentEstimate> {
      const { atInstitution, ...rest } = request;
      return estimateOf(
        await exchange.channel('catalogue.estimate', {
          psnNo,
          ...rest,
          ...(atInstitution ? { institutionCode: atInstitution } : {}),
        }),
      );
    },
  };
}
