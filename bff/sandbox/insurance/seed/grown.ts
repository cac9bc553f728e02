// Directory data of a province's size, for the benchmark and the query-plan tests: thousands of
// institutions spread around each seeded region's centre, and a catalogue of tens of thousands
// of items (the demo's names from many manufacturers and in many packs, as the national list
// has them), each with its pinyin initials computed here, at seed time, like the demo's. Rows
// go in through the same triggers as the demo's, so the search indexes hold them too.
import type { Db } from '../../lib/sqlite';
import { CATALOGUE_SEEDS } from './catalogue';
import { initialsOf } from './initials';
import { INSTITUTIONS } from './institutions';

const BRANDS = ['仁和', '康宁', '益民', '同济', '百姓', '国大', '万家', '济生', '惠康', '寿春'];
const KINDS = [
  { kind: 'pharmacy', suffix: '大药房', level: null },
  { kind: 'pharmacy', suffix: '药店', level: null },
  { kind: 'clinic', suffix: '诊所', level: '一级' },
  { kind: 'clinic', suffix: '社区卫生服务中心', level: '一级' },
  { kind: 'hospital', suffix: '医院', level: '二级甲等' },
] as const;
const MAKERS = [
  '华北制药',
  '石药集团',
  '扬子江药业',
  '齐鲁制药',
  '白云山',
  '修正药业',
  '哈药集团',
  '云南白药',
];

/** Where each seeded region's institutions are (the mean of the demo's), to spread new ones around. */
function centres(): Map<string, { lat: number; lng: number }> {
  const sums = new Map<string, { lat: number; lng: number; n: number }>();
  for (const institution of INSTITUTIONS) {
    const sum = sums.get(institution.regionCode) ?? { lat: 0, lng: 0, n: 0 };
    sums.set(institution.regionCode, {
      lat: sum.lat + institution.lat,
      lng: sum.lng + institution.lng,
      n: sum.n + 1,
    });
  }
  return new Map([...sums].map(([code, sum]) => [code, { lat: sum.lat / sum.n, lng: sum.lng / sum.n }]));
}

/** A repeatable spread in [-1, 1) from an index (no randomness: the same data every run). */
const spread = (i: number, salt: number) =>
  (Math.imul(i + 1, 2_654_435_761 + salt * 40_503) >>> 0) / 2 ** 31 - 1;

/** `count` institutions, codes G + region + serial, within about 30 km of their region's centre. */
export function growInstitutions(db: Db, count: number, from = 0): string[] {
  const regions = db.prepare('SELECT code, name FROM regions ORDER BY code').all() as {
    code: string;
    name: string;
  }[];
  const where = centres();
  const insert = db.prepare(
    `INSERT INTO institutions (code, name, kind, level, region_code, address, lat, lng, phone, supports_ec)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
  );
  const codes: string[] = [];
  db.transaction(() => {
    for (let i = from; i < from + count; i += 1) {
      const region = regions[i % regions.length]!;
      const { kind, suffix, level } = KINDS[i % KINDS.length]!;
      const centre = where.get(region.code) ?? { lat: 35, lng: 110 };
      const code = `G${region.code}${String(i).padStart(5, '0')}`;
      const brand = BRANDS[Math.floor(i / KINDS.length) % BRANDS.length]!;
      insert.run(
        code,
        `${region.name}${brand}${suffix}第${i}分店`,
        kind,
        level,
        region.code,
        `${region.name}某路${i}号`,
        centre.lat + 0.27 * spread(i, 1),
        centre.lng + 0.35 * spread(i, 2),
        null,
        i % 3 === 0 ? 0 : 1,
      );
      codes.push(code);
    }
  })();
  return codes;
}

/** `count` catalogue items, codes GC + serial: the demo's items again from other makers and packs. */
export function growCatalogue(db: Db, count: number): void {
  const insert = db.prepare(
    `INSERT INTO catalogue (code, name, category, chrgitm_lv, selfpay_prop_bp, price_limit_fen, spec, unit,
       begin_date, end_date, med_chrgitm_type, lmt_used_flag, lmt_used_desc, initials, ref_price_fen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 0, NULL, ?, ?) ON CONFLICT (code) DO NOTHING`,
  );
  const live = CATALOGUE_SEEDS.filter((item) => item.endDate === null);
  const initials = new Map<string, string>();
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const base = live[i % live.length]!;
      const maker = MAKERS[Math.floor(i / live.length) % MAKERS.length]!;
      const name = base.category === 'drug' ? `${base.name}（${maker}）` : base.name;
      let ofName = initials.get(name);
      if (ofName === undefined) initials.set(name, (ofName = initialsOf(name)));
      insert.run(
        `GC${String(i).padStart(8, '0')}`,
        name,
        base.category,
        base.chrgitmLv,
        base.selfpayPropBp,
        base.priceLimitFen,
        `${base.spec ?? ''}（批次${Math.floor(i / (live.length * MAKERS.length)) + 1}）`,
        base.unit,
        base.beginDate,
        base.medChrgitmType,
        ofName,
        base.priceFen,
      );
    }
  })();
}
