// Directory search on a province's worth of data (domain/directory.ts): every search form reads
// only what it matches — the query plans show no scan of the institutions' or the catalogue's
// rows (a region's included), one- and two-character queries go to the n-gram table, longer
// ones to the trigram index, nearest-first to the R-tree — and the answers are right: nearest
// first equals measuring every place, n-gram and trigram matches equal a plain substring test,
// pinyin initials find their names.
import {
  searchCatalogue,
  searchInstitutions,
  distanceMetres,
} from '../../bff/sandbox/insurance/domain/directory';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { seedDemoData } from '../../bff/sandbox/insurance/seed';
import { growCatalogue, growInstitutions } from '../../bff/sandbox/insurance/seed/grown';
import { openDatabase, type Db } from '../../bff/sandbox/lib/sqlite';

interface Captured {
  sql: string;
  params: unknown[];
}

/** The database with every statement's SQL and parameters recorded as it runs. */
function recording(db: Db): { db: Db; runs: Captured[] } {
  const runs: Captured[] = [];
  const wrap = (statement: object, sql: string): object =>
    new Proxy(statement, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (key === 'all' || key === 'get' || key === 'iterate') {
          return (...params: unknown[]) => {
            runs.push({ sql, params });
            return (value as (...args: unknown[]) => unknown).apply(target, params);
          };
        }
        if (key === 'pluck' || key === 'raw' || key === 'expand') {
          return (...args: unknown[]) =>
            wrap((value as (...a: unknown[]) => object).apply(target, args), sql);
        }
        return (value as (...args: unknown[]) => unknown).bind(target);
      },
    });
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, runs };
}

let db: Db;
const NOW = Date.parse('2026-06-01T02:00:00Z');

beforeAll(() => {
  db = openDatabase(':memory:', MIGRATIONS);
  seedDemoData({ db, now: () => NOW });
  growInstitutions(db, 10_000);
  growCatalogue(db, 30_000);
  db.exec('ANALYZE');
}, 60_000);
afterAll(() => db.close());

