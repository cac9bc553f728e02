// The person's messages (消息中心), newest first, a page at a time (加载更多 asks for the ones
// before the last seen); reloaded when the page shows again, so a bill paid meanwhile or a new
// notice appears. Marking a message read shows at once; the BFF is told in the background.
import { useDidShow } from '@tarojs/taro';
import type { InboxMessage } from '@ybm/shared';
import { useCallback, useRef, useState } from 'react';

import { call } from '../services/api';
import { INBOX_PAGE_SIZE } from '../services/inbox';
import { usePagedList } from './use-paged-list';

export function useInbox() {
  const [unread, setUnread] = useState(0);
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
      setUnread((count) => Math.max(0, count - 1));
      updateItems((messages) => messages.map((m) => (m.id === message.id ? { ...m, read: true } : m)));
      // Best effort: an unread dot that comes back on the next visit is the worst case.
      call('readInbox', { params: { id: String(message.id) } }).catch(() => undefined);
    },
    [updateItems],
  );

  return { messages: items, unread, ...list, markRead };
}
