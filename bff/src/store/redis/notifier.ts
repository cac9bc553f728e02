// The Notifier of ../../services/notifier.ts over Redis pub/sub (issue 25): a webhook stored on
// one instance wakes the long-polls waiting on every instance. One subscriber connection per
// process; a channel is subscribed while at least one local waiter wants its key, and each
// message fans out to this process's waiters of that key. `subscribe` resolves once Redis
// confirmed the subscription, so a notify published after it is never missed.
//
// When Redis goes away and comes back (issue 26) the subscriber connection reconnects by itself;
// a notify published meanwhile reached nobody. The channels subscribed then are exactly those of
// the local waiters, not ioredis's memory of them (an UNSUBSCRIBE that failed while Redis was away
// left its channel there, and ioredis would subscribe it again for nobody). Once they are
// confirmed, each waiter is woken to read the store: a long-poll hears what was stored during
// the outage at once, not at its timeout. A SUBSCRIBE goes through Redis's breaker: while it is
// open it is refused at once (SESSION_SERVICE_DOWN).
import { AppError } from '../../errors';
import type { Breaker } from '../../services/breaker';
import type { Notifier } from '../../services/notifier';
import type { Redis } from './client';
import { isRedisOutage, type RedisCommands } from './guard';

interface Waiters {
  wakes: Set<() => void>;
  /** Settles when Redis confirmed the SUBSCRIBE for this key. */
  subscribed: Promise<unknown>;
  confirmed: boolean;
}

export interface RedisNotifier extends Notifier {
  /** How many local waiters Redis confirmed the subscription of (tests, readiness). */
  waiting(): number;
  close(): Promise<void>;
}

/**
 * `publisher`: the process's ordinary client; `subscriber`: a connection of its own (a Redis
 * connection in subscribe mode can do nothing else), closed by `close()`.
 */
export function createRedisNotifier(
  publisher: Pick<RedisCommands, 'publish'>,
  subscriber: Redis,
  options: { prefix?: string; breaker?: Breaker; onResubscribeFailed?: (error: unknown) => void } = {},
): RedisNotifier {
  const prefix = `${options.prefix ?? 'ybm:'}wake:`;
  const byKey = new Map<string, Waiters>();
  const wakeAll = (keys: Iterable<string>) => {
    for (const key of keys) for (const wake of [...(byKey.get(key)?.wakes ?? [])]) wake();
  };
  subscriber.on('message', (channel: string) => {
    if (!channel.startsWith(prefix)) return;
    wakeAll([channel.slice(prefix.length)]);
  });
  // 'ready' again after a lost connection (emitted after ioredis sent its own resubscription and
  // whatever its queues kept from the outage): every channel off, then each waiter's on, in that
  // order on the one connection; then wake them all — what was published meanwhile is lost.
  let connectedBefore = subscriber.status === 'ready';
  subscriber.on('ready', () => {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    const keys = [...byKey.keys()];
    const off = subscriber.unsubscribe();
    const on = keys.length > 0 ? subscriber.subscribe(...keys.map((key) => prefix + key)) : undefined;
    Promise.all([off, on]).then(
      () => wakeAll(keys),
      (error: unknown) => {
        options.onResubscribeFailed?.(error);
        // Woken all the same: each reads the store and subscribes afresh.
        wakeAll(keys);
      },
    );
  });
  const subscribeChannel = async (channel: string) => {
    try {
      return await (options.breaker
        ? options.breaker.run(() => subscriber.subscribe(channel))
        : subscriber.subscribe(channel));
    } catch (error) {
      if (error instanceof AppError || !isRedisOutage(error)) throw error;
      throw new AppError('SESSION_SERVICE_DOWN', { cause: error });
    }
  };

  return {
    async notify(key) {
      await publisher.publish(prefix + key, '');
    },
    async subscribe(key, wake) {
      let waiters = byKey.get(key);
      if (!waiters) {
        const subscribed = subscribeChannel(prefix + key);
        const created: Waiters = { wakes: new Set(), subscribed, confirmed: false };
        subscribed.then(() => (created.confirmed = true)).catch(() => undefined);
        waiters = created;
        byKey.set(key, waiters);
        // The first waiter's failure is the others' too; a later key tries afresh.
        subscribed.catch(() => {
          if (byKey.get(key) === waiters) byKey.delete(key);
        });
      }
      const entry = () => wake();
      waiters.wakes.add(entry);
      try {
        await waiters.subscribed;
      } catch (error) {
        waiters.wakes.delete(entry);
        throw error;
      }
      const mine = waiters;
      return {
        async unsubscribe() {
          mine.wakes.delete(entry);
          if (mine.wakes.size > 0 || byKey.get(key) !== mine) return;
          byKey.delete(key);
          // Commands on one connection run in order: a SUBSCRIBE for the same key issued after
          // this one still leaves the channel subscribed.
          await subscriber.unsubscribe(prefix + key);
        },
      };
    },
    waiting: () =>
      [...byKey.values()].reduce((n, waiters) => n + (waiters.confirmed ? waiters.wakes.size : 0), 0),
    async close() {
      byKey.clear();
      subscriber.disconnect();
    },
  };
}
