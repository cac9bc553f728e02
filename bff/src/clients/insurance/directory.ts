// The public directories, in pages: regions, designated institutions (定点医药机构) by region,
// kind, name, whether they take the e-voucher and distance, and the drug and service
// catalogue (医保目录) with each item's class, self-pay share and limits.
import type { CatalogueItem as PlatformItem, Institution as PlatformInstitution } from '@ybm/shared/protocol';
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
  regionCode?: string;
  kind?: Institution['kind'];
  name?: string;
  acceptsVoucher?: boolean;
  near?: { lat: number; lng: number };
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
}

export interface CatalogueQuery {
  keyword?: string;
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
  total: number;
  page: number;
  pageSize: number;
  items: T[];
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
  };
}

export function directoryMethods(exchange: Exchange) {
  return {
    async listRegions(): Promise<{ code: string; name: string; province: string }[]> {
      return (await exchange.channel('region.list', {})).regions;
    },

    async searchInstitutions(query: InstitutionQuery): Promise<Page<Institution>> {
      const { acceptsVoucher, ...rest } = query;
      const found = await exchange.channel('institution.search', {
        ...rest,
        ...(acceptsVoucher === undefined ? {} : { supportsEc: acceptsVoucher }),
      });
      const { total, page, pageSize } = found;
      return { total, page, pageSize, items: found.institutions.map(institutionOf) };
    },

    async searchCatalogue(query: CatalogueQuery): Promise<Page<CatalogueItem>> {
      const { listClass, ...rest } = query;
      const found = await exchange.channel('catalogue.search', {
        ...rest,
        ...(listClass ? { class: listClass } : {}),
      });
      const { total, page, pageSize } = found;
      return { total, page, pageSize, items: found.items.map(catalogueItemOf) };
    },
  };
}
