// 亲情账户 (FamilyStore) on PostgreSQL: the opaque memberId of each (guardian, member) link, what
// the guardian's phone may show of the member, and a pending member's consent in progress. No
// cache: every member request reads its row, so a link removed through any instance is gone for
// all of them at once.
import type { FamilyStore } from '../ports';
import type { FamilyLink, LinkFacts } from '../records';
import { FAMILY_COLUMNS as COLUMNS, selectList } from '../rows';
import { assignments, type PgDb } from './sql';

const RETURNING = selectList(COLUMNS);
const SELECT = `SELECT ${RETURNING} FROM family_members`;
/** The platform's facts about a link, as columns, in LinkFacts order after the memberId ($1). */
const FACTS = [
  'guardianPerson',
  'memberPerson',
  'relation',
  'maskedName',
  'age',
  'insutype',
  'regionName',
  'status',
  'maskedPhone',
] as const satisfies readonly (keyof LinkFacts)[];

export function createPgFamilyStore(db: PgDb, now: () => number): FamilyStore {
  const link = async (where: string, values: unknown[]) =>
    (await db.rows<FamilyLink>(`${SELECT} WHERE ${where}`, values))[0];

  /** Rewrites the facts of the pair's link, if there is one; the link as it now is. */
  const refresh = async (facts: LinkFacts, at: number) =>
    (
      await db.rows<FamilyLink>(
        `UPDATE family_members SET relation = $3, masked_name = $4, age = $5, insutype = $6, region_name = $7,
           status = $8, masked_phone = $9, updated_at = $10
         WHERE guardian_psn_no = $1 AND member_psn_no = $2 RETURNING ${RETURNING}`,
        [...FACTS.map((key) => facts[key]), at],
      )
    )[0];

  return {
    get: (guardianPerson, memberId) =>
      link('guardian_psn_no = $1 AND member_id = $2', [guardianPerson, memberId]),
    ofGuardian: (guardianPerson) =>
      db.rows<FamilyLink>(`${SELECT} WHERE guardian_psn_no = $1 ORDER BY created_at, member_id`, [
        guardianPerson,
      ]),
    async guardiansOf(memberPerson) {
      const rows = await db.rows<{ guardian: string }>(
        `SELECT guardian_psn_no AS guardian FROM family_members WHERE member_psn_no = $1 AND status = 'active'`,
        [memberPerson],
      );
      return rows.map((row) => row.guardian);
    },
    async liveLink(guardianPerson, memberPerson) {
      const found = await link('guardian_psn_no = $1 AND member_psn_no = $2', [guardianPerson, memberPerson]);
      return found?.status === 'active' ? found : undefined;
    },
    async upsert(facts, newMemberId) {
      const at = now();
      const known = await refresh(facts, at);
      if (known) return known;
      // New: a memberId is drawn only now. Another instance adding the same pair meanwhile wins
      // the unique index; its row is then refreshed like a known one.
      const [inserted] = await db.rows<FamilyLink>(
        `INSERT INTO family_members (member_id, guardian_psn_no, member_psn_no, relation, masked_name, age, insutype,
           region_name, status, masked_phone, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         ON CONFLICT (guardian_psn_no, member_psn_no) DO NOTHING RETURNING ${RETURNING}`,
        [newMemberId(), ...FACTS.map((key) => facts[key]), at],
      );
      return inserted ?? (await refresh(facts, at))!;
    },
    async update(memberId, progress) {
      const given = Object.fromEntries(Object.entries(progress).filter(([, value]) => value !== undefined));
      const { sets, values } = assignments(COLUMNS, given as Partial<FamilyLink>, 3);
      await db.run(
        `UPDATE family_members SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE member_id = $1`,
        [memberId, now(), ...values],
      );
    },
    async remove(memberId) {
      await db.run('DELETE FROM family_members WHERE member_id = $1', [memberId]);
    },
  };
}
