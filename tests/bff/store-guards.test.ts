// PostgreSQL and Redis behind their breakers (issue 26), on fakes of the two ports: a lost
// connection is the store's 503, not a 500; an engine that keeps failing is not called again
// until its cool-down; an error the server answered with passes untouched.
import pg, { type PoolClient, type QueryResult } from 'pg';

import { AppError, DependencyDown } from '../../bff/src/errors';
import { dependencyBreaker } from '../../bff/src/services/dependencies';
import { guardPool, isPostgresOutage, type PgPool } from '../../bff/src/store/pg/guard';
import { guardRedis, isRedisOutage, type RedisCommands } from '../../bff/src/store/redis/guard';

const settings = { minimumCalls: 2, failureRate: 0.5, windowMs: 10_000, coolDownMs: 5_000 };

function serverError(code: string): Error {
  return Object.assign(new pg.DatabaseError('server said no', 0, 'error'), { code });
}

function pgSetup() {
  let at = 1_000_000;
  const breaker = dependencyBreaker('postgres', { now: () => at, settings, isFailure: isPostgresOutage });
  let failWith: Error | undefined = new Error('connect ECONNREFUSED 127.0.0.1:5432');
  const pool = {
    query: jest.fn(async () => {
      if (failWith) throw failWith;
      return { rows: [{ one: 1 }] } as unknown as QueryResult;
    }),
    connect: jest.fn(async (): Promise<PoolClient> => {
      throw failWith ?? new Error('not in this test');
    }),
  } satisfies PgPool;
  const guarded = guardPool(pool, breaker);
  const select = () => guarded.query({ text: 'SELECT 1' }).catch((error: unknown) => error);
  return {
    pool,
    breaker,
    select,
    fail: (error?: Error) => (failWith = error),
    advance: (ms: number) => (at += ms),
  };
}

describe('guardPool', () => {
  it('answers a lost connection with STORAGE_DOWN (503), not a 500', async () => {
    const { select } = pgSetup();
    const error = await select();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'STORAGE_DOWN', status: 503 });
  });

  it('stops asking a database that keeps failing, and asks again after the cool-down', async () => {
    const { pool, breaker, select, fail, advance } = pgSetup();
    await select();
    await select();
    expect(breaker.state()).toBe('open');
    const refused = await select();
    expect(refused).toBeInstanceOf(DependencyDown);
    expect(refused).toMatchObject({ code: 'STORAGE_DOWN' });
    expect(pool.query).toHaveBeenCalledTimes(2);
    fail(undefined);
    advance(5_000);
    await expect(select()).resolves.toMatchObject({ rows: [{ one: 1 }] });
    expect(breaker.state()).toBe('closed');
  });

  it('passes an error the server answered with untouched, and does not count it', async () => {
    const { breaker, select, fail } = pgSetup();
    const unique = serverError('23505');
    fail(unique);
    for (let i = 0; i < 3; i += 1) expect(await select()).toBe(unique);
    expect(breaker.state()).toBe('closed');
  });

  it('counts a server shutting down or out of connections as down', () => {
    expect(isPostgresOutage(serverError('57P01'))).toBe(true);
    expect(isPostgresOutage(serverError('53300'))).toBe(true);
    expect(isPostgresOutage(serverError('08006'))).toBe(true);
    expect(isPostgresOutage(serverError('40001'))).toBe(false);
  });

  it('guards a connection for a unit of work the same way', async () => {
    const { pool, breaker } = pgSetup();
    const guarded = guardPool(pool, breaker);
    await expect(guarded.connect()).rejects.toMatchObject({ code: 'STORAGE_DOWN' });
  });
});

function replyError(message: string): Error {
  return Object.assign(new Error(message), { name: 'ReplyError' });
}

function redisSetup() {
  let at = 1_000_000;
  const breaker = dependencyBreaker('redis', { now: () => at, settings, isFailure: isRedisOutage });
  let failWith: Error | undefined = new Error('Command timed out');
  const redis: RedisCommands = {
    eval: jest.fn(async () => {
      if (failWith) throw failWith;
      return 1;
    }),
    get: jest.fn(async () => null),
    set: jest.fn(async () => 'OK'),
    hgetall: jest.fn(async () => ({})),
    publish: jest.fn(async () => 0),
  };
  const guarded = guardRedis(redis, breaker);
  const take = () => guarded.eval('return 1', 0).catch((error: unknown) => error);
  return {
    redis,
    breaker,
    take,
    fail: (error?: Error) => (failWith = error),
    advance: (ms: number) => (at += ms),
  };
}

describe('guardRedis', () => {
  it('answers a command that timed out with SESSION_SERVICE_DOWN (503)', async () => {
    const { take } = redisSetup();
    await expect(take()).resolves.toMatchObject({ code: 'SESSION_SERVICE_DOWN', status: 503 });
  });

  it('refuses at once while Redis stays down, then tries again after the cool-down', async () => {
    const { redis, breaker, take, fail, advance } = redisSetup();
    await take();
    await take();
    await expect(take()).resolves.toBeInstanceOf(DependencyDown);
    expect(redis.eval).toHaveBeenCalledTimes(2);
    fail(undefined);
    advance(5_000);
    await expect(take()).resolves.toBe(1);
    expect(breaker.state()).toBe('closed');
  });

  it("passes a script's own error untouched; Redis loading its data is down", async () => {
    const { breaker, take, fail } = redisSetup();
    const scriptError = replyError('ERR user_script:1: wrong number of arguments');
    fail(scriptError);
    for (let i = 0; i < 3; i += 1) expect(await take()).toBe(scriptError);
    expect(breaker.state()).toBe('closed');
    expect(isRedisOutage(replyError('LOADING Redis is loading the dataset in memory'))).toBe(true);
  });
});
