// 亲情账户 on the BFF: the opaque memberId of each (guardian, member) link the platform knows,
// what the guardian's phone may show of the member (masked), and a pending member's consent
// in progress. No cache: every member request reads its row, so a link removed by any BFF
// process on the same database is gone for all of them at once. The port is FamilyStore in
// ports.ts; SQLite answers synchronously here and sqlite-stores.ts makes it a Promise.
import type { Db } from './db';
import type { FamilyLink, FamilyProgress, LinkFacts } from './records';
import { FAMILY_COLUMNS as COLUMNS, selectList } from './rows';

const SELECT = `SELECT ${selectList(COLUMNS)} FROM family_members`;

export function createFamilyStore(db: Db, now: () => number = Date.now) {
  const byId = db.prepare<[string, string], FamilyLink>(
    `${SELECT} WHERE guardian_psn_no = ? AND member_id = ?`,
  );
  const byPair = db.prepare<[string, string], FamilyLink>(
    `${SELECT} WHERE guardian_psn_no = ? AND member_psn_no = ?`,
  );
  const ofGuardian = db.prepare<[string], FamilyLink>(
    `${SELECT} WHERE guardian_psn_no = ? ORDER BY created_at, member_id`,
  );
  const guardians = db
    .prepare<[string], string>(
      "SELECT guardian_psn_no FROM family_members WHERE member_psn_no = ? AND status = 'active'",
    )
    .pluck();
  const insert = db.prepare(
    `INSERT INTO family_members (member_id, guardian_psn_no, member_psn_no, relation, masked_name, age, insutype,
       region_name, status, masked_phone, created_at, updated_at)
     VALUES (@memberId, @guardianPerson, @memberPerson, @relation, @maskedName, @age, @insutype, @regionName, @status,
       @maskedPhone, @at, @at)`,
  );
  const refresh = db.prepare(
    `UPDATE family_members SET relation = @relation, masked_name = @maskedName, age = @age, insutype = @insutype,
       region_name = @regionName, status = @status, masked_phone = @maskedPhone, updated_at = @at
     WHERE member_id = @memberId`,
  );
  const remove = db.prepare('DELETE FROM family_members WHERE member_id = ?');

  return {
    /** The guardian's link by memberId; another guardian's memberId is as unknown as a made-up one. */
    get: (guardianPerson: string, memberId: string): FamilyLink | undefined =>
      byId.get(guardianPerson, memberId),
    ofGuardian: (guardianPerson: string): FamilyLink[] => ofGuardian.all(guardianPerson),
    guardiansOf: (memberPerson: string): string[] => guardians.all(memberPerson),
    liveLink(guardianPerson: string, memberPerson: string): FamilyLink | undefined {
      const link = byPair.get(guardianPerson, memberPerson);
      return link?.status === 'active' ? link : undefined;
    },
    upsert(facts: LinkFacts, newMemberId: () => string): FamilyLink {
      const at = now();
      const known = byPair.get(facts.guardianPerson, facts.memberPerson);
      if (known) refresh.run({ ...facts, memberId: known.memberId, at });
      else insert.run({ ...facts, memberId: newMemberId(), at });
      return byPair.get(facts.guardianPerson, facts.memberPerson)!;
    },
    update(memberId: string, progress: FamilyProgress): void {
      const entries = Object.entries(progress).filter(([, value]) => value !== undefined);
      const sets = entries.map(([key]) => `${COLUMNS[key as keyof FamilyLink]} = @${key}`);
      db.prepare(
        `UPDATE family_members SET ${[...sets, 'updated_at = @updatedAt'].join(', ')} WHERE member_id = @memberId`,
      ).run({
        ...Object.fromEntries(entries),
        updatedAt: now(),
        memberId,
      });
    },
    remove: (memberId: string): void => void remove.run(memberId),
  };
}
