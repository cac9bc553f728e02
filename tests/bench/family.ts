// 亲情账户 in the bench (BENCHMARKS.md: "a family member's code issue vs one's own, same
// run"): each code person is made the guardian of another (a live link on the platform, the
// BFF's memberId for it), then the member's code is issued in a closed loop next to one's own,
// and the platform's request log shows how many platform calls each answer cost — the
// member's path reads the link from the BFF's own table, so it is one call, as one's own.
import { randomBytes } from 'node:crypto';

import Database from 'better-sqlite3';

import { closedLoop, isOk, type ClosedLoopResult, type HttpClient, type Send } from './load';
import type { BenchPerson } from './setup';

export interface BenchMember {
  guardian: BenchPerson;
  memberId: string;
  memberPsnNo: string;
}

export interface FamilyCodeFigures {
  own: ClosedLoopResult & { platformCallsPerAnswer: number };
  member: ClosedLoopResult & { platformCallsPerAnswer: number };
  /** member rps ÷ own rps (goal ≥ 0.95). */
  ratio: number;
}

/** Person i guards person i+1 (the last the first): sandbox links and the BFF's memberIds. */
export function linkBenchFamily(
  insuranceDbFile: string,
  bffDbFile: string,
  persons: BenchPerson[],
): BenchMember[] {
  const at = new Date().toISOString();
  const members = persons.map((guardian, i) => ({
    guardian,
    memberId: randomBytes(16).toString('base64url'),
    memberPsnNo: persons[(i + 1) % persons.length]!.psnNo,
  }));
  const platform = new Database(insuranceDbFile);
  const bff = new Database(bffDbFile);
  try {
    platform.pragma('busy_timeout = 5000');
    bff.pragma('busy_timeout = 5000');
    const link = platform.prepare(
      `INSERT INTO family_links (owner_psn_no, member_psn_no, relation, status, created_at, activated_at)
       VALUES (?, ?, 'other', 'active', ?, ?) ON CONFLICT DO NOTHING`,
    );
    const row = bff.prepare(
      `INSERT INTO family_members (member_id, guardian_psn_no, member_psn_no, relation, masked_name, age, insutype,
         region_name, status, created_at, updated_at)
       VALUES (?, ?, ?, 'other', '压*', 40, '310', '绥化市', 'active', ?, ?)`,
    );
    platform.transaction(() => members.forEach((m) => link.run(m.guardian.psnNo, m.memberPsnNo, at, at)))();
    bff.transaction(() =>
      members.forEach((m) => row.run(m.memberId, m.guardian.psnNo, m.memberPsnNo, Date.now(), Date.now())),
    )();
  } finally {
    platform.close();
    bff.close();
  }
  return members;
}

/** GET …/family/members/:memberId/code for each guardian's member in turn. */
export function memberCodeIssuer(bff: HttpClient, members: BenchMember[]): Send {
  let next = 0;
  return async () => {
    const member = members[next++ % members.length]!;
    const answer = await bff.get(`/api/v1/family/members/${member.memberId}/code`, {
      authorization: `Bearer ${member.guardian.token}`,
    });
    return isOk(answer);
  };
}

/** Channel requests the platform logged since `since` (ISO time), per completed answer. */
function callsPer(insuranceDbFile: string, since: string, answers: number): number {
  const db = new Database(insuranceDbFile, { readonly: true });
  try {
    db.pragma('busy_timeout = 5000');
    const calls = db
      .prepare('SELECT count(*) FROM channel_requests WHERE received_at >= ?')
      .pluck()
      .get(since) as number;
    return answers > 0 ? calls / answers : 0;
  } finally {
    db.close();
  }
}

/** One's own code, then the member's, then one's own again: the member's rate against their mean. */
export async function compareFamilyCode(options: {
  insuranceDbFile: string;
  connections: number;
  durationMs: number;
  own: Send;
  member: Send;
}): Promise<FamilyCodeFigures> {
  const window = async (send: Send) => {
    const since = new Date().toISOString();
    // Every answer (the warm-up's too) against every platform call logged meanwhile.
    let answers = 0;
    const counted: Send = async () => {
      const ok = await send();
      answers += 1;
      return ok;
    };
    const result = await closedLoop({
      connections: options.connections,
      warmupMs: 1000,
      durationMs: options.durationMs,
      send: counted,
    });
    return { ...result, platformCallsPerAnswer: callsPer(options.insuranceDbFile, since, answers) };
  };
  const ownBefore = await window(options.own);
  const member = await window(options.member);
  const ownAfter = await window(options.own);
  const own = ownBefore.rps >= ownAfter.rps ? ownBefore : ownAfter;
  return { own, member, ratio: member.rps / ((ownBefore.rps + ownAfter.rps) / 2) };
}
