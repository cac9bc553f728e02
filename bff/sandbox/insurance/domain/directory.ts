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
  initials: string;
  refPriceFen: number | null;
}

const INSTITUTION_COLUMNS = `i.code, i.name, i.kind, i.level, i.region_code AS regionCode,
  r.name AS regionName, i.address, i.lat, i.lng, i.phone, i.supports_ec AS supportsEc`;

const INSTITUTION_FILTERS = {
  code: 'i.code = @code',
  regionCode: 'i.region_code = @regionCode',
  kind: 'i.kind = @kind',
  supportsEc: 'i.supports_ec = @supportsEc',
} as const;

/**
 * Where a search's candidates come from: the filters' own index (in the page's order), the
 * 1-/2-gram table for a name of one or two characters, the trigram index for a longer one, or
 * the R-tree of places inside a box around a point. Never every row of a region.
 */
type Source = 'index' | 'gram' | 'text' | 'box';

// CROSS JOIN keeps the candidates' source outermost: with the region's index outermost instead,
// SQLite would read every institution of the region and probe the source for each.
const SOURCES: Record<Source, string> = {
  index: 'institutions i',
  gram: 'institution_grams g CROSS JOIN institutions i ON i.code = g.code',
  text: 'institution_text t CROSS JOIN institutions i ON i.rowid = t.rowid',
  box: 'institution_places p CROSS JOIN institutions i ON i.rowid = p.id',
};

const SOURCE_CONDITIONS: Record<Source, string | null> = {
  index: null,
  gram: 'g.gram = @text',
  text: 'institution_text MATCH @text',
  box: 'p.min_lat >= @latLo AND p.max_lat <= @latHi AND p.min_lng >= @lngLo AND p.max_lng <= @lngHi',
};

function institutionStatements(source: Source) {
  return filteredStatements(INSTITUTION_FILTERS, (db, where) => {
    const conditions = [where.replace(/^WHERE /, ''), SOURCE_CONDITIONS[source]].filter(Boolean);
    const whereAll = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    // With a kind the index's order is the code's; region first only when several are listed.
    const order = `${where.includes('@regionCode') ? '' : 'i.region_code, '}${
      where.includes('@kind') ? '' : 'i.kind_rank, '
    }i.code`;
    return {
      page: db.prepare<Record<string, unknown>, InstitutionRow>(
        `SELECT ${INSTITUTION_COLUMNS} FROM ${SOURCES[source]} JOIN regions r ON r.code = i.region_code
         ${whereAll} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      ),
      places: db.prepare<Record<string, unknown>, { code: string; lat: number; lng: number }>(
        `SELECT i.code, i.lat, i.lng FROM ${SOURCES[source]} ${whereAll}`,
      ),
    };
  });
}

const institutionQueries = {
  index: institutionStatements('index'),
  gram: institutionStatements('gram'),
  text: institutionStatements('text'),
  box: institutionStatements('box'),
};

const CATALOGUE_COLUMNS = `c.code, c.name, c.category, c.chrgitm_lv AS chrgitmLv,
  c.selfpay_prop_bp AS selfpayPropBp, c.price_limit_fen AS priceLimitFen, c.spec, c.unit,
  c.begin_date AS beginDate, c.end_date AS endDate, c.med_chrgitm_type AS medChrgitmType,
  c.lmt_used_flag AS limitedUse, c.lmt_used_desc AS limitedUseDesc, c.initials, c.ref_price_fen AS refPriceFen`;

const CATALOGUE_FILTERS = {
  code: 'c.code = @code',
  chrgitmLv: 'c.chrgitm_lv = @chrgitmLv',
  category: 'c.category = @category',
  onDate: '(c.begin_date <= @onDate AND (c.end_date IS NULL OR c.end_date >= @onDate))',
} as const;

type CatalogueSource = 'index' | 'gram' | 'text';

const CATALOGUE_SOURCES: Record<CatalogueSource, { from: string; where: string | null; order: string }> = {
  index: { from: 'catalogue c', where: null, order: 'c.code' },
  gram: {
    from: 'catalogue_grams g CROSS JOIN catalogue c ON c.code = g.code',
    where: 'g.gram = @text',
    order: 'g.code',
  },
  text: {
    from: 'catalogue_text t CROSS JOIN catalogue c ON c.rowid = t.rowid',
    where: 'catalogue_text MATCH @text',
    order: 't.rowid',
  },
};

function catalogueStatements(source: CatalogueSource) {
  const { from, where: own, order } = CATALOGUE_SOURCES[source];
  return filteredStatements(CATALOGUE_FILTERS, (db, where) => {
    const conditions = [where.replace(/^WHERE /, ''), own].filter(Boolean);
    return db.prepare<Record<string, unknown>, CatalogueRow>(
      `SELECT ${CATALOGUE_COLUMNS} FROM ${from} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    );
  });
}

const catalogueQueries = {
  index: catalogueStatements('index'),
  gram: catalogueStatements('gram'),
  text: catalogueStatements('text'),
};

const statements = preparedFor((db) => ({
  regions: db.prepare<[], { code: string; name: string; province: string }>(
    'SELECT code, name, province FROM regions ORDER BY code',
  ),
  region: db.prepare<[string], string>('SELECT code FROM regions WHERE code = ?').pluck(),
  institutionsByCode: db.prepare<[string], InstitutionRow>(
    `SELECT ${INSTITUTION_COLUMNS} FROM institutions i JOIN regions r ON r.code = i.region_code
     WHERE i.code IN (SELECT value FROM json_each(?))`,
  ),
}));

/**
 * A search text as the indexes hold it (lower case), and which one answers it: the n-gram
 * table for one or two characters, the trigram index (as one quoted phrase) for more.
 */
export function textQuery(text: string | undefined): { source: 'gram' | 'text'; text: string } | null {
  const folded = text?.trim().toLowerCase();
  if (!folded) return null;
  if ([...folded].length <= 2) return { source: 'gram', text: folded };
  return { source: 'text', text: `"${folded.replace(/"/g, '""')}"` };
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
  code?: string;
  regionCode?: string;
  kind?: keyof typeof KIND_NAMES;
  name?: string;
  supportsEc?: boolean;
  near?: { lat: number; lng: number };
  page: number;
  pageSize: number;
}

const EARTH_METRES = 20_100_000; // more than half the circumference: every place is nearer
const METRES_PER_DEGREE = 111_320;

/**
 * Nearest first without reading every place: the R-tree gives the places inside a box around
 * the point; those within the box's inscribed circle are certainly nearer than anything
 * outside it, so the box grows (×4) until that circle holds the page, or the whole earth.
 */
function nearestCodes(
  ctx: Ctx,
  filters: Parameters<(typeof institutionQueries)['box']>[1],
  near: { lat: number; lng: number },
  need: number,
): { code: string; distanceM: number }[] {
  const { statements: queries, params } = institutionQueries.box(ctx.db, filters);
  for (let radius = 3_000; ; radius *= 4) {
    const whole = radius >= EARTH_METRES;
    const dLat = radius / METRES_PER_DEGREE;
    const dLng = radius / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((near.lat * Math.PI) / 180)));
    const box = whole
      ? { latLo: -90, latHi: 90, lngLo: -180, lngHi: 180 }
      : { latLo: near.lat - dLat, latHi: near.lat + dLat, lngLo: near.lng - dLng, lngHi: near.lng + dLng };
    const inside = queries.places
      .all({ ...params, ...box })
      .map((place) => ({ code: place.code, distanceM: distanceMetres(near, place) }))
      .filter((place) => whole || place.distanceM <= radius);
    if (whole || inside.length >= need) {
      return inside.sort((a, b) => a.distanceM - b.distanceM || a.code.localeCompare(b.code));
    }
  }
}

