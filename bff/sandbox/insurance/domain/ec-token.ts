// ecTokens: what a scanned code turns into. 38 characters (the person's 6-digit region and
// 32 hex), good for one visit (30 minutes) at the institution that scanned the code only.
import { toHex } from '@ybm/shared/gm';

import type { SandboxContext } from '../context';
import { isoNow } from '../context';
import { preparedStatements } from './prepared';

export const EC_TOKEN_TTL_MS = 30 * 60_000;

export const EC_TOKEN_REFUSALS = {
  unknown: '电子凭证令牌无效',
  expired: '电子凭证令牌已过期，请重新扫码',
  elsewhere: '电子凭证令牌不是本机构扫码获得的，请重新扫码',
  settled: '电子凭证令牌已用于结算，请重新扫码',
} as const;

export class EcTokenRefusal extends Error {
  constructor(readonly reason: keyof typeof EC_TOKEN_REFUSALS) {
    super(EC_TOKEN_REFUSALS[reason]);
    this.name = 'EcTokenRefusal';
  }
}

interface TokenRow {
  psn_no: string;
  code: string;
  org_id: string;
  expires_at: string;
  code_status: string;
}

const sql = preparedStatements((db) => ({
  insert: db.prepare(
    `INSERT INTO ec_tokens (token, psn_no, code, org_id, business_type, issued_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  find: db.prepare<[string], TokenRow>(
    `SELECT t.psn_no, t.code, t.org_id, t.expires_at, c.status AS code_status
     FROM ec_tokens t JOIN codes c ON c.code = t.code WHERE t.token = ?`,
  ),
}));

export function issueEcToken(
  ctx: Pick<SandboxContext, 'db' | 'now' | 'random'>,
  grant: { psnNo: string; code: string; orgId: string; businessType: string; regionCode: string },
): string {
  const token = grant.regionCode + toHex(ctx.random(16));
  sql(ctx).insert.run(
    token,
    grant.psnNo,
    grant.code,
    grant.orgId,
    grant.businessType,
    isoNow(ctx),
    new Date(ctx.now() + EC_TOKEN_TTL_MS).toISOString(),
  );
  return token;
}

export interface EcTokenGrant {
  psnNo: string;
  code: string;
  /** The code was already settled with this token: the visit is over. */
  settled: boolean;
}

/** The person and code behind a token presented by an institution, or why it is refused. */
export function resolveEcToken(
  ctx: Pick<SandboxContext, 'db' | 'now'>,
  token: string,
  institutionCode: string,
): EcTokenGrant {
  const row = sql(ctx).find.get(token);
  if (!row) throw new EcTokenRefusal('unknown');
  if (row.org_id !== institutionCode) throw new EcTokenRefusal('elsewhere');
  if (row.expires_at < isoNow(ctx)) throw new EcTokenRefusal('expired');
  return { psnNo: row.psn_no, code: row.code, settled: row.code_status === 'settled' };
}
