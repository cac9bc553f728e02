// region.list, institution.search and catalogue.search: the public directories, in pages
// (`hasMore` rather than a total, so that a page of a big region or catalogue costs one page);
// catalogue.estimate: what a person would pay for an item today, by the rules a settlement
// applies.
import '../../zod-setup';
import { z } from 'zod';

import { int, listOf, orNull } from '../wire';
import { institutionCode, isoDate, paging, psnNo, regionCode } from './schemas';

export const INSTITUTION_KINDS = ['hospital', 'pharmacy', 'clinic'] as const;
export const CATALOGUE_CLASSES = ['01', '02', '03'] as const; // 甲 / 乙 / 丙
export const CATALOGUE_CATEGORIES = ['drug', 'service', 'material'] as const;

const page = { page: int, pageSize: int, count: int, hasMore: z.boolean() };

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
  /** The name's pinyin initials (阿莫西林胶囊 → amxljn), which a keyword also matches. */
  initials: z.string().default(''),
  /** A usual retail price, for an estimate given no price; null when the platform has none. */
  refPriceFen: orNull(int),
});

/** How a settlement outside the person's own region was treated (异地就医), or `local`. */
export const CARE_RULES = ['local', 'filed', 'not_filed'] as const;
export type CareRule = (typeof CARE_RULES)[number];
export const CareTreatment = z.object({
  careRule: z.enum(CARE_RULES),
  /** 就医地: the institution's region. */
  careRegionCode: z.string(),
  careRegionName: orNull(z.string()),
  filingId: orNull(z.string()),
  /** Points added to every ratio of the tiers (negative: paid less), in basis points. */
  remoteAdjustBp: int,
  /** Points the institution's level adds (the region's rules by level), in basis points. */
  levelAdjustBp: int,
  institutionLevel: orNull(z.string()),
});

export const Estimate = z.object({
  code: z.string(),
  name: z.string(),
  class: z.enum(CATALOGUE_CLASSES),
  selfpayPropBp: int,
  qty: z.number(),
  priceFen: int,
  totalFen: int,
  fundFen: int,
  accountFen: int,
  cashFen: int,
  fulamtOwnpayFen: int,
  overlmtFen: int,
  preselfpayFen: int,
  inscpFen: int,
  deductibleFen: int,
  poolPropSelfpayFen: int,
  /** What was left of the year's 起付线 before this purchase. */
  deductibleLeftFen: int,
  /** pharmacy: a pharmacy purchase; outpatient: a visit at a hospital or clinic. */
  visit: z.enum(['pharmacy', 'outpatient']),
  pooling: z.boolean(),
  /** The first tier's ratio that applies here, after the level and 异地 adjustments. */
  ratioBp: int,
  institutionCode: orNull(z.string()),
  institutionName: orNull(z.string()),
  treatment: CareTreatment,
  balanceFen: orNull(int),
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
      /** One institution by its code (the detail page). */
      code: institutionCode.optional(),
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
  'catalogue.estimate': {
    input: z.object({
      psnNo,
      code: z.string().trim().min(1).max(40),
      qty: z.number().positive().max(9999),
      priceFen: z.number().int().min(1).max(100_000_000).optional(),
      institutionCode: institutionCode.optional(),
      useAccount: z.boolean().default(true),
    }),
    answer: Estimate,
  },
} as const;
