// The pool's two ways in (a statement on its own; a connection for a unit of work or a job)
// behind PostgreSQL's circuit breaker (issue 26): while the database is down a request is
// refused at once (STORAGE_DOWN, 503) instead of each one waiting out the connection timeout,
// and a statement that failed on a lost or refused connection is that 503 too, not a 500. An
// error the server answered with (a constraint, a serialization failure) is passed on as it is:
// the stores and the unit of work's retry read those.
import pg, { type PoolClient, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';

import { AppError } from '../../errors';
import type { Breaker } from '../../services/breaker';

/** What the stores use of a pool (pg's Pool is one). */
export interface PgPool {
  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
  connect(): Promise<PoolClient>;
}

/**
 * The server is unreachable, refused or dropped the connection, or said it cannot serve now:
 * connection exceptions (08), shutting down or starting up (57P0x), out of resources (53).
 */
export function isPostgresOutage(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return true;
  const code = error.code ?? '';
  return code.startsWith('08') || code.startsWith('57P0') || code.startsWith('53');
}

export function guardPool(pool: PgPool, breaker: Breaker): PgPool {
  async function run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await breaker.run(work);
    } catch (error) {
      if (error instanceof AppError || !isPostgresOutage(error)) throw error;
      throw new AppError('STORAGE_DOWN', { cause: error });
    }
  }
  return {
    query: <R extends QueryResultRow>(config: QueryConfig) => run(() => pool.query<R>(config)),
    connect: () => run(() => pool.connect()),
  };
}
