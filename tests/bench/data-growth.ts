// Data growth (BENCHMARKS.md): the same reads timed on the demo seed and again after the
// sandbox holds 1 M settlements, 10 k institutions and a province's catalogue (30 k items), so
// the ratio shows how their cost grows with data. The reads, each at a fixed rate through the
// BFF as the phone makes them: a person's records page (→ settlement.list), an institution
// search (→ institution.search: a region by name, nearest 医保码 pharmacies, a kind) and a
// catalogue search (→ catalogue.search: two characters, a longer name, pinyin initials). Rows go
// into the running sandbox's database from a second connection while nothing else runs; the
// directory's rows through the sandbox's own growers, whose triggers index them for search.
import Database from 'better-sqlite3';

import { growCatalogue, growInstitutions } from '../../bff/sandbox/insurance/seed/grown';
import { isOk, openLoop, type HttpClient, type OpenLoopResult } from './load';
import type { BenchPerson } from './setup';

export const GROWN = {
  settlements: 1_000_000,
  institutions: 10_000,
  catalogue: 30_000,
  persons: 10_000,
} as const;
/** Settlements of the person whose records page is timed, on both seeds. */
const OWN_HISTORY = 300;
const CHUNK = 20_000;
/** The institution searches the phone makes, in turn (near: by the demo pharmacy in 绥化). */
const INSTITUTION_SEARCHES = [
  'region=231200&q=%E5%A4%A7%E8%8D%AF%E6%88%BF&pageSize=20', // 大药房
  'region=231200&ec=1&kind=pharmacy&lat=46.6405&lng=126.9806&pageSize=20',
  'region=610100&kind=hospital&pageSize=20',
] as const;
/** Catalogue searches in turn: two characters, a longer name, pinyin initials, one character. */
const CATALOGUE_SEARCHES = ['西林', '阿莫西林', 'amxl', '胶囊', '头孢克肟', '林'].map(
  (q) => `q=${encodeURIComponent(q)}&pageSize=20`,
);

export interface ReadTimings {
  records: OpenLoopResult;
  search: OpenLoopResult;
  catalogue: OpenLoopResult;
}

export interface DataGrowth {
  demo: ReadTimings;
  grown: ReadTimings;
  seeded: { settlements: number; persons: number; institutions: number; catalogue: number; seconds: number };
}

