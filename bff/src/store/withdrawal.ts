// Withdrawing consent (撤回授权): in one transaction, deletes what the BFF holds about a
// platform user that no other binding needs — the binding, sessions, claims, consent records,
// preferences, recoveries, push rows, the last good copies of the platform's answers, and the person's inbox when no other platform account
// is bound to them. The audit trail is not touched: it keeps identifiers (never a name,
// document or phone) for the legal retention period (services/retention.ts, 隐私政策).
import type { Db } from './db';
import type { WithdrawalStore } from './ports';
import type { Channel, Erased } from './records';

export type { Erased, WithdrawalStore };

export function createWithdrawalStore(db: Db): WithdrawalStore {
  const byUser = (table: string) =>
    db.prepare(`DELETE FROM ${table} WHERE channel = ? AND platform_user_id = ?`);
  const deletes = {
    binding: byUser('bindings'),
    sessions: byUser('sessions'),
    claims: byUser('claims'),
    consents: byUser('consents'),
    preferences: byUser('preferences'),
    recoveries: byUser('recoveries'),
    notifications: byUser('notifications'),
  };
  const otherBindings = db
    .prepare<[string], number>('SELECT count(*) FROM bindings WHERE psn_no = ?')
    .pluck();
  const inbox = db.prepare('DELETE FROM inbox WHERE psn_no = ?');
  // Copies of the platform's answers for this account (not counted: they are only a cache).
  const copies = byUser('last_good');
  const erase = db.transaction((channel: Channel, platformUserId: string, psnNo: string | null) => {
    const counts = Object.fromEntries(
      Object.entries(deletes).map(([name, statement]) => [
        name,
        statement.run(channel, platformUserId).changes,
      ]),
    ) as Omit<Erased, 'inbox'>;
    copies.run(channel, platformUserId);
    // The inbox is the person's (either platform shows it): it goes only with their last binding.
    const inboxGone = psnNo && otherBindings.get(psnNo) === 0 ? inbox.run(psnNo).changes : 0;
    return { ...counts, inbox: inboxGone };
  });
  return { erase: async (channel, platformUserId, psnNo) => erase(channel, platformUserId, psnNo) };
}