/** The plan of each statement a search ran, as EXPLAIN QUERY PLAN details. */
function plansOf(search: (ctx: { db: Db; now: () => number }) => unknown): string[][] {
  const { db: recorded, runs } = recording(db);
  search({ db: recorded, now: () => NOW });
  expect(runs.length).toBeGreaterThan(0);
  return runs.map((run) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${run.sql}`).all(...(run.params as [])) as { detail: string }[]).map(
      (row) => row.detail,
    ),
  );
}

/**
 * A line reading every row (or every index entry) of a table rather than searching it: a table
 * scan, or a virtual table (the trigram index, the R-tree) asked with no constraint (an empty
 * index string after the number; a constrained one names its MATCH or its box).
 */
const FULL_SCAN = /^SCAN (i|c|institutions|catalogue)\b|^SCAN (?!json_each)\w+ VIRTUAL TABLE INDEX \d+:$/;

describe('institution search reads no region’s rows', () => {
  const forms: Record<string, Parameters<typeof searchInstitutions>[1]> = {
    'a region': { regionCode: '231200', page: 3, pageSize: 20 },
    'a region, 医保码 only': { regionCode: '231200', supportsEc: true, page: 1, pageSize: 20 },
    'a region and a kind': { regionCode: '610100', kind: 'pharmacy', page: 1, pageSize: 20 },
    'a region, a kind, 医保码 only': {
      regionCode: '610100',
      kind: 'pharmacy',
      supportsEc: true,
      page: 1,
      pageSize: 20,
    },
    'a name of one character': { regionCode: '231200', name: '药', page: 1, pageSize: 20 },
    'a name of two characters': { regionCode: '231200', name: '仁和', page: 1, pageSize: 20 },
    'a longer name': { regionCode: '231200', name: '大药房', page: 1, pageSize: 20 },
    'nearest first in a region, 医保码 pharmacies': {
      regionCode: '231200',
      kind: 'pharmacy',
      supportsEc: true,
      near: { lat: 46.64, lng: 126.98 },
      page: 1,
      pageSize: 20,
    },
    'one institution': { code: '231200P00001', page: 1, pageSize: 1 },
  };
  it.each(Object.entries(forms))('%s', (_name, query) => {
    const plans = plansOf((ctx) => searchInstitutions(ctx, query));
    if (process.env.SHOW_PLANS) console.log(_name, plans);
    for (const plan of plans) {
      expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
      // The page's order comes from the index itself, unless the candidates are a name's matches.
      if (!query.name && !query.near) expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    }
    // With a name or a point, the candidates come first from their own index: the n-gram
    // table, the trigram index or the R-tree (with the box as its constraint), never the region.
    if (query.name || query.near) {
      const search = plans.find((plan) => plan.some((line) => / (g|t|p) /.test(line)))!;
      const outer = search.find((line) => !/ (r|regions) /.test(line))!;
      expect(outer).toMatch(
        /^(SEARCH g USING PRIMARY KEY \(gram=\?\)|SCAN t VIRTUAL TABLE INDEX \d+:M|SCAN p VIRTUAL TABLE INDEX \d+:[A-Z])/,
      );
    }
  });

  it('puts the nearest first, exactly as measuring every place would', () => {
    const near = { lat: 34.25, lng: 108.95 };
    const found = searchInstitutions(
      { db, now: () => NOW },
      { regionCode: '610100', supportsEc: true, near, page: 2, pageSize: 10 },
    );
    const all = (
      db
        .prepare('SELECT code, lat, lng FROM institutions WHERE region_code = ? AND supports_ec = 1')
        .all('610100') as { code: string; lat: number; lng: number }[]
    )
      .map((place) => ({ code: place.code, distanceM: distanceMetres(near, place) }))
      .sort((a, b) => a.distanceM - b.distanceM || a.code.localeCompare(b.code));
    expect(found.institutions.map((i) => i.code)).toEqual(all.slice(10, 20).map((place) => place.code));
    expect(found.hasMore).toBe(true);
  });

  it('finds by name exactly what a substring test finds, for one, two and more characters', () => {
    for (const name of ['康', '益民', '第13分店', '第778']) {
      const found = searchInstitutions(
        { db, now: () => NOW },
        { regionCode: '330100', name, page: 1, pageSize: 50 },
      );
      const expected = db
        .prepare(
          `SELECT code FROM institutions WHERE region_code = '330100' AND instr(name, ?) > 0
           ORDER BY kind_rank, code`,
        )
        .pluck()
        .all(name) as string[];
      expect(expected.length).toBeGreaterThan(0);
      expect(found.institutions.map((i) => i.code)).toEqual(expected.slice(0, 50));
      expect(found.hasMore).toBe(expected.length > 50);
    }
  });
});

describe('catalogue search reads no catalogue rows but its matches', () => {
  const forms: Record<string, Parameters<typeof searchCatalogue>[1]> = {
    'one character': { keyword: '林', page: 1, pageSize: 20 },
    'two characters': { keyword: '胶囊', page: 2, pageSize: 20 },
    'a longer name': { keyword: '阿莫西林', page: 1, pageSize: 20 },
    'pinyin initials': { keyword: 'amxl', page: 1, pageSize: 20 },
    'two pinyin initials': { keyword: 'am', page: 1, pageSize: 20 },
    'a code': { code: 'GC00012345', page: 1, pageSize: 20 },
  };
  it.each(Object.entries(forms))('%s', (_name, query) => {
    const plans = plansOf((ctx) => searchCatalogue(ctx, query));
    if (process.env.SHOW_PLANS) console.log(_name, plans);
    for (const plan of plans) {
      expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('finds a name by its pinyin initials, and by two of its characters', () => {
    const ctx = { db, now: () => NOW };
    const byInitials = searchCatalogue(ctx, { keyword: 'amxljn', page: 1, pageSize: 50 });
    expect(byInitials.items.length).toBeGreaterThan(0);
    expect(byInitials.items.every((item) => item.name.startsWith('阿莫西林胶囊'))).toBe(true);
    const byTwo = searchCatalogue(ctx, { keyword: '西林', page: 1, pageSize: 50 });
    expect(byTwo.items.every((item) => item.name.includes('西林'))).toBe(true);
    expect(byTwo.hasMore).toBe(true);
    const byCode = searchCatalogue(ctx, { keyword: 'gc0001234', page: 1, pageSize: 50 });
    expect(byCode.items.map((item) => item.code)).toEqual(
      Array.from({ length: 10 }, (_, i) => `GC0001234${i}`),
    );
  });
});
