// The person's messages (消息中心), newest first, a page at a time (加载更多 asks for the ones
// before the last seen); reloaded when the page shows again, so a bill paid meanwhile or a new
// notice appears (a bill's notice is worded from the bill's state by the BFF). Marking a
// message read shows at once; the BFF is told in the background. Every change of the unread
// count is told to the other pages (the home badge).
import { useDidShow } from '@tarojs/taro';
import type { InboxMessage } from '@ybm/shared';
import { useCallback, useRef, useState } from 'react';

import { call } from '../services/api';
import { INBOX_PAGE_SIZE } from '../services/inbox';
import { inboxChanged } from '../services/inbox-events';
import { usePagedList } from './use-paged-list';

export function useInbox() {
  const [unread, setUnreadState] = useState(0);
  const unreadNow = useRef(0);
  const setUnread = useCallback((count: number) => {
    unreadNow.current = count;
    setUnreadState(count);
    inboxChanged(count);
  }, []);
  const shownBefore = useRef(false);
  const { items, updateItems, load, ...list } = usePagedList<InboxMessage, number>(async (before) => {
    const page = await call('inbox', { query: { before, limit: INBOX_PAGE_SIZE } });
    setUnread(page.unread);
    return { items: page.messages, nextBefore: page.nextBefore };
  });

  // Coming back (from a bill or 消费记录): the first page again.
  useDidShow(() => {
    if (shownBefore.current) load();
    shownBefore.current = true;
  });

  const markRead = useCallback(
    (message: InboxMessage) => {
      if (message.read) return;
      setUnread(Math.max(0, unreadNow.current - 1));
      updateItems((messages) => messages.map((m) => (m.id === message.id ? { ...m, read: true } : m)));
      // Best effort: an unread dot that comes back on the next visit is the worst case. Once
      // the BFF has it, the badge asks again (it may have changed in the meantime).
      call('readInbox', { params: { id: String(message.id) } }).then(
        () => inboxChanged(),
        () => undefined,
      );
    },
    [updateItems, setUnread],
  );

  return { messages: items, unread, ...list, markRead };
}
