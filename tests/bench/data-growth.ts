// Data growth (BENCHMARKS.md): the same reads timed on the demo seed and again after the
// sandbox holds 1 M settlements and 10 k institutions, so the ratio shows how their cost
// grows with data. The reads are a person's records page (phone → BFF → settlement.list)
// and an institution search by region and name (institution.search on the platform's
// channel, as the BFF calls it), each at a fixed rate. Rows go into the running sandbox's
// database from a second connection, in short transactions, while nothing else runs.
import { createEnvelopeCodec } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import Database from 'better-sqlite3';

import { DEMO_CHANNEL_IDS, demoChannel } from '../../bff/sandbox/insurance/keys';
import { createInsuranceTransport } from '../../bff/src/clients/insurance';
import { isOk, openLoop, type HttpClient, type OpenLoopResult } from './load';
import type { BenchPerson, BenchSystem } from './setup';

export const GROWN = { settlements: 1_000_000, institutions: 10_000, persons: 10_000 } as const;
/** Settlements of the person whose records page is timed, on both seeds. */
const OWN_HISTORY = 300;
const CHUNK = 20_000;
const SEARCH = { regionCode: '231200', name: '大药房', page: 1, pageSize: 20 } as const;

export interface ReadTimings {
  records: OpenLoopResult;
  search: OpenLoopResult & { total: number };
}

export interface DataGrowth {
  demo: ReadTimings;
  grown: ReadTimings;
  seeded: { settlements: number; persons: number; institutions: number; seconds: number };
}

const BRANDS = ['仁和', '康宁', '益民', '同济', '百姓', '国大', '万家', '济生', '惠康', '寿春'];
const KINDS = [
  { kind: 'pharmacy', suffix: '大药房' },
  { kind: 'pharmacy', suffix: '药店' },
  { kind: 'clinic', suffix: '诊所' },
  { kind: 'clinic', suffix: '社区卫生服务中心' },
  { kind: 'hospital', suffix: '医院' },
] as const;

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
    const regions = db.prepare('SELECT code, name FROM regions ORDER BY code').all() as {
      code: string;
      name: string;
    }[];
    const institution = db.prepare(
      `INSERT INTO institutions (code, name, kind, level, region_code, address, lat, lng, phone, supports_ec)
       VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL, ?)`,
    );
    const codes: string[] = [];
    await inChunks(db, 0, GROWN.institutions, (i) => {
      const region = regions[i % regions.length]!;
      const { kind, suffix } = KINDS[i % KINDS.length]!;
      const code = `G${region.code}${String(i).padStart(5, '0')}`;
      const name = `${region.name}${BRANDS[Math.floor(i / KINDS.length) % BRANDS.length]}${suffix}第${i}分店`;
      institution.run(
        code,
        name,
        kind,
        region.code,
        `${region.name}某路${i}号`,
        46.6 + (i % 100) / 1000,
        126.9 + (i % 77) / 1000,
        i % 3 === 0 ? 0 : 1,
      );
      codes.push(code);
    });
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
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    db.close();
  }
}

/** The records page and the institution search, each at `rate` per second for `durationMs`. */
export async function timeReads(
  system: BenchSystem,
  bff: HttpClient,
  person: BenchPerson,
  options: { rate: number; durationMs: number },
): Promise<ReadTimings> {
  const authorization = `Bearer ${person.token}`;
  const records = await openLoop({
    ...options,
    send: async () => isOk(await bff.get('/api/v1/records?limit=20', { authorization })),
  });
  const channel = demoChannel(system.keys, DEMO_CHANNEL_IDS.wechat);
  const platform = createInsuranceTransport({
    baseUrl: system.insurance.url,
    channel: { ...channel, ownKeys: channel.keys, peerPublicKey: system.keys.platform.publicKey },
    codec: createEnvelopeCodec({ primitives: nodePrimitives }),
    timeoutMs: 10_000,
  });
  let total = 0;
  const search = await openLoop({
    ...options,
    send: async () => {
      try {
        const found = (await platform.call('institution.search', { ...SEARCH })) as { total: number };
        total = found.total;
        return true;
      } catch {
        return false;
      }
    },
  });
  return { records, search: { ...search, total } };
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
