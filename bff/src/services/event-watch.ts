// Several BFF processes on one database (node cluster, pm2 -i max): the platform's webhook
// call lands in one of them, and its notifier wakes only that process's long-polls. A phone
// whose long-poll sits in another process would see its settlement only when the poll times
// out. This watch closes the gap: every interval it asks the database who has voucher events
// newer than the last it saw, and wakes their long-polls here. It keeps its place even while
// nobody waits, so an event stored between a poll's read and its wait is still caught. In a
// single process it only repeats what the webhook did, and a second wake is harmless: a woken
// poll re-reads from its cursor. (Across machines the notifier would move to Redis pub/sub.)

import type { EventStore } from '../store/ports';
import type { Notifier } from './notifier';

export interface EventWatch {
  /** Looks once; the interval calls it. Never rejects (errors go to onError). */
  tick(): Promise<void>;
  /** No more looks; resolves once the look in progress (if any) ended. */
  stop(): Promise<void>;
}

export function startEventWatch(deps: {
  events: Pick<EventStore, 'newestId' | 'since'>;
  notifier: Pick<Notifier, 'notify'>;
  /** 0: no timer, `tick` by hand (tests). */
  intervalMs: number;
  onError?: (error: unknown) => void;
}): EventWatch {
  // Older events have no long-poll of this process waiting on them.
  let start: Promise<number> | undefined = deps.events.newestId();
  let lastId = 0;
  // One look at a time: a slow database must not have two looks race on lastId.
  let looking: Promise<void> | undefined;
  async function look(): Promise<void> {
    try {
      if (start) {
        lastId = await start;
        start = undefined;
      }
      const seen = await deps.events.since(lastId);
      lastId = seen.lastId;
      await Promise.all(seen.psnNos.map((psnNo) => deps.notifier.notify(psnNo)));
    } catch (error) {
      deps.onError?.(error);
    }
  }
  const tick = () => (looking ??= look().finally(() => (looking = undefined)));
  const timer = deps.intervalMs > 0 ? setInterval(() => void tick(), deps.intervalMs) : undefined;
  timer?.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await looking;
    },
  };
}
