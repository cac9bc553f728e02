// 异地就医备案: a person insured in one region files to be treated in another, for a
// reason and a period. One active filing per period: a new one may not overlap another.
import { REMOTE_CARE_REASONS, type RemoteCareReason } from '@ybm/shared/protocol';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import type { SandboxContext } from '../context';
import { isoNow, newId } from '../context';
import { activeInsurance, shanghaiDate } from './people';
import { regionName, requirePerson } from './person-summary';
import { preparedFor } from './prepared';

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random'>;

interface FilingRow {
  filingId: string;
  psnNo: string;
  insuredRegion: string;
  careRegion: string;
  reason: RemoteCareReason;
  hospitalCode: string | null;
  beginDate: string;
  endDate: string | null;
  status: 'filed' | 'cancelled';
  createdAt: string;
}

const COLUMNS = `id AS filingId, psn_no AS psnNo, insured_region AS insuredRegion, care_region AS careRegion,
  reason, hospital_code AS hospitalCode, begin_date AS beginDate, end_date AS endDate, status,
  created_at AS createdAt`;

const statements = preparedFor((db) => ({
  region: db.prepare<[string], string>('SELECT code FROM regions WHERE code = ?').pluck(),
  hospital: db.prepare<[string], { regionCode: string }>(
    'SELECT region_code AS regionCode FROM institutions WHERE code = ?',
  ),
  // Periods are inclusive; an open end (NULL) runs on indefinitely.
  overlapping: db.prepare<[string, string, string], FilingRow>(
    `SELECT ${COLUMNS} FROM remote_care_filings WHERE psn_no = ? AND status = 'filed'
     AND begin_date <= ? AND (end_date IS NULL OR end_date >= ?) LIMIT 1`,
  ),
  insert: db.prepare(
    `INSERT INTO remote_care_filings (id, psn_no, insured_region, care_region, reason, hospital_code,
       begin_date, end_date, status, created_at)
     VALUES (@filingId, @psnNo, @insuredRegion, @careRegion, @reason, @hospitalCode, @beginDate, @endDate,
       'filed', @createdAt)`,
  ),
  list: db.prepare<[string], FilingRow>(
    `SELECT ${COLUMNS} FROM remote_care_filings WHERE psn_no = ? ORDER BY created_at DESC, id DESC`,
  ),
  one: db.prepare<[string, string], FilingRow>(
    `SELECT ${COLUMNS} FROM remote_care_filings WHERE id = ? AND psn_no = ?`,
  ),
  cancel: db.prepare("UPDATE remote_care_filings SET status = 'cancelled' WHERE id = ? AND status = 'filed'"),
}));

function view(ctx: Ctx, row: FilingRow) {
  const today = shanghaiDate(ctx.now());
  return {
    ...row,
    insuredRegionName: regionName(ctx, row.insuredRegion),
    careRegionName: regionName(ctx, row.careRegion),
    reasonName: REMOTE_CARE_REASONS[row.reason],
    statusName:
      row.status === 'cancelled'
        ? '已撤销'
        : row.endDate !== null && row.endDate < today
          ? '已到期'
          : '已备案',
  };
}

export interface FileRemoteCare {
  psnNo: string;
  careRegionCode: string;
  reason: RemoteCareReason;
  beginDate: string;
  endDate?: string;
  hospitalCode?: string;
}

export function fileRemoteCare(ctx: Ctx, input: FileRemoteCare) {
  const s = statements(ctx.db);
  requirePerson(ctx, input.psnNo);
  const insurance = activeInsurance(ctx, input.psnNo);
  if (!insurance) throw new PlatformRefusal('NOT_INSURED', '未查询到参保信息，无法办理异地就医备案');
  if (insurance.status !== 'active') {
    throw new PlatformRefusal('INSURANCE_SUSPENDED', '参保状态为暂停，无法办理异地就医备案');
  }
  if (!s.region.get(input.careRegionCode)) {
    throw new PlatformRefusal('REGION_NOT_FOUND', `就医地行政区划代码不存在：${input.careRegionCode}`);
  }
  if (input.careRegionCode === insurance.regionCode) {
    throw new PlatformRefusal('REMOTE_CARE_SAME_REGION', '就医地与参保地相同，无需办理异地就医备案');
  }
  const endDate = input.endDate ?? null;
  if (endDate !== null && endDate < input.beginDate) {
    throw new PlatformRefusal('REMOTE_CARE_DATES_INVALID', '备案结束日期不能早于开始日期');
  }
  if (input.hospitalCode) {
    const hospital = s.hospital.get(input.hospitalCode);
    if (!hospital || hospital.regionCode !== input.careRegionCode) {
      throw new PlatformRefusal('INSTITUTION_NOT_FOUND', '就医地没有该定点医疗机构');
    }
  }
  const row: FilingRow = {
    filingId: newId(ctx, 'RC', 8),
    psnNo: input.psnNo,
    insuredRegion: insurance.regionCode,
    careRegion: input.careRegionCode,
    reason: input.reason,
    hospitalCode: input.hospitalCode ?? null,
    beginDate: input.beginDate,
    endDate,
    status: 'filed',
    createdAt: isoNow(ctx),
  };
  inTransaction(ctx.db, () => {
    const clash = s.overlapping.get(input.psnNo, endDate ?? '9999-12-31', input.beginDate);
    if (clash) {
      throw new PlatformRefusal(
        'REMOTE_CARE_OVERLAP',
        `该时段已有异地就医备案（${clash.beginDate} 至 ${clash.endDate ?? '长期'}），请先撤销`,
      );
    }
    s.insert.run(row);
  });
  return view(ctx, row);
}

export function listRemoteCare(ctx: Ctx, psnNo: string) {
  requirePerson(ctx, psnNo);
  const filings = statements(ctx.db)
    .list.all(psnNo)
    .map((row) => view(ctx, row));
  return { count: filings.length, filings };
}

export function cancelRemoteCare(ctx: Ctx, psnNo: string, filingId: string) {
  const s = statements(ctx.db);
  const row = s.one.get(filingId, psnNo);
  if (!row) throw new PlatformRefusal('REMOTE_CARE_NOT_FOUND', '未查询到该异地就医备案');
  if (row.status === 'cancelled') {
    throw new PlatformRefusal('REMOTE_CARE_ALREADY_CANCELLED', '该异地就医备案已撤销');
  }
  s.cancel.run(filingId);
  return view(ctx, { ...row, status: 'cancelled' });
}
