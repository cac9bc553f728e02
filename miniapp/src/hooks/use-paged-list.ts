// A list the BFF serves newest first, a page at a time: the first page on opening, the
// next (before the last one seen) on 加载更多, one request at a time, nothing applied after
// the page is gone. Records and the inbox are both this.
import { useCallback, useEffect, useRef, useState } from 'react';

import { toApiError, type ApiError } from '../services/api';

export interface Page<T, C> {
  items: T[];
  /** Where the next page starts; none when this was the last. */
  nextBefore?: C;
}

export interface PagedListState<T, C> extends Page<T, C> {
  /** The first page has arrived (an empty list means nothing at all). */
  loaded: boolean;
  loading: boolean;
  error?: ApiError;
}

export function usePagedList<T, C>(fetchPage: (before?: C) => Promise<Page<T, C>>) {
  const [state, setState] = useState<PagedListState<T, C>>({ items: [], loaded: false, loading: true });
  const inFlight = useRef(false);
  const mounted = useRef(true);
  // The latest fetcher, without making `load` change identity on every render.
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;

  const load = useCallback((before?: C) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    fetcher.current(before).then(
      (page) => {
        inFlight.current = false;
        if (!mounted.current) return;
        setState((previous) => ({
          items: before ? [...previous.items, ...page.items] : page.items,
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
    if (nextBefore !== undefined) load(nextBefore);
  }, [load, nextBefore]);
  const reload = useCallback(() => load(), [load]);
  /** Changes items in place (e.g. a message marked read) without a round trip. */
  const updateItems = useCallback((change: (items: T[]) => T[]) => {
    setState((previous) => ({ ...previous, items: change(previous.items) }));
  }, []);
  return { ...state, load, loadMore, reload, updateItems };
}
