// Regions and their rules (PROTOCOL.md §6): a yearly deductible (起付线), tiered ratios by
// the year's cumulative eligible amount and a yearly cap (封顶线) per insurance type and
// person type, plus whether pooling pays at pharmacies and outpatient visits at all.
// Amounts in fen, ratios in basis points.

export interface RegionSeed {
  code: string;
  name: string;
  province: string;
}

export interface RuleSeed {
  regionCode: string;
  insutype: '310' | '390';
  psnType: '11' | '21' | '';
  deductibleFen: number;
  capFen: number;
  tiers: { upToFen: number | null; ratioBp: number }[];
  pharmacyPooling: boolean;
  outpatientPooling: boolean;
  /** Points added to every ratio by institution level group (3 三级, 2 二级, 1 一级), where the region's rules differ. */
  levelAdjustBp?: Partial<Record<'1' | '2' | '3', number>>;
  /**
   * Care outside the insured region (异地就医), by the insured region's rules: points added with a
   * filing, and without one (null: not settled without a filing).
   */
  remote: { filedAdjustBp: number; unfiledAdjustBp: number | null };
}

// 异地就医 (from public notices, simplified): a filed employee of 绥化 or 西安 is paid as at home,
// and without a filing 20 or 10 points less; residents and 杭州 pay 5 points less with a filing
// and do not settle at all without one.
const SUIHUA_REMOTE = { filedAdjustBp: 0, unfiledAdjustBp: -2000 };
const XIAN_REMOTE = { filedAdjustBp: 0, unfiledAdjustBp: -1000 };
const REFUSED_UNFILED = { filedAdjustBp: -500, unfiledAdjustBp: null };

export const REGIONS: readonly RegionSeed[] = [
  { code: '231200', name: '绥化市', province: '黑龙江省' },
  { code: '610100', name: '西安市', province: '陕西省' },
  { code: '330100', name: '杭州市', province: '浙江省' },
];

const YUAN = 100;
const tiers = (...pairs: [number | null, number][]) =>
  pairs.map(([upToYuan, ratioBp]) => ({ upToFen: upToYuan === null ? null : upToYuan * YUAN, ratioBp }));

export const REGION_RULES: readonly RuleSeed[] = [
  // 绥化: employees 85 % up to 10 000 yuan, 90 % to 50 000, 95 % above; retirees higher.
  {
    regionCode: '231200',
    insutype: '310',
    psnType: '11',
    deductibleFen: 200 * YUAN,
    capFen: 150_000 * YUAN,
    tiers: tiers([10_000, 8500], [50_000, 9000], [null, 9500]),
    pharmacyPooling: true,
    outpatientPooling: true,
    remote: SUIHUA_REMOTE,
  },
  {
    regionCode: '231200',
    insutype: '310',
    psnType: '21',
    deductibleFen: 100 * YUAN,
    capFen: 150_000 * YUAN,
    tiers: tiers([10_000, 9000], [50_000, 9300], [null, 9700]),
    pharmacyPooling: true,
    outpatientPooling: true,
    remote: SUIHUA_REMOTE,
  },
  // Residents: lower ratios, a lower cap, and cash at the pharmacy.
  {
    regionCode: '231200',
    insutype: '390',
    psnType: '',
    deductibleFen: 300 * YUAN,
    capFen: 80_000 * YUAN,
    tiers: tiers([10_000, 6000], [50_000, 6500], [null, 7000]),
    pharmacyPooling: false,
    outpatientPooling: true,
    remote: REFUSED_UNFILED,
  },
  {
    regionCode: '610100',
    insutype: '310',
    psnType: '11',
    deductibleFen: 150 * YUAN,
    capFen: 200_000 * YUAN,
    tiers: tiers([8_000, 8500], [30_000, 8800], [null, 9200]),
    pharmacyPooling: true,
    outpatientPooling: true,
    // 西安 employees: 三级 hospitals pay 3 points less, 一级 and community clinics 5 more.
    levelAdjustBp: { '3': -300, '1': 500 },
    remote: XIAN_REMOTE,
  },
  {
    regionCode: '610100',
    insutype: '310',
    psnType: '21',
    deductibleFen: 100 * YUAN,
    capFen: 200_000 * YUAN,
    tiers: tiers([8_000, 8800], [30_000, 9100], [null, 9500]),
    pharmacyPooling: true,
    outpatientPooling: true,
    // 西安 employees: 三级 hospitals pay 3 points less, 一级 and community clinics 5 more.
    levelAdjustBp: { '3': -300, '1': 500 },
    remote: XIAN_REMOTE,
  },
  {
    regionCode: '610100',
    insutype: '390',
    psnType: '',
    deductibleFen: 300 * YUAN,
    capFen: 100_000 * YUAN,
    tiers: tiers([8_000, 5500], [30_000, 6000], [null, 6500]),
    pharmacyPooling: false,
    outpatientPooling: true,
    remote: REFUSED_UNFILED,
  },
  // 杭州: employees' pharmacy purchases come from the personal account only (no pooling).
  {
    regionCode: '330100',
    insutype: '310',
    psnType: '11',
    deductibleFen: 1_000 * YUAN,
    capFen: 300_000 * YUAN,
    tiers: tiers([20_000, 8500], [null, 9000]),
    pharmacyPooling: false,
    outpatientPooling: true,
    remote: REFUSED_UNFILED,
  },
  {
    regionCode: '330100',
    insutype: '310',
    psnType: '21',
    deductibleFen: 700 * YUAN,
    capFen: 300_000 * YUAN,
    tiers: tiers([20_000, 8800], [null, 9200]),
    pharmacyPooling: false,
    outpatientPooling: true,
    remote: REFUSED_UNFILED,
  },
  {
    regionCode: '330100',
    insutype: '390',
    psnType: '',
    deductibleFen: 300 * YUAN,
    capFen: 50_000 * YUAN,
    tiers: tiers([null, 5000]),
    pharmacyPooling: false,
    outpatientPooling: true,
    remote: REFUSED_UNFILED,
  },
];
