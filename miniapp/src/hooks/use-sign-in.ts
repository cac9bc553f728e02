// Signing in from a tap, where a page found nobody signed in. WeChat and Alipay sign in at
// once (Taro.login / my.getAuthCode → a session); H5 opens the dev login page, which comes
// back here once a persona is chosen, and the page is told when it shows again.
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';

import { showApiError } from '../services/api';
import { DEV_LOGIN_PAGE } from '../services/claim';
import { clearSession, hasSession, renewSession } from '../services/session';

const onMiniProgram = () => process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay';

export function useSignIn(onSignedIn: () => void) {
  const [busy, setBusy] = useState(false);
  const awaitingDevLogin = useRef(false);
  const latest = useRef(onSignedIn);
  latest.current = onSignedIn;

  useDidShow(() => {
    if (!awaitingDevLogin.current || !hasSession()) return;
    awaitingDevLogin.current = false;
    latest.current();
  });

  const signIn = useCallback(async () => {
    if (!onMiniProgram()) {
      awaitingDevLogin.current = true;
      await Taro.navigateTo({ url: `${DEV_LOGIN_PAGE}?next=back` });
      return;
    }
    setBusy(true);
    try {
      clearSession();
      await renewSession();
      latest.current();
    } catch (error) {
      showApiError(error);
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, signIn };
}
