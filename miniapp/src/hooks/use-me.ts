// Who is signed in and whether their voucher is claimed (GET /api/v1/me), refreshed each
// time the page shows (a refresh that fails keeps what was known). WeChat and Alipay sign in
// silently; H5 is signed out until the dev login has been used.
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { Me } from '@ybm/shared';

import { call, toApiError, type ApiError } from '../services/api';
import { canSignInSilently, hasSession } from '../services/session';
import { adoptAccountLargeText } from '../services/large-text';

export type MeState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'ready'; me: Me }
  | { status: 'failed'; error: ApiError };

export function useMe(): MeState & { reload: () => void } {
  const [state, setState] = useState<MeState>({ status: 'loading' });

  const reload = useCallback(() => {
    if (!hasSession() && !canSignInSilently()) {
      setState({ status: 'signed-out' });
      return;
    }
    call('me').then(
      (me) => {
        // 大字模式 follows the person from phone to phone.
        if (me.preferences) adoptAccountLargeText(me.preferences.largeText);
        setState({ status: 'ready', me });
      },
      (error: unknown) => {
        const apiError = toApiError(error);
        // Not signed in, or the platform's sign-in failed: either way the page offers 登录.
        if (apiError.code === 'UNAUTHENTICATED' || apiError.code === 'PLATFORM_LOGIN_FAILED') {
          setState({ status: 'signed-out' });
          return;
        }
        // A failed refresh (the network lost on the way back to a page) keeps what was known.
        setState((previous) =>
          previous.status === 'ready' ? previous : { status: 'failed', error: apiError },
        );
      },
    );
  }, []);

  useDidShow(reload);
  return { ...state, reload };
}

/** The activated voucher's summary, when there is one. */
export function activatedVoucher(state: MeState) {
  return state.status === 'ready' && state.me.activated ? state.me.voucher : undefined;
}
