// 定点机构, 医保目录 (with what I would pay) and 异地就医备案: the phone's requests and the BFF's
// answers, and the words for how a settlement outside one's own region was treated, which the
// records and the estimate both show.
import '../zod-setup';
import { z } from 'zod';

const Fen = z.number().int();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, '不是有效日期');
const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字');
const institutionCode = z.string().regex(/^[0-9A-Z]{12}$/, '机构编码应为 12 位');
const page = z.coerce.number().int().min(1).max(200).default(1);
const pageSize = z.coerce.number().int().min(1).max(50).default(20);
const searchText = z.string().trim().min(1, '请输入要搜索的内容').max(40, '搜索内容不能超过 40 个字');

export const INSTITUTION_KIND_NAMES = { hospital: '医院', pharmacy: '药店', clinic: '基层医疗机构' } as const;
export type InstitutionKind = keyof typeof INSTITUTION_KIND_NAMES;

export const InstitutionsQuerySchema = z
  .object({
    q: searchText.optional(),
    region: regionCode.optional(),
    kind: z.enum(['hospital', 'pharmacy', 'clinic']).optional(),
    /** 1: only those taking 医保码. */
    ec: z.enum(['0', '1']).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
    page,
    pageSize,
  })
  .refine((query) => (query.lat === undefined) === (query.lng === undefined), {
    message: '经纬度需同时提供',
    path: ['lat'],
  });
export type InstitutionsQuery = z.infer<typeof InstitutionsQuerySchema>;

export const InstitutionSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['hospital', 'pharmacy', 'clinic']),
  kindName: z.string(),
  level: z.string().nullable(),
  address: z.string(),
  phone: z.string().nullable(),
  supportsEc: z.boolean(),
  /** Metres from the phone's position, when it gave one. */
  distanceM: z.number().int().optional(),
  regionCode: z.string(),
  regionName: z.string(),
  lat: z.number(),
  lng: z.number(),
});
export type InstitutionView = z.infer<typeof InstitutionSchema>;

export const InstitutionsPageSchema = z.object({
  items: z.array(InstitutionSchema),
  page: z.number().int(),
  hasMore: z.boolean(),
  /** The region searched (the person's own unless another was asked for); none: every region. */
  region: z.object({ code: z.string(), name: z.string() }).optional(),
});
export type InstitutionsPage = z.infer<typeof InstitutionsPageSchema>;

export const InstitutionParamsSchema = z.object({ code: institutionCode });

export const RegionsSchema = z.object({
  regions: z.array(z.object({ code: z.string(), name: z.string(), province: z.string() })),
});

export const CatalogueQuerySchema = z.object({ q: searchText, page, pageSize });

/** 甲 A, 乙 B, 丙 C. */
export const CATALOGUE_CLASS_NAMES = { A: '甲类', B: '乙类', C: '丙类' } as const;

export const CatalogueItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string().nullable(),
  category: z.enum(['drug', 'service', 'material']),
  class: z.enum(['A', 'B', 'C']),
  /** The share the person pays first (乙类), in basis points; 丙类 is 10 000. */
  selfPayShareBp: z.number().int(),
  priceLimitFen: Fen.optional(),
  restriction: z.string().optional(),
  refPriceFen: Fen.optional(),
});
export type CatalogueItemView = z.infer<typeof CatalogueItemSchema>;

export const CataloguePageSchema = z.object({
  items: z.array(CatalogueItemSchema),
  page: z.number().int(),
  hasMore: z.boolean(),
});

export const CatalogueParamsSchema = z.object({
  code: z.string().regex(/^[0-9A-Za-z]{1,40}$/, '目录编码无效'),
});

export const EstimateQuerySchema = z.object({
  qty: z.coerce.number().positive('数量需大于 0').max(9999, '数量过大').default(1),
  priceFen: z.coerce.number().int().min(1, '单价需大于 0').max(100_000_000, '单价过大').optional(),
  institution: institutionCode.optional(),
});

