// Wording for settlements on the phone: how the person was identified at the counter, the
// record's state (settled, reversed, refunded in full or in part), and times in Beijing time
// (where every counter is), whatever the phone's zone. A record's own page is opened by its
// id; the records the list has shown are kept here so that page can show one at once.
import { refundedInFull, type SettlementRecord } from '@ybm/shared';

export const RECORDS_PAGE = '/pages/records/index';
export const RECORD_DETAIL_PAGE = '/pages/records/detail/index';
export const RECORDS_PAGE_SIZE = 20;

/** With `member`: a family member's record (亲情账户), looked up among theirs. */
export function recordDetailUrl(recordId: string, member?: string): string {
  const url = `${RECORD_DETAIL_PAGE}?recordId=${encodeURIComponent(recordId)}`;
  return member ? `${url}&member=${encodeURIComponent(member)}` : url;
}

/** The filter of the records list: a month (YYYY-MM) and whose records (a memberId). */
export interface RecordsFilter {
  month?: string;
  member?: string;
}

/** The last `count` calendar months in Beijing time, newest first, as YYYY-MM. */
export function recentMonths(nowMs: number, count: number): string[] {
  const beijing = new Date(nowMs + 8 * 3_600_000);
  const months: string[] = [];
  for (let back = 0; back < count; back += 1) {
    const at = new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth() - back, 1));
    months.push(at.toISOString().slice(0, 7));
  }
  return months;
}

/** The records the list has shown in this app run, by record id (never the URL's job). */
const seen = new Map<string, SettlementRecord>();

export function rememberRecords(records: readonly SettlementRecord[]): void {
  for (const record of records) seen.set(record.recordId, record);
}

export function rememberedRecord(recordId: string): SettlementRecord | undefined {
  return seen.get(recordId);
}

/** Signing out (or in as someone else) forgets them. */
export function forgetRecords(): void {
  seen.clear();
}

export const MEDIUM_LABELS: Record<SettlementRecord['medium'], string> = {
  code: '医保码',
  id_card: '身份证',
  social_card: '社保卡',
  online: '线上',
};

export const STATUS_LABELS: Record<SettlementRecord['status'], string> = {
  settled: '已结算',
  reversed: '已撤销',
};

/** The tag a record shows: refunds say more than the reversal an insurance refund also is. */
export function recordStateLabel(record: SettlementRecord): string | undefined {
  if (record.refunds.length > 0) return refundedInFull(record, record.refunds) ? '已退款' : '部分退款';
  switch (record.status) {
    case 'settled':
      return undefined;
    case 'reversed':
      return STATUS_LABELS.reversed;
    default: {
      const unknown: never = record.status;
      return unknown;
    }
  }
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const two = (n: number) => String(n).padStart(2, '0');

/** "2026-11-22 10:05" in Beijing time; the text as given when it is not a timestamp. */
export function formatBeijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const t = new Date(ms + BEIJING_OFFSET_MS);
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

export const formatSettledAt = formatBeijingTime;
