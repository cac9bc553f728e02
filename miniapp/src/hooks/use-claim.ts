// The claim a step page works on: its id from the page URL (?claimId=) and its state, from
// the flow's memory or the BFF (after a reload on H5).
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { ClaimState } from '@ybm/shared';

import { toApiError, type ApiError } from '../services/api';
import { loadClaim, rememberClaim } from '../services/claim';

export type ClaimLoad =
  { status: 'loading' } | { status: 'ready'; claim: ClaimState } | { status: 'failed'; error: ApiError };

export function useClaim(): ClaimLoad & { claimId: string; update: (claim: ClaimState) => void } {
  const { params } = useRouter();
  const claimId = params.claimId ? decodeURIComponent(params.claimId) : '';
  const [state, setState] = useState<ClaimLoad>({ status: 'loading' });

  useEffect(() => {
    if (!claimId) {
      setState({ status: 'failed', error: toApiError(undefined, 'CLAIM_NOT_FOUND') });
      return undefined;
    }
    let current = true;
    loadClaim(claimId).then(
      (claim) => current && setState({ status: 'ready', claim }),
      (error: unknown) => current && setState({ status: 'failed', error: toApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [claimId]);

  const update = (claim: ClaimState) => {
    rememberClaim(claim);
    setState({ status: 'ready', claim });
  };
  return { ...state, claimId, update };
}
