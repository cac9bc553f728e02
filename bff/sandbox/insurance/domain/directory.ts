// Public directories: regions, 定点医药机构 (by region, kind, name, e-voucher support,
// distance) and the 医保目录 (by keyword, code, class, category), in pages.
import { PlatformRefusal } from '../channel/operation';
import type { SandboxContext } from '../context';
import { shanghaiDate } from './people';
import { filteredStatements, preparedFor } from './prepared';

type Ctx = Pick<SandboxContext, 'db' | 'now'>;

const KIND_NAMES = { hospital: '定点医院', pharmacy: '定点药店', clinic: '基层医疗机构' } as const;
const CLASS_NAMES = { '01': '甲类', '02': '乙类', '03': '丙类' } as const;

interface InstitutionRow {
  code: string;
  name: string;
  kind: keyof typeof KIND_NAMES;
  level: string | null;
  regionCode: string;
  regionName: string;
  address: string;
  lat: number;
  lng: number;
  phone: string | null;
  supportsEc: number;
}

interface CatalogueRow {
  code: string;
  name: string;
  category: 'drug' | 'service' | 'material';
  chrgitmLv: keyof typeof CLASS_NAMES;
  selfpayPropBp: number;
  priceLimitFen: number | null;
  spec: string | null;
  unit: string | null;
  beginDate: string;
  endDate: string | null;
  medChrgitmType: string | null;
  limitedUse: number;
  limitedUseDesc: string | null;
}

const INSTITUTION_COLUMNS = `i.code, i.name, i.kind, i.level, i.region_code AS regionCode,
  r.name AS regionName, i.address, i.lat, i.lng, i.phone, i.supports_ec AS supportsEc
  FROM institutions i JOIN regions r ON r.code = i.region_code`;

const INSTITUTION_ORDER = `i.region_code,
  CASE i.kind WHEN 'hospital' THEN 0 WHEN 'pharmacy' THEN 1 ELSE 2 END, i.code`;

const INSTITUTION_FILTERS = {
  regionCode: 'i.region_code = @regionCode',
  kind: 'i.kind = @kind',
  supportsEc: 'i.supports_ec = @supportsEc',
  name: "i.name LIKE '%' || @name || '%' ESCAPE '\\'",
} as const;

// A real province's region lists thousands of institutions (npm run bench times 10 k): the
// given filters only, from the covering index, and full rows for one page only.
const institutionQueries = filteredStatements(INSTITUTION_FILTERS, (db, where) => ({
  count: db.prepare<Record<string, unknown>, number>(`SELECT count(*) FROM institutions i ${where}`).pluck(),
  // The page's codes from the index first, then those rows only.
  page: db.prepare<Record<string, unknown>, InstitutionRow>(
    `SELECT ${INSTITUTION_COLUMNS} WHERE i.code IN (
       SELECT i.code FROM institutions i ${where} ORDER BY ${INSTITUTION_ORDER} LIMIT @limit OFFSET @offset)
     ORDER BY ${INSTITUTION_ORDER}`,
  ),
  // Nearest first: every match's position, then the full rows of one page only.
  places: db.prepare<Record<string, unknown>, { code: string; lat: number; lng: number }>(
    `SELECT i.code, i.lat, i.lng FROM institutions i ${where}`,
  ),
}));

const CATALOGUE_FILTERS = {
  code: 'code = @code',
  chrgitmLv: 'chrgitm_lv = @chrgitmLv',
  category: 'category = @category',
  keyword: "(name LIKE '%' || @keyword || '%' ESCAPE '\\' OR code LIKE @keyword || '%' ESCAPE '\\')",
  onDate: '(begin_date <= @onDate AND (end_date IS NULL OR end_date >= @onDate))',
} as const;

const catalogueQueries = filteredStatements(CATALOGUE_FILTERS, (db, where) => ({
  count: db.prepare<Record<string, unknown>, number>(`SELECT count(*) FROM catalogue ${where}`).pluck(),
  page: db.prepare<Record<string, unknown>, CatalogueRow>(
    `SELECT code, name, category, chrgitm_lv AS chrgitmLv, selfpay_prop_bp AS selfpayPropBp,
       price_limit_fen AS priceLimitFen, spec, unit, begin_date AS beginDate, end_date AS endDate,
       med_chrgitm_type AS medChrgitmType, lmt_used_flag AS limitedUse, lmt_used_desc AS limitedUseDesc
     FROM catalogue ${where} ORDER BY code LIMIT @limit OFFSET @offset`,
  ),
}));

