// The Redis commands the scaled stores use (sessions, rate limits, wake-ups, the dev SMS board),
// as one narrow port, and that port behind Redis's circuit breaker (issue 26): while Redis is
// down a command is refused at once (SESSION_SERVICE_DOWN, 503) instead of each request waiting
// out the command timeout, and a command that failed on a lost connection is that 503 too, not
// a 500. A script's own error (Redis answered) is passed on as it is.
import { AppError } from '../../errors';
import type { Breaker } from '../../services/breaker';

export interface RedisCommands {
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number): Promise<unknown>;
  hgetall(key: string): Promise<Record<string, string>>;
  publish(channel: string, message: string): Promise<number>;
}

/** Redis answered with an error that says it cannot serve now (loading, busy script, replica). */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/** The connection failed or timed out, or Redis said it cannot serve now; not a script's error. */
export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  if (error.name === 'ReplyError') return UNAVAILABLE_REPLY.test(error.message);
  return true;
}

export function guardRedis(redis: RedisCommands, breaker: Breaker): RedisCommands {
  async function run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await breaker.run(command);
    } catch (error) {
      if (error instanceof AppError || !isRedisOutage(error)) throw error;
      throw new AppError('SESSION_SERVICE_DOWN', { cause: error });
    }
  }
  return {
    eval: (script, numkeys, ...args) => run(() => redis.eval(script, numkeys, ...args)),
    get: (key) => run(() => redis.get(key)),
    set: (key, value, token, ms) => run(() => redis.set(key, value, token, ms)),
    hgetall: (key) => run(() => redis.hgetall(key)),
    publish: (channel, message) => run(() => redis.publish(channel, message)),
  };
}
