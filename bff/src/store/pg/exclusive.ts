// `Stores.exclusively` on PostgreSQL: a background round that must not run twice at once across
// instances (payment reconciliation, the cash worker) holds a session advisory lock named after
// the job, on a connection kept for the job's whole run. pg_try_advisory_lock never waits: a
// second caller, in this process (another connection) or in another, is told `{ ran: false }` at
// once. The lock goes with its connection: released at the end, or by the server when the
// instance dies (its connection closes), so a dead instance never keeps the job.
import { createHash } from 'node:crypto';

import type { Stores } from '../ports';
import type { PgPool } from './guard';
import { asError, holdClient } from './sql';

/** The two-key advisory lock space of jobs ('ybmj'), apart from the one-key locks of migrations. */
const JOB_SPACE = 0x79626d6a;

/** The job's name as the lock's second key (32 bits of its SHA-256). */
const keyOf = (job: string) => createHash('sha256').update(job).digest().readInt32BE(0);

export function createExclusively(pool: PgPool): Stores['exclusively'] {
  return async function exclusively<T>(job: string, work: () => Promise<T>) {
    const key = [JOB_SPACE, keyOf(job)];
    const client = await pool.connect();
    const held = holdClient(client);
    let locked: boolean | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        key,
      );
      locked = rows[0]?.locked;
    } catch (error) {
      held.release(asError(error));
      throw error;
    }
    if (!locked) {
      held.release();
      return { ran: false as const };
    }
    try {
      return { ran: true as const, value: await work() };
    } finally {
      // Not unlocked (the connection broke): the connection is closed instead, ending the lock.
      held.release(
        await client.query('SELECT pg_advisory_unlock($1, $2)', key).then(() => undefined, asError),
      );
    }
  };
}