const statements = preparedFor((db) => ({
  regions: db.prepare<[], { code: string; name: string; province: string }>(
    'SELECT code, name, province FROM regions ORDER BY code',
  ),
  region: db.prepare<[string], string>('SELECT code FROM regions WHERE code = ?').pluck(),
  institutionsByCode: db.prepare<[string], InstitutionRow>(
    `SELECT ${INSTITUTION_COLUMNS} WHERE i.code IN (SELECT value FROM json_each(?))`,
  ),
}));

/** LIKE patterns take the user's text literally. */
function literal(text: string | undefined): string | null {
  return text ? text.replace(/[\\%_]/g, (char) => `\\${char}`) : null;
}

export function listRegions(ctx: Pick<SandboxContext, 'db'>) {
  const regions = statements(ctx.db).regions.all();
  return { count: regions.length, regions };
}

export function requireRegion(ctx: Pick<SandboxContext, 'db'>, code: string): void {
  if (!statements(ctx.db).region.get(code)) {
    throw new PlatformRefusal('REGION_NOT_FOUND', `行政区划代码不存在：${code}`);
  }
}

/** Great-circle distance in metres (haversine), rounded to the metre. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(h)));
}

export interface InstitutionQuery {
  regionCode?: string;
  kind?: keyof typeof KIND_NAMES;
  name?: string;
  supportsEc?: boolean;
  near?: { lat: number; lng: number };
  page: number;
  pageSize: number;
}

export function searchInstitutions(ctx: Ctx, query: InstitutionQuery) {
  if (query.regionCode) requireRegion(ctx, query.regionCode);
  const { statements: queries, params } = institutionQueries(ctx.db, {
    regionCode: query.regionCode,
    kind: query.kind,
    supportsEc: query.supportsEc === undefined ? undefined : query.supportsEc ? 1 : 0,
    name: literal(query.name),
  });
  const offset = (query.page - 1) * query.pageSize;
  let total: number;
  let rows: InstitutionRow[];
  const near = query.near;
  if (near) {
    const places = queries.places
      .all(params)
      .map((place) => ({ code: place.code, distanceM: distanceMetres(near, place) }))
      .sort((a, b) => a.distanceM - b.distanceM || a.code.localeCompare(b.code));
    total = places.length;
    const page = places.slice(offset, offset + query.pageSize).map((place) => place.code);
    const byCode = new Map(
      statements(ctx.db)
        .institutionsByCode.all(JSON.stringify(page))
        .map((row) => [row.code, row]),
    );
    rows = page.map((code) => byCode.get(code)!);
  } else {
    total = queries.count.get(params) ?? 0;
    rows = queries.page.all({ ...params, limit: query.pageSize, offset });
  }
  const institutions = rows.map((row) => ({
    ...row,
    kindName: KIND_NAMES[row.kind],
    supportsEc: row.supportsEc === 1,
    distanceM: near ? distanceMetres(near, row) : null,
  }));
  return { total, page: query.page, pageSize: query.pageSize, count: institutions.length, institutions };
}

export interface CatalogueQuery {
  keyword?: string;
  code?: string;
  class?: keyof typeof CLASS_NAMES;
  category?: CatalogueRow['category'];
  /** Items in effect on this day (YYYY-MM-DD); defaults to today, `includeRetired` lifts it. */
  onDate?: string;
  includeRetired?: boolean;
  page: number;
  pageSize: number;
}

export function searchCatalogue(ctx: Ctx, query: CatalogueQuery) {
  const { statements, params } = catalogueQueries(ctx.db, {
    code: query.code,
    chrgitmLv: query.class,
    category: query.category,
    keyword: literal(query.keyword?.trim()),
    onDate: query.includeRetired ? undefined : (query.onDate ?? shanghaiDate(ctx.now())),
  });
  const total = statements.count.get(params) ?? 0;
  const rows = statements.page.all({
    ...params,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const items = rows.map(({ chrgitmLv, limitedUse, ...row }) => ({
    ...row,
    class: chrgitmLv,
    className: CLASS_NAMES[chrgitmLv],
    limitedUse: limitedUse === 1,
  }));
  return { total, page: query.page, pageSize: query.pageSize, count: items.length, items };
}
