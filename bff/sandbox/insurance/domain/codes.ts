// One-time e-voucher codes: issued to a person through a channel (valid 60 s), scanned once
// at a counter (→ ecToken), then identity verified (1101) and settled. A scanned string is
// classified as malformed, forged, altered, used or expired, each with its own code.
import type { ChannelRefusalCode, EcRefusalCode } from '@ybm/shared/protocol';

import { inTransaction } from '../../lib/sqlite';
import { enqueueEvent } from '../events/outbox';
import type { SandboxContext } from '../context';
import { isoNow } from '../context';
import { groupCommit } from '../group-commit';
import { codeMac, formatCode, newSerial, parseCode } from './code-string';
import { issueEcToken } from './ec-token';
import { activeInsurance, getPerson } from './people';
import { preparedStatements } from './prepared';

export const CODE_TTL_MS = 60_000;

export type CodeStatus = 'issued' | 'scanned' | 'verified' | 'settled' | 'expired';

export const CODE_REFUSALS = {
  VOUCHER_NOT_ACTIVE: '医保电子凭证未激活，请先激活',
  EC_CODE_MALFORMED: '不是有效的医保电子凭证码',
  EC_CODE_FORGED: '医保电子凭证码校验失败，非医保平台签发',
  EC_CODE_ALTERED: '医保电子凭证码内容被改动，校验失败',
  EC_CODE_USED: '医保电子凭证码已被使用，请刷新后重新出示',
  EC_CODE_EXPIRED: '医保电子凭证码已过期，请刷新后重新出示',
} as const satisfies Partial<Record<ChannelRefusalCode | EcRefusalCode, string>>;
export type CodeRefusalCode = keyof typeof CODE_REFUSALS;

export class CodeRefusal extends Error {
  constructor(readonly code: CodeRefusalCode) {
    super(CODE_REFUSALS[code]);
    this.name = 'CodeRefusal';
  }
}

interface CodeRow {
  code: string;
  psn_no: string;
  app_id: string;
  issued_at: string;
  expires_at: string;
  status: string;
  serial: string;
  mac: string;
}

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random' | 'platformKeys'>;

const sql = preparedStatements((db) => ({
  voucher: db
    .prepare<[string, string], string>('SELECT status FROM vouchers WHERE psn_no = ? AND app_id = ?')
    .pluck(),
  insert: db.prepare(
    `INSERT INTO codes (code, psn_no, app_id, issued_at, expires_at, status, serial, mac)
     VALUES (?, ?, ?, ?, ?, 'issued', ?, ?)`,
  ),
  bySerial: db.prepare<[string], CodeRow>('SELECT * FROM codes WHERE serial = ?'),
  greatestSerial: db.prepare<[], string | undefined>('SELECT MAX(serial) FROM codes').pluck(),
  macKnown: db.prepare<[string], number>('SELECT 1 FROM codes WHERE mac = ? LIMIT 1').pluck(),
  // The single-use guarantee: only one scan can move a code out of 'issued'.
  claim: db.prepare(
    `UPDATE codes SET status = 'scanned', scanned_at = @at, business_type = @businessType,
       org_id = @orgId, ec_token = @token
     WHERE code = @code AND status = 'issued' AND expires_at >= @at`,
  ),
  status: db.prepare<[string], string>('SELECT status FROM codes WHERE code = ?').pluck(),
  institutionName: db.prepare<[string], string>('SELECT name FROM institutions WHERE code = ?').pluck(),
  verified: db.prepare(
    "UPDATE codes SET status = 'verified', verified_at = ? WHERE code = ? AND status = 'scanned'",
  ),
  settled: db.prepare(
    `UPDATE codes SET status = 'settled', settled_at = ?, setl_id = ?
     WHERE code = ? AND status IN ('scanned', 'verified')`,
  ),
  view: db.prepare<[string], CodeViewRow>(
    `SELECT c.psn_no, c.app_id, c.status, c.issued_at, c.expires_at, c.business_type, c.scanned_at,
       c.verified_at, c.setl_id, i.name AS institution_name
     FROM codes c LEFT JOIN institutions i ON i.code = c.org_id WHERE c.code = ?`,
  ),
  settlement: db.prepare<[string], SettlementViewRow>(
    `SELECT s.setl_id, s.status, s.total_fen, s.fund_fen, s.account_fen, s.cash_fen, s.balance_after_fen,
       s.settled_at, i.name AS institution_name, r.name AS region_name
     FROM settlements s JOIN institutions i ON i.code = s.fixmedins_code
       LEFT JOIN regions r ON r.code = i.region_code
     WHERE s.setl_id = ?`,
  ),
}));

