// The home page's unread badge: how many inbox messages are unread, asked each time the page
// shows while there is an activated voucher (the inbox needs one). Failures only hide the badge.
import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

import { call } from '../services/api';

export function useUnreadCount(enabled: boolean): number {
  const [unread, setUnread] = useState(0);
  const active = useRef(enabled);
  active.current = enabled;

  const refresh = useCallback(() => {
    if (!active.current) return;
    // One message is enough: the answer carries the unread count.
    call('inbox', { query: { limit: 1 } }).then(
      (page) => active.current && setUnread(page.unread),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    if (enabled) refresh();
    else setUnread(0);
  }, [enabled, refresh]);
  useDidShow(refresh);
  return unread;
}