export function searchInstitutions(ctx: Ctx, query: InstitutionQuery) {
  if (query.regionCode) requireRegion(ctx, query.regionCode);
  const filters = {
    code: query.code,
    regionCode: query.regionCode,
    kind: query.kind,
    supportsEc: query.supportsEc === undefined ? undefined : query.supportsEc ? 1 : 0,
  };
  const text = textQuery(query.name);
  const offset = (query.page - 1) * query.pageSize;
  // One row past the page says whether there is another.
  const limit = query.pageSize + 1;
  let rows: InstitutionRow[];
  const near = query.near;
  if (near) {
    let ordered: { code: string; distanceM: number }[];
    if (text) {
      // The name's matches only (however many the region has), each measured.
      const { statements: queries, params } = institutionQueries[text.source](ctx.db, filters);
      ordered = queries.places
        .all({ ...params, text: text.text })
        .map((place) => ({ code: place.code, distanceM: distanceMetres(near, place) }))
        .sort((a, b) => a.distanceM - b.distanceM || a.code.localeCompare(b.code));
    } else {
      ordered = nearestCodes(ctx, filters, near, offset + limit);
    }
    const page = ordered.slice(offset, offset + limit).map((place) => place.code);
    const byCode = new Map(
      statements(ctx.db)
        .institutionsByCode.all(JSON.stringify(page))
        .map((row) => [row.code, row]),
    );
    rows = page.map((code) => byCode.get(code)!);
  } else {
    const { statements: queries, params } = institutionQueries[text?.source ?? 'index'](ctx.db, filters);
    rows = queries.page.all({ ...params, ...(text ? { text: text.text } : {}), limit, offset });
  }
  const hasMore = rows.length > query.pageSize;
  const institutions = rows.slice(0, query.pageSize).map((row) => ({
    ...row,
    kindName: KIND_NAMES[row.kind],
    supportsEc: row.supportsEc === 1,
    distanceM: near ? distanceMetres(near, row) : null,
  }));
  return { page: query.page, pageSize: query.pageSize, count: institutions.length, hasMore, institutions };
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
  const text = textQuery(query.keyword);
  const { statements: page, params } = catalogueQueries[text?.source ?? 'index'](ctx.db, {
    code: query.code,
    chrgitmLv: query.class,
    category: query.category,
    onDate: query.includeRetired ? undefined : (query.onDate ?? shanghaiDate(ctx.now())),
  });
  const rows = page.all({
    ...params,
    ...(text ? { text: text.text } : {}),
    limit: query.pageSize + 1,
    offset: (query.page - 1) * query.pageSize,
  });
  const items = rows.slice(0, query.pageSize).map(({ chrgitmLv, limitedUse, ...row }) => ({
    ...row,
    class: chrgitmLv,
    className: CLASS_NAMES[chrgitmLv],
    limitedUse: limitedUse === 1,
  }));
  return {
    page: query.page,
    pageSize: query.pageSize,
    count: items.length,
    hasMore: rows.length > query.pageSize,
    items,
  };
}
