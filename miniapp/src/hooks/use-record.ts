// One settlement for its own page, by id: at once from what the records list already showed
// (services/settlements.ts), then as the BFF has it now (a reversal or refund since), or the
// refusal when there is no such record of this person.
import type { SettlementRecord } from '@ybm/shared';
import { useCallback, useEffect, useRef, useState } from 'react';

import { call, toApiError, type ApiError } from '../services/api';
import { rememberedRecord, rememberRecords } from '../services/settlements';

export type RecordLoad =
  | { status: 'loading' }
  | { status: 'ready'; record: SettlementRecord; fresh: boolean }
  | { status: 'failed'; error: ApiError };

export function useRecord(recordId: string, member?: string): RecordLoad & { reload: () => void } {
  const [state, setState] = useState<RecordLoad>(() => {
    const known = recordId ? rememberedRecord(recordId) : undefined;
    return known ? { status: 'ready', record: known, fresh: false } : { status: 'loading' };
  });
  const mounted = useRef(true);

  const load = useCallback(() => {
    if (!recordId) {
      setState({ status: 'failed', error: toApiError(undefined, 'RECORD_NOT_FOUND') });
      return;
    }
    call('record', { params: { recordId }, query: { member } }).then(
      (record) => {
        rememberRecords([record]);
        if (mounted.current) setState({ status: 'ready', record, fresh: true });
      },
      (error: unknown) => {
        if (!mounted.current) return;
        const apiError = toApiError(error);
        // A record already on screen stays there unless the BFF says there is no such record.
        setState((previous) =>
          previous.status === 'ready' && apiError.code !== 'RECORD_NOT_FOUND'
            ? previous
            : { status: 'failed', error: apiError },
        );
      },
    );
  }, [recordId, member]);

  useEffect(() => {
    mounted.current = true;
    load();
    return () => {
      mounted.current = false;
    };
  }, [load]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    load();
  }, [load]);
  return { ...state, reload };
}