interface CodeViewRow {
  psn_no: string;
  app_id: string;
  status: string;
  issued_at: string;
  expires_at: string;
  business_type: string | null;
  scanned_at: string | null;
  verified_at: string | null;
  setl_id: string | null;
  institution_name: string | null;
}

interface SettlementViewRow {
  setl_id: string;
  status: string;
  total_fen: number;
  fund_fen: number;
  account_fen: number;
  cash_fen: number;
  balance_after_fen: number | null;
  settled_at: string;
  institution_name: string;
  region_name: string | null;
}

/** The statements, once the codes issued this turn are stored: what every read here uses. */
function fresh(ctx: Pick<SandboxContext, 'db'>) {
  groupCommit(ctx.db).flush();
  return sql(ctx);
}

export interface IssuedCode {
  code: string;
  issuedAt: string;
  expiresAt: string;
}

/**
 * Issues a code for a person whose voucher is active on this channel.
 *
 * The code's row joins the turn's group commit (group-commit.ts) instead of a commit of
 * its own, and the answer does not wait for it. Every phone showing the code page takes
 * a new code each minute, most never scanned: a commit per code was the largest cost of
 * the platform's side of code.issue after SM2 (npm run bench). Nothing can read the row
 * before it is stored: a scan or status query arrives in a later turn, after the commit,
 * and every read here flushes the turn's pending writes first (read-your-writes within
 * the turn). What a crash inside the turn loses is a code the phone was just shown; its
 * scan is then refused and the page takes a new one, as it does every minute.
 */
export function issueCode(
  ctx: Ctx,
  request: {
    psnNo: string;
    appId: string;
    /** family activation: the guardian's voucher stands in */ voucherOf?: string;
  },
): IssuedCode {
  // Not fresh(): flushing here would commit the turn's earlier codes one by one again.
  const statements = sql(ctx);
  if (statements.voucher.get(request.voucherOf ?? request.psnNo, request.appId) !== 'active') {
    throw new CodeRefusal('VOUCHER_NOT_ACTIVE');
  }
  // One reading of the clock: two could straddle a millisecond and give 60 001 ms of life.
  const now = ctx.now();
  const issuedAt = new Date(now).toISOString();
  const expiresAt = new Date(now + CODE_TTL_MS).toISOString();
  // After every serial stored or pending: no lookup needed (newSerial).
  const serial = newSerial(ctx, () => statements.greatestSerial.get());
  const mac = codeMac(ctx, { serial, psnNo: request.psnNo, appId: request.appId, issuedAt });
  const code = formatCode(serial, mac);
  groupCommit(ctx.db).defer(() =>
    statements.insert.run(code, request.psnNo, request.appId, issuedAt, expiresAt, serial, mac),
  );
  return { code, issuedAt, expiresAt };
}

/**
 * Which issued code a scanned string is, or why it is none: malformed (not our format),
 * forged (neither its serial nor its MAC belongs to a code we issued), altered (one half
 * belongs to a real code but the MAC does not verify).
 */
function authenticate(ctx: Ctx, text: string): CodeRow {
  const parts = parseCode(text);
  if (!parts) throw new CodeRefusal('EC_CODE_MALFORMED');
  const statements = fresh(ctx);
  const row = statements.bySerial.get(parts.serial);
  if (!row) throw new CodeRefusal(statements.macKnown.get(parts.mac) ? 'EC_CODE_ALTERED' : 'EC_CODE_FORGED');
  const expected = codeMac(ctx, {
    serial: row.serial,
    psnNo: row.psn_no,
    appId: row.app_id,
    issuedAt: row.issued_at,
  });
  if (expected !== parts.mac || row.code !== text) throw new CodeRefusal('EC_CODE_ALTERED');
  return row;
}

export interface ScannedCode {
  code: string;
  psnNo: string;
  appId: string;
  ecToken: string;
  scannedAt: string;
}

