// The bill a pay page shows, by id: loaded on opening, replaced by each payment answer, and
// looked at again every few seconds while a payment is in flight ('paying'), until the BFF
// (or its 6301 reconciliation) says how it ended. Opening a bill reads its notice, and paying
// changes what the notice says: either way the other pages hear the inbox changed.
import type { Bill } from '@ybm/shared';
import { useCallback, useEffect, useRef, useState } from 'react';

import { call, toApiError, type ApiError } from '../services/api';
import { inboxChanged } from '../services/inbox-events';

export type BillLoad =
  { status: 'loading' } | { status: 'ready'; bill: Bill } | { status: 'failed'; error: ApiError };

export const PAYING_RECHECK_MS = 2_000;
/** About a minute of rechecks; after that the page offers 刷新. */
export const PAYING_RECHECKS = 30;

export function useBill(billId: string): BillLoad & {
  reload: () => void;
  update: (bill: Bill) => void;
  /** Rechecks stopped while the bill is still 'paying'. */
  stalled: boolean;
} {
  const [state, setState] = useState<BillLoad>({ status: 'loading' });
  const [rechecks, setRechecks] = useState(0);
  const mounted = useRef(true);

  const fetchBill = useCallback(() => {
    if (!billId) {
      setState({ status: 'failed', error: toApiError(undefined, 'BILL_NOT_FOUND') });
      return;
    }
    call('bill', { params: { billId } }).then(
      (bill) => {
        inboxChanged();
        if (mounted.current) setState({ status: 'ready', bill });
      },
      (error: unknown) => {
        if (!mounted.current) return;
        // A failed recheck keeps the bill on screen; only the first load shows the error.
        setState((previous) =>
          previous.status === 'ready' ? { ...previous } : { status: 'failed', error: toApiError(error) },
        );
      },
    );
  }, [billId]);

  useEffect(() => {
    mounted.current = true;
    fetchBill();
    return () => {
      mounted.current = false;
    };
  }, [fetchBill]);

  const paying = state.status === 'ready' && state.bill.status === 'paying';
  useEffect(() => {
    if (!paying || rechecks >= PAYING_RECHECKS) return undefined;
    const timer = setTimeout(() => {
      setRechecks((n) => n + 1);
      fetchBill();
    }, PAYING_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [paying, rechecks, state, fetchBill]);

  const reload = useCallback(() => {
    setRechecks(0);
    fetchBill();
  }, [fetchBill]);
  const update = useCallback((bill: Bill) => {
    setRechecks(0);
    setState({ status: 'ready', bill });
    inboxChanged();
  }, []);

  return { ...state, reload, update, stalled: paying && rechecks >= PAYING_RECHECKS };
}
