// The person's settlements, newest first, a page at a time: the first page on opening,
// the next (before the last one seen) on 加载更多.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettlementRecord } from '@ybm/shared';

import { call, toApiError, type ApiError } from '../services/api';
import { RECORDS_PAGE_SIZE } from '../services/settlements';

export interface RecordsState {
  records: SettlementRecord[];
  /** Where the next page starts; none when this was the last. */
  nextBefore?: string;
  /** The first page has arrived (an empty list means no records at all). */
  loaded: boolean;
  loading: boolean;
  error?: ApiError;
}

export function useRecords(): RecordsState & { loadMore: () => void; reload: () => void } {
  const [state, setState] = useState<RecordsState>({ records: [], loaded: false, loading: true });
  const inFlight = useRef(false);
  const mounted = useRef(true);

  const load = useCallback((before?: string) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    call('records', { query: { before, limit: RECORDS_PAGE_SIZE } }).then(
      (page) => {
        inFlight.current = false;
        if (!mounted.current) return;
        setState((previous) => ({
          records: before ? [...previous.records, ...page.records] : page.records,
          nextBefore: page.nextBefore,
          loaded: true,
          loading: false,
        }));
      },
      (error: unknown) => {
        inFlight.current = false;
        if (!mounted.current) return;
        setState((previous) => ({ ...previous, loading: false, error: toApiError(error) }));
      },
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    load();
    return () => {
      mounted.current = false;
    };
  }, [load]);

  const { nextBefore } = state;
  const loadMore = useCallback(() => {
    if (nextBefore) load(nextBefore);
  }, [load, nextBefore]);
  const reload = useCallback(() => load(), [load]);
  return { ...state, loadMore, reload };
}