/** Runs `insert(i)` for i in [from, to) in transactions of CHUNK rows, yielding between them. */
async function inChunks(db: Database.Database, from: number, to: number, insert: (i: number) => void) {
  const chunk = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i += 1) insert(i);
  });
  for (let start = from; start < to; start += CHUNK) {
    chunk(start, Math.min(to, start + CHUNK));
    // Let the sandbox in (its checkpointer, any write it waits to make) between chunks.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function settlementInserter(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO settlements (setl_id, mdtrt_id, psn_no, fixmedins_code, kind, status, insutype, cert_type,
       code, total_fen, fund_fen, account_fen, cash_fen, fulamt_ownpay_fen, overlmt_fen, preselfpay_fen,
       inscp_fen, deductible_fen, balance_after_fen, settled_at)
     VALUES (?, ?, ?, ?, 'pharmacy', 'settled', '310', '01', NULL, ?, ?, ?, ?, 0, 0, 0, ?, 0, NULL, ?)`,
  );
  const start = Date.parse('2023-01-01T00:00:00Z');
  return (setlId: string, psnNo: string, institution: string, i: number) => {
    const totalFen = 500 + ((i * 7919) % 50_000);
    const fundFen = Math.floor(totalFen * 0.6);
    const accountFen = Math.floor(totalFen * 0.3);
    const settledAt = new Date(start + ((i * 104_729) % (3 * 365 * 86_400)) * 1000).toISOString();
    insert.run(
      setlId,
      `MD${setlId}`,
      psnNo,
      institution,
      totalFen,
      fundFen,
      accountFen,
      totalFen - fundFen - accountFen,
      totalFen,
      settledAt,
    );
  };
}

/** The timed person's own history, on the demo seed already. */
export function seedOwnHistory(dbFile: string, person: BenchPerson): void {
  const db = new Database(dbFile);
  try {
    db.pragma('busy_timeout = 5000');
    const institution = db
      .prepare('SELECT code FROM institutions ORDER BY code LIMIT 1')
      .pluck()
      .get() as string;
    const insert = settlementInserter(db);
    db.transaction(() => {
      for (let i = 0; i < OWN_HISTORY; i += 1)
        insert(`BENCHOWN${person.psnNo}${i}`, person.psnNo, institution, i);
    })();
  } finally {
    db.close();
  }
}

/** 10 k institutions across the seeded regions, 10 k persons and 1 M settlements among them. */
export async function seedGrownData(dbFile: string): Promise<DataGrowth['seeded']> {
  const began = performance.now();
  const db = new Database(dbFile);
  try {
    db.pragma('busy_timeout = 5000');
    // Through the sandbox's growers: its search indexes (n-grams, trigrams, R-tree) take them in.
    const codes = growInstitutions(db, GROWN.institutions);
    growCatalogue(db, GROWN.catalogue);
    const person = db.prepare(
      `INSERT INTO persons (psn_no, name, gender, birth_date, nationality, phone, region_code, created_at)
       VALUES (?, ?, '2', '1980-05-05', 'CHN', NULL, '231200', '2023-01-01T00:00:00.000Z')`,
    );
    const psnNo = (i: number) => `231200${80_000_000 + i}`;
    await inChunks(db, 0, GROWN.persons, (i) => person.run(psnNo(i), `数据${i}`));
    const insert = settlementInserter(db);
    await inChunks(db, 0, GROWN.settlements, (i) =>
      insert(
        `GROWN${String(i).padStart(9, '0')}`,
        psnNo(i % GROWN.persons),
        codes[(i * 31) % codes.length]!,
        i,
      ),
    );
    // Into the database file proper before anything is timed, as data that grew over months
    // would be: not a WAL of hundreds of MB for the sandbox's checkpointer to work through.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      settlements: GROWN.settlements,
      persons: GROWN.persons,
      institutions: GROWN.institutions,
      catalogue: GROWN.catalogue,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    db.close();
  }
}

/** The records page, the institution search and the catalogue search, each at `rate`/s for `durationMs`. */
export async function timeReads(
  bff: HttpClient,
  person: BenchPerson,
  options: { rate: number; durationMs: number },
): Promise<ReadTimings> {
  const authorization = `Bearer ${person.token}`;
  const records = await openLoop({
    ...options,
    send: async () => isOk(await bff.get('/api/v1/records?limit=20', { authorization })),
  });
  let institution = 0;
  const search = await openLoop({
    ...options,
    send: async () =>
      isOk(
        await bff.get(
          `/api/v1/institutions?${INSTITUTION_SEARCHES[institution++ % INSTITUTION_SEARCHES.length]}`,
          {
            authorization,
          },
        ),
      ),
  });
  let item = 0;
  const catalogue = await openLoop({
    ...options,
    send: async () =>
      isOk(
        await bff.get(`/api/v1/catalogue?${CATALOGUE_SEARCHES[item++ % CATALOGUE_SEARCHES.length]}`, {
          authorization,
        }),
      ),
  });
  return { records, search, catalogue };
}

export interface FilteredReadTimings {
  /** The first page of one month of the reader's own records (month=YYYY-MM). */
  recordsMonth: OpenLoopResult & { month: string };
  /** The first page of the reader's family member's records (member=<memberId>). */
  recordsMember: OpenLoopResult;
}

/** The records page with the filters, on the grown data: a month, and a family member's. */
export async function timeFilteredReads(
  bff: HttpClient,
  person: BenchPerson,
  memberId: string,
  options: { rate: number; durationMs: number },
): Promise<FilteredReadTimings> {
  const authorization = `Bearer ${person.token}`;
  // The month of the first settlement settlementInserter writes (2023-01-01 08:00 Beijing time).
  const month = '2023-01';
  const recordsMonth = await openLoop({
    ...options,
    send: async () => isOk(await bff.get(`/api/v1/records?limit=20&month=${month}`, { authorization })),
  });
  const recordsMember = await openLoop({
    ...options,
    send: async () => isOk(await bff.get(`/api/v1/records?limit=20&member=${memberId}`, { authorization })),
  });
  return { recordsMonth: { ...recordsMonth, month }, recordsMember };
}