export const EstimateSchema = z.object({
  code: z.string(),
  name: z.string(),
  qty: z.number(),
  priceFen: Fen,
  totalFen: Fen,
  /** 医保统筹 */
  fundFen: Fen,
  /** 个人账户 */
  accountFen: Fen,
  /** 现金 / 自付 */
  cashFen: Fen,
  institutionName: z.string().optional(),
  /** Why the parts are what they are, one sentence each. */
  explanation: z.array(z.string()),
});
export type Estimate = z.infer<typeof EstimateSchema>;

/** The six national reasons for 异地就医备案. */
export const REMOTE_CARE_REASON_NAMES = {
  resettled_retiree: '异地安置退休人员',
  long_term_resident: '异地长期居住人员',
  posted_worker: '常驻异地工作人员',
  referral: '异地转诊就医人员',
  emergency: '异地急诊抢救人员',
  temporary: '其他临时外出就医人员',
} as const;
export type RemoteCareReasonKey = keyof typeof REMOTE_CARE_REASON_NAMES;
const reason = z.enum(
  Object.keys(REMOTE_CARE_REASON_NAMES) as [RemoteCareReasonKey, ...RemoteCareReasonKey[]],
  {
    message: '请选择备案原因',
  },
);

export const RemoteCareRequestSchema = z
  .object({
    careRegionCode: regionCode,
    reason,
    beginDate: isoDate,
    endDate: isoDate.optional(),
    hospitalCode: institutionCode.optional(),
  })
  .refine((body) => body.endDate === undefined || body.endDate >= body.beginDate, {
    message: '结束日期不能早于开始日期',
    path: ['endDate'],
  });
export type RemoteCareRequest = z.infer<typeof RemoteCareRequestSchema>;

export const RemoteCareFilingSchema = z.object({
  filingId: z.string(),
  status: z.enum(['filed', 'cancelled']),
  /** 已备案, 已到期 or 已撤销. */
  statusName: z.string(),
  careRegionCode: z.string(),
  careRegionName: z.string(),
  insuredRegionName: z.string(),
  reason,
  reasonName: z.string(),
  hospitalCode: z.string().optional(),
  beginDate: z.string(),
  endDate: z.string().optional(),
  createdAt: z.string(),
});
export type RemoteCareFilingView = z.infer<typeof RemoteCareFilingSchema>;

export const RemoteCareListSchema = z.object({ filings: z.array(RemoteCareFilingSchema) });
export const RemoteCareParamsSchema = z.object({
  filingId: z.string().regex(/^[0-9A-Za-z]{4,40}$/, '备案编号无效'),
});

/** How the place of care moved a settlement's ratios (shown on a record and in an estimate). */
export const CareNoteSchema = z.object({
  rule: z.enum(['local', 'filed', 'not_filed']),
  regionName: z.string(),
  /** Points the 异地 rules added to the ratios (negative: less), in basis points. */
  remoteBp: z.number().int(),
  /** Points the institution's level added, in basis points. */
  levelBp: z.number().int(),
  level: z.string().optional(),
});
export type CareNote = z.infer<typeof CareNoteSchema>;

function points(bp: number): string {
  const value = Math.abs(bp) / 100;
  return `${bp > 0 ? '提高' : '降低'}${Number.isInteger(value) ? value : value.toFixed(1)}个百分点`;
}

/** The sentences saying how a settlement's place was treated; none for plain local care. */
export function careWords(note: CareNote): string[] {
  const words: string[] = [];
  if (note.rule === 'filed') {
    words.push(
      note.remoteBp === 0
        ? `异地就医（${note.regionName}）：已办理异地就医备案，按参保地待遇报销`
        : `异地就医（${note.regionName}）：已办理异地就医备案，报销比例${points(note.remoteBp)}`,
    );
  }
  if (note.rule === 'not_filed') {
    words.push(`异地就医（${note.regionName}）：未办理异地就医备案，报销比例${points(note.remoteBp)}`);
  }
  if (note.levelBp !== 0) {
    words.push(`${note.level ?? '该级别'}医疗机构：参保地规定报销比例${points(note.levelBp)}`);
  }
  return words;
}
