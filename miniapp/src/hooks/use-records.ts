// The person's settlements (消费记录), newest first, a page at a time; each page is kept for
// the record's own page (services/settlements.ts).
import type { SettlementRecord } from '@ybm/shared';

import { call } from '../services/api';
import { rememberRecords, RECORDS_PAGE_SIZE } from '../services/settlements';
import { usePagedList } from './use-paged-list';

export function useRecords() {
  const { items, ...list } = usePagedList<SettlementRecord, string>(async (before) => {
    const page = await call('records', { query: { before, limit: RECORDS_PAGE_SIZE } });
    rememberRecords(page.records);
    return { items: page.records, nextBefore: page.nextBefore };
  });
  return { records: items, ...list };
}
