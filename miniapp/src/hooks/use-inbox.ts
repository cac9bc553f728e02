// The person's messages (消息中心), newest first, a page at a time (加载更多 asks for the ones
// before the last seen); reloaded when the page shows again, so a bill paid meanwhile or a new
// notice appears. Marking a message read shows at once; the BFF is told in the background.
import { useDidShow } from '@tarojs/taro';
import type { InboxMessage } from '@ybm/shared';
import { useCallback, useEffect, useRef, useState } from 'react';

import { call, toApiError, type ApiError } from '../services/api';
import { INBOX_PAGE_SIZE } from '../services/inbox';

export interface InboxState {
  messages: InboxMessage[];
  unread: number;
  nextBefore?: number;
  /** The first page has arrived (an empty list means no messages at all). */
  loaded: boolean;
  loading: boolean;
  error?: ApiError;
}

export function useInbox(): InboxState & {
  loadMore: () => void;
  reload: () => void;
  markRead: (message: InboxMessage) => void;
} {
  const [state, setState] = useState<InboxState>({ messages: [], unread: 0, loaded: false, loading: true });
  const inFlight = useRef(false);
  const mounted = useRef(true);
  const shownBefore = useRef(false);

  const load = useCallback((before?: number) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    call('inbox', { query: { before, limit: INBOX_PAGE_SIZE } }).then(
      (page) => {
        inFlight.current = false;
        if (!mounted.current) return;
        setState((previous) => ({
          messages: before ? [...previous.messages, ...page.messages] : page.messages,
          unread: page.unread,
          nextBefore: page.nextBefore,
          loaded: true,
          loading: false,
        }));
      },
      (error: unknown) => {
        inFlight.current = false;
        if (!mounted.current) return;
        setState((previous) => ({ ...previous, loading: false, error: toApiError(error) }));
      },
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    load();
    return () => {
      mounted.current = false;
    };
  }, [load]);

  // Coming back (from a bill or 消费记录): the first page again.
  useDidShow(() => {
    if (shownBefore.current) load();
    shownBefore.current = true;
  });

  const { nextBefore } = state;
  const loadMore = useCallback(() => {
    if (nextBefore) load(nextBefore);
  }, [load, nextBefore]);
  const reload = useCallback(() => load(), [load]);

  const markRead = useCallback((message: InboxMessage) => {
    if (message.read) return;
    setState((previous) => ({
      ...previous,
      unread: Math.max(0, previous.unread - 1),
      messages: previous.messages.map((m) => (m.id === message.id ? { ...m, read: true } : m)),
    }));
    // Best effort: an unread dot that comes back on the next visit is the worst case.
    call('readInbox', { params: { id: String(message.id) } }).catch(() => undefined);
  }, []);

  return { ...state, loadMore, reload, markRead };
}
