// How the PostgreSQL stores speak to the database: one small interface (`PgDb`) over either the
// pool (each statement on its own, autocommitted) or the one client of a unit of work (every
// statement inside its transaction), so a store is written once and works both ways. Times are
// epoch ms and ids are identities, both `bigint`: read back as numbers (below 2^53 for ever).
import { createHash } from 'node:crypto';

import pg, { type PoolClient, type QueryResultRow } from 'pg';

import type { Columns } from '../rows';
import type { PgPool } from './guard';

export interface PgDb {
  /** The rows of one statement. */
  rows<R extends QueryResultRow>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** How many rows one statement wrote. */
  run(text: string, values?: readonly unknown[]): Promise<number>;
  /**
   * Runs `work` in one transaction: the unit of work's when inside one (it stands or falls with
   * the unit), else one of its own on a client from the pool.
   */
  atomically<T>(work: (db: PgDb) => Promise<T>): Promise<T>;
  /** True inside a unit of work (statements wait for its COMMIT). */
  readonly inUnit: boolean;
}

const INT8 = 20;
/** Per query, not pg's global parsers: the pool may be shared with code that wants strings. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** The pool (maybe behind its breaker) or one of its clients. */
type Queryable = Pick<PgPool, 'query'>;

/** Statements with more parameters are one-offs (a batch of audit rows): not kept prepared. */
const PREPARED_MAX_PARAMETERS = 64;
const names = new Map<string, string>();

/**
 * Each statement is prepared once per connection under a name made from its text, then only
 * executed: the server parses and plans it once, which halves the time of the small queries
 * every request makes (a binding, a bill) against sending the text each time.
 */
function nameOf(text: string, parameters: number): string | undefined {
  if (parameters > PREPARED_MAX_PARAMETERS) return undefined;
  let name = names.get(text);
  if (!name) {
    name = `ybm_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

async function query<R extends QueryResultRow>(on: Queryable, text: string, values: readonly unknown[] = []) {
  const name = nameOf(text, values.length);
  return on.query<R>({ text, values: [...values], types: TYPES, ...(name ? { name } : {}) });
}

/**
 * Runs `work` on a client of the pool between BEGIN and COMMIT (ROLLBACK when it rejects, and the
 * rejection is passed on). The client always goes back; one whose BEGIN or ROLLBACK failed (the
 * connection broke) is closed instead of being handed to the next caller.
 */
export async function withTransaction<T>(pool: PgPool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const held = holdClient(client);
  let broken: Error | undefined;
  try {
    try {
      await client.query('BEGIN');
    } catch (error) {
      broken = asError(error);
      throw error;
    }
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // After a failed COMMIT there is nothing to roll back: the server only warns.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = asError(rollbackError);
      });
      throw error;
    }
  } finally {
    held.release(broken);
  }
}

/**
 * A client kept out of the pool across awaits (a unit of work, an exclusive job). pg's pool
 * listens for a connection's errors only while the client is idle in the pool: one lost while
 * checked out with no query running would be an unhandled 'error' event and end the process.
 * Here it is noted, and the client is closed on release rather than handed to the next caller.
 */
export function holdClient(client: PoolClient): { release(error?: Error): void } {
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);
  return {
    release(error) {
      client.removeListener('error', onError);
      client.release(error ?? lost);
    },
  };
}

export const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Statements on the pool; `atomically` takes a client for a transaction of its own. */
export function poolDb(pool: PgPool): PgDb {
  return {
    inUnit: false,
    rows: async <R extends QueryResultRow>(text: string, values?: readonly unknown[]) =>
      (await query<R>(pool, text, values)).rows,
    run: async (text, values) => (await query(pool, text, values)).rowCount ?? 0,
    atomically: (work) => withTransaction(pool, (client) => work(clientDb(client, () => true))),
  };
}

/**
 * Statements on the one client of a unit of work, while `open()` says the unit has not ended
 * (a store kept past its unit must not write outside it, or into the next unit on that client).
 */
export function clientDb(client: PoolClient, open: () => boolean): PgDb {
  const check = () => {
    if (!open()) throw new Error('unit of work already ended');
  };
  const db: PgDb = {
    inUnit: true,
    rows: async <R extends QueryResultRow>(text: string, values?: readonly unknown[]) => {
      check();
      return (await query<R>(client, text, values)).rows;
    },
    run: async (text, values) => {
      check();
      return (await query(client, text, values)).rowCount ?? 0;
    },
    atomically: (work) => work(db),
  };
  return db;
}

/** An error the server answered (the connection is fine), as opposed to a broken connection. */
export function isPostgresError(error: unknown): error is Error & { code: string } {
  return error instanceof pg.DatabaseError;
}

/** `$1, $2, …` for rows of `width` values each: `($1, $2), ($3, $4)`. */
export function placeholders(rowCount: number, width: number): string {
  return Array.from(
    { length: rowCount },
    (_, row) =>
      `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')})`,
  ).join(', ');
}

/** Writes `record` as a new row of `table`: every field of `columns`, one parameter each. */
export function insertRecord<R>(db: PgDb, table: string, columns: Columns<R>, record: R): Promise<number> {
  const keys = Object.keys(columns) as (keyof R)[];
  return db.run(
    `INSERT INTO ${table} (${keys.map((key) => columns[key]).join(', ')})
     VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
    keys.map((key) => record[key]),
  );
}

/**
 * `column = $n` for each field of `changes` that is one of `columns` (others are not stored),
 * numbered from `$first` on, and their values in that order; `sets` is empty when none is.
 */
export function assignments<R>(
  columns: Columns<R>,
  changes: Partial<R>,
  first: number,
): { sets: string[]; values: unknown[] } {
  const keys = (Object.keys(changes) as (keyof R)[]).filter((key) => key in columns);
  return {
    sets: keys.map((key, i) => `${columns[key]} = $${i + first}`),
    values: keys.map((key) => changes[key]),
  };
}
