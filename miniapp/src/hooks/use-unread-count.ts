// The home page's unread badge: how many inbox messages are unread, asked each time the page
// shows while there is an activated voucher (the inbox needs one), and kept in step with what
// the other pages do meanwhile (reading a notice, opening or paying a bill: inbox-events.ts),
// so the badge changes without a reload. Failures only hide the badge.
import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

import { call } from '../services/api';
import { onInboxChanged } from '../services/inbox-events';

export function useUnreadCount(enabled: boolean): number {
  const [unread, setUnread] = useState(0);
  const active = useRef(enabled);
  active.current = enabled;
  /** Answers to older requests must not overwrite a newer one's. */
  const asked = useRef(0);

  const refresh = useCallback(() => {
    if (!active.current) return;
    const request = ++asked.current;
    // One message is enough: the answer carries the unread count.
    call('inbox', { query: { limit: 1 } }).then(
      (page) => active.current && request === asked.current && setUnread(page.unread),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    if (enabled) refresh();
    else setUnread(0);
  }, [enabled, refresh]);
  useDidShow(refresh);
  useEffect(
    () =>
      onInboxChanged((count) => {
        if (!active.current) return;
        if (count === undefined) {
          refresh();
          return;
        }
        asked.current += 1; // a count told is newer than any answer on its way
        setUnread(count);
      }),
    [refresh],
  );
  return unread;
}