/** A counter scans a code: exactly one scan succeeds; it gets an ecToken bound to its institution. */
export function scanCode(ctx: Ctx, scan: { text: string; orgId: string; businessType: string }): ScannedCode {
  const row = authenticate(ctx, scan.text);
  const statements = fresh(ctx);
  const at = isoNow(ctx);
  return inTransaction(ctx.db, () => {
    const token = issueEcToken(ctx, {
      psnNo: row.psn_no,
      code: row.code,
      orgId: scan.orgId,
      businessType: scan.businessType,
      // The token starts with the person's 参保地, as the platform's 38-character tokens do.
      regionCode:
        activeInsurance(ctx, row.psn_no)?.regionCode ?? getPerson(ctx, row.psn_no)?.regionCode ?? '',
    });
    const claimed = statements.claim.run({
      code: row.code,
      at,
      businessType: scan.businessType,
      orgId: scan.orgId,
      token,
    });
    if (claimed.changes !== 1) {
      throw new CodeRefusal(
        statements.status.get(row.code) === 'issued' ? 'EC_CODE_EXPIRED' : 'EC_CODE_USED',
      );
    }
    // The phone showing this code hears "scanned" through its channel's webhook.
    enqueueEvent(ctx, {
      type: 'code.scanned',
      appId: row.app_id,
      payload: { code: row.code, psnNo: row.psn_no, institutionName: institutionName(ctx, scan.orgId), at },
    });
    return { code: row.code, psnNo: row.psn_no, appId: row.app_id, ecToken: token, scannedAt: at };
  });
}

function institutionName(ctx: Ctx, orgId: string): string | undefined {
  return sql(ctx).institutionName.get(orgId) ?? undefined;
}

/** 1101 with the code's ecToken: the phone then shows "identity verified". */
export function markCodeVerified(ctx: Ctx, code: string): void {
  const at = isoNow(ctx);
  if (fresh(ctx).verified.run(at, code).changes !== 1) return;
  const view = sql(ctx).view.get(code);
  if (!view) return;
  enqueueEvent(ctx, {
    type: 'code.verified',
    appId: view.app_id,
    payload: { code, psnNo: view.psn_no, institutionName: view.institution_name ?? undefined, at },
  });
}

/** Settlement with the code's ecToken; false when the code was not in a state to settle. */
export function markCodeSettled(
  ctx: Pick<SandboxContext, 'db'>,
  code: string,
  setlId: string,
  at: string,
): boolean {
  return fresh(ctx).settled.run(at, setlId, code).changes === 1;
}

export interface CodeSettlementView {
  setlId: string;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  balanceAfterFen: number | null;
  settledAt: string;
  institutionName: string;
  regionName: string;
  /** The counter reversed the settlement afterwards (2103/2208/2601). */
  reversed: boolean;
}

export interface CodeStatusView {
  psnNo: string;
  appId: string;
  status: CodeStatus;
  issuedAt: string;
  expiresAt: string;
  businessType?: string;
  institutionName?: string;
  scannedAt?: string;
  verifiedAt?: string;
  settlement?: CodeSettlementView;
}

/** Where a code stands, for the phone that shows it; undefined for a code never issued. */
export function codeStatus(
  ctx: Pick<SandboxContext, 'db' | 'now'>,
  code: string,
): CodeStatusView | undefined {
  const statements = fresh(ctx);
  const row = statements.view.get(code);
  if (!row) return undefined;
  const expired = row.status === 'issued' && row.expires_at < isoNow(ctx);
  const view: CodeStatusView = {
    psnNo: row.psn_no,
    appId: row.app_id,
    status: expired ? 'expired' : (row.status as CodeStatus),
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    ...(row.business_type ? { businessType: row.business_type } : {}),
    ...(row.institution_name ? { institutionName: row.institution_name } : {}),
    ...(row.scanned_at ? { scannedAt: row.scanned_at } : {}),
    ...(row.verified_at ? { verifiedAt: row.verified_at } : {}),
  };
  const settled = row.setl_id ? statements.settlement.get(row.setl_id) : undefined;
  if (settled) {
    view.settlement = {
      setlId: settled.setl_id,
      totalFen: settled.total_fen,
      fundFen: settled.fund_fen,
      accountFen: settled.account_fen,
      cashFen: settled.cash_fen,
      balanceAfterFen: settled.balance_after_fen,
      settledAt: settled.settled_at,
      institutionName: settled.institution_name,
      regionName: settled.region_name ?? '',
      reversed: settled.status === 'reversed',
    };
  }
  return view;
}
