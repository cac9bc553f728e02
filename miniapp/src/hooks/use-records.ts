// The person's settlements (消费记录), newest first, a page at a time; each page is kept for
// the record's own page (services/settlements.ts). `asOf` is set while the list shown is the
// BFF's last good copy of the first page (the platform down).
import type { SettlementRecord } from '@ybm/shared';
import { useEffect, useRef, useState } from 'react';

import { call } from '../services/api';
import { rememberRecords, RECORDS_PAGE_SIZE, type RecordsFilter } from '../services/settlements';
import { usePagedList } from './use-paged-list';

const keyOf = (filter: RecordsFilter) => `${filter.month ?? ''}|${filter.member ?? ''}`;

/** The records under `filter` (month, family member); a new filter loads from the first page. */
export function useRecords(filter: RecordsFilter = {}) {
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const [asOf, setAsOf] = useState<string | undefined>();
  const { items, ...list } = usePagedList<SettlementRecord, string>(async (before) => {
    for (;;) {
      const used = filterRef.current;
      const { month, member } = used;
      const page = await call('records', { query: { before, limit: RECORDS_PAGE_SIZE, month, member } });
      // The filter changed while this first page was on its way: that page is of another list.
      if (before === undefined && keyOf(used) !== keyOf(filterRef.current)) continue;
      if (before === undefined) setAsOf(page.asOf);
      rememberRecords(page.records);
      return { items: page.records, nextBefore: page.nextBefore };
    }
  });
  const key = keyOf(filter);
  const firstKey = useRef(key);
  const { reload } = list;
  useEffect(() => {
    if (key !== firstKey.current) reload();
    firstKey.current = key;
  }, [key, reload]);
  return { records: items, asOf, ...list };
}
