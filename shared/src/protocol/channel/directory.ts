// region.list, institution.search and catalogue.search: the public directories, in pages.
import '../../zod-setup';
import { z } from 'zod';

import { int, listOf, orNull } from '../wire';
import { isoDate, paging, regionCode } from './schemas';

export const INSTITUTION_KINDS = ['hospital', 'pharmacy', 'clinic'] as const;
export const CATALOGUE_CLASSES = ['01', '02', '03'] as const; // 甲 / 乙 / 丙
export const CATALOGUE_CATEGORIES = ['drug', 'service', 'material'] as const;

const page = { total: int, page: int, pageSize: int, count: int };

export const Institution = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(INSTITUTION_KINDS),
  kindName: z.string(),
  level: orNull(z.string()),
  regionCode: z.string(),
  regionName: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  phone: orNull(z.string()),
  supportsEc: z.boolean(),
  /** Metres from `near`; null when the search gave no position. */
  distanceM: orNull(int),
});

export const CatalogueItem = z.object({
  code: z.string(),
  name: z.string(),
  category: z.enum(CATALOGUE_CATEGORIES),
  class: z.enum(CATALOGUE_CLASSES),
  className: z.string(),
  /** 乙: the share the person pays first, in basis points. */
  selfpayPropBp: int,
  priceLimitFen: orNull(int),
  spec: orNull(z.string()),
  unit: orNull(z.string()),
  beginDate: z.string(),
  endDate: orNull(z.string()),
  medChrgitmType: orNull(z.string()),
  limitedUse: z.boolean(),
  limitedUseDesc: orNull(z.string()),
});

export const DIRECTORY_OPERATIONS = {
  'region.list': {
    input: z.object({}),
    answer: z.object({
      count: int,
      regions: listOf(z.object({ code: z.string(), name: z.string(), province: z.string() })),
    }),
  },
  'institution.search': {
    input: z.object({
      regionCode: regionCode.optional(),
      kind: z.enum(INSTITUTION_KINDS).optional(),
      name: z.string().trim().max(40).optional(),
      supportsEc: z.boolean().optional(),
      near: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
      ...paging,
    }),
    answer: z.object({ ...page, institutions: listOf(Institution) }),
  },
  'catalogue.search': {
    input: z.object({
      keyword: z.string().trim().max(40).optional(),
      code: z.string().trim().min(1).max(40).optional(),
      class: z.enum(CATALOGUE_CLASSES).optional(),
      category: z.enum(CATALOGUE_CATEGORIES).optional(),
      onDate: isoDate.optional(),
      includeRetired: z.boolean().optional(),
      ...paging,
    }),
    answer: z.object({ ...page, items: listOf(CatalogueItem) }),
  },
} as const;
