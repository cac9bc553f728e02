// Withdrawing consent (撤回授权, WithdrawalStore) on PostgreSQL: in one transaction, deletes what
// the BFF holds about a platform user that no other binding needs — the binding, claims, consent
// records, preferences, recoveries, push rows, the last good copies of the platform's answers,
// and the person's inbox when no other platform account is bound to them — then ends the user's
// sessions, which live elsewhere (Redis in the scaled mode), through the SessionStore. Sessions end after the commit, so one made while the
// erase ran ends too. The audit trail is kept (store/withdrawal.ts says why).
import type { SessionStore, WithdrawalStore } from '../ports';
import type { Erased } from '../records';
import type { PgDb } from './sql';

const BY_USER = {
  binding: 'bindings',
  claims: 'claims',
  consents: 'consents',
  preferences: 'preferences',
  recoveries: 'recoveries',
  notifications: 'notifications',
} as const satisfies Partial<Record<keyof Erased, string>>;

export function createPgWithdrawalStore(
  db: PgDb,
  sessions: Pick<SessionStore, 'revokeUser'>,
): WithdrawalStore {
  return {
    async erase(channel, platformUserId, psnNo) {
      const counts = await db.atomically(async (tx) => {
        // The person's bindings are locked first: two of their accounts withdrawing at once take
        // turns, so the second sees the first's binding gone and the inbox goes with the last.
        if (psnNo) await tx.rows('SELECT 1 FROM bindings WHERE psn_no = $1 FOR UPDATE', [psnNo]);
        const deleted: Partial<Erased> = {};
        for (const [kind, table] of Object.entries(BY_USER) as [keyof typeof BY_USER, string][]) {
          deleted[kind] = await tx.run(`DELETE FROM ${table} WHERE channel = $1 AND platform_user_id = $2`, [
            channel,
            platformUserId,
          ]);
        }
        // Copies of the platform's answers for this account (not counted: they are only a cache).
        await tx.run('DELETE FROM last_good WHERE channel = $1 AND platform_user_id = $2', [
          channel,
          platformUserId,
        ]);
        let inbox = 0;
        if (psnNo) {
          const [other] = await tx.rows('SELECT 1 FROM bindings WHERE psn_no = $1 LIMIT 1', [psnNo]);
          if (!other) inbox = await tx.run('DELETE FROM inbox WHERE psn_no = $1', [psnNo]);
        }
        return { ...(deleted as Omit<Erased, 'sessions' | 'inbox'>), inbox };
      });
      return { ...counts, sessions: await sessions.revokeUser(channel, platformUserId) };
    },
  };
}
