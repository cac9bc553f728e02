// One thing loaded from the BFF for a page (the account, the family): loading, ready or
// failed, loaded again when the page shows again (a member added or removed elsewhere).
import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

import { toApiError, type ApiError } from '../services/api';

export type Load<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'failed'; error: ApiError };

export function useLoad<T>(load: () => Promise<T>): Load<T> & { reload: () => void } {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const mounted = useRef(true);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetch = useCallback(() => {
    loadRef.current().then(
      (data) => mounted.current && setState({ status: 'ready', data }),
      (error: unknown) => mounted.current && setState({ status: 'failed', error: toApiError(error) }),
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    fetch();
    return () => {
      mounted.current = false;
    };
  }, [fetch]);
  // Shown again (back from adding a member): what is on screen is refreshed in place.
  const shownOnce = useRef(false);
  useDidShow(() => {
    if (shownOnce.current) fetch();
    shownOnce.current = true;
  });

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    fetch();
  }, [fetch]);
  return { ...state, reload };
}
