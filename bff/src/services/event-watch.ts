// Several BFF processes on one database (node cluster, pm2 -i max): the platform's webhook
// call lands in one of them, and its notifier wakes only that process's long-polls. A phone
// whose long-poll sits in another process would see its settlement only when the poll times
// out. This watch closes the gap: every interval it asks the database who has voucher events
// newer than the last it saw, and wakes their long-polls here. It keeps its place even while
// nobody waits, so an event stored between a poll's read and its wait is still caught. In a
// single process it only repeats what the webhook did, and a second wake is harmless: a woken
// poll re-reads from its cursor. (Across machines the notifier would move to Redis pub/sub.)
import type { EventStore } from '../store/events';
import type { Notifier } from './notifier';

export interface EventWatch {
  /** Looks once; the interval calls it. */
  tick(): void;
  stop(): void;
}

export function startEventWatch(deps: {
  events: Pick<EventStore, 'newestId' | 'since'>;
  notifier: Pick<Notifier, 'notify'>;
  /** 0: no timer, `tick` by hand (tests). */
  intervalMs: number;
  onError?: (error: unknown) => void;
}): EventWatch {
  // Older events have no long-poll of this process waiting on them.
  let lastId = deps.events.newestId();
  const tick = () => {
    try {
      const seen = deps.events.since(lastId);
      lastId = seen.lastId;
      for (const psnNo of seen.psnNos) deps.notifier.notify(psnNo);
    } catch (error) {
      deps.onError?.(error);
    }
  };
  const timer = deps.intervalMs > 0 ? setInterval(tick, deps.intervalMs) : undefined;
  timer?.unref();
  return { tick, stop: () => clearInterval(timer) };
}
