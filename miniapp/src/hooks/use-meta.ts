// Loads GET /api/v1/meta for the home page; on failure keeps the error so the page can
// fall back to the built-in service list and say why.
import { useCallback, useEffect, useState } from 'react';
import type { Meta } from '@ybm/shared';

import { call, toApiError, type ApiError } from '../services/api';

export type MetaState =
  { status: 'loading' } | { status: 'ready'; meta: Meta } | { status: 'failed'; error: ApiError };

export function useMeta(): MetaState & { reload: () => void } {
  const [state, setState] = useState<MetaState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    call('meta').then(
      (meta) => current && setState({ status: 'ready', meta }),
      (error: unknown) => current && setState({ status: 'failed', error: toApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { ...state, reload };
}
