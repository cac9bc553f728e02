// Personal accounts: the ledger is the truth and accounts.balance_fen its cached sum,
// both written in one transaction. Nothing may take a balance below zero.
import type { SandboxContext } from '../context';
import { isoNow } from '../context';
import { preparedStatements } from './prepared';

export type LedgerKind = 'contribution' | 'payment' | 'reversal' | 'refund' | 'adjustment';

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  amountFen: number;
  refType: string | null;
  refId: string | null;
  memo: string | null;
  createdAt: string;
}

export class InsufficientBalance extends Error {
  constructor(
    readonly balanceFen: number,
    readonly wantedFen: number,
  ) {
    super(`balance ${balanceFen} fen is less than ${wantedFen} fen`);
    this.name = 'InsufficientBalance';
  }
}

type Ctx = Pick<SandboxContext, 'db' | 'now'>;

// Prepared once per database: every settlement and balance read goes through here.
const sql = preparedStatements((db) => ({
  hasAccount: db.prepare<[string]>('SELECT 1 FROM accounts WHERE psn_no = ?'),
  openAccount: db.prepare(
    'INSERT INTO accounts (psn_no, balance_fen, updated_at) VALUES (?, 0, ?) ON CONFLICT DO NOTHING',
  ),
  balance: db.prepare<[string], number>('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck(),
  insert: db.prepare(
    `INSERT INTO ledger (psn_no, kind, amount_fen, ref_type, ref_id, memo, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  setBalance: db.prepare('UPDATE accounts SET balance_fen = ?, updated_at = ? WHERE psn_no = ?'),
  page: db.prepare<[string, number, number], LedgerEntry>(
    `SELECT id, kind, amount_fen AS amountFen, ref_type AS refType, ref_id AS refId, memo, created_at AS createdAt
     FROM ledger WHERE psn_no = ? AND id < ? ORDER BY id DESC LIMIT ?`,
  ),
  sum: db
    .prepare<[string], number>('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger WHERE psn_no = ?')
    .pluck(),
}));

export function hasAccount(ctx: Ctx, psnNo: string): boolean {
  return sql(ctx).hasAccount.get(psnNo) !== undefined;
}

export function openAccount(ctx: Ctx, psnNo: string): void {
  sql(ctx).openAccount.run(psnNo, isoNow(ctx));
}

export function balanceOf(ctx: Ctx, psnNo: string): number | undefined {
  return sql(ctx).balance.get(psnNo);
}

/**
 * Adds a signed amount to a person's account (negative = money out) and returns the new
 * balance. Run inside the caller's transaction when it belongs with other writes.
 */
export function post(
  ctx: Ctx,
  entry: {
    psnNo: string;
    kind: LedgerKind;
    amountFen: number;
    refType?: string;
    refId?: string;
    memo?: string;
    at?: string;
  },
): number {
  if (!Number.isSafeInteger(entry.amountFen)) throw new RangeError('ledger amounts are integer fen');
  const balance = balanceOf(ctx, entry.psnNo);
  if (balance === undefined) throw new Error(`person ${entry.psnNo} has no personal account`);
  const next = balance + entry.amountFen;
  if (next < 0) throw new InsufficientBalance(balance, -entry.amountFen);
  const at = entry.at ?? isoNow(ctx);
  const statements = sql(ctx);
  statements.insert.run(
    entry.psnNo,
    entry.kind,
    entry.amountFen,
    entry.refType ?? null,
    entry.refId ?? null,
    entry.memo ?? null,
    at,
  );
  statements.setBalance.run(next, at, entry.psnNo);
  return next;
}

/** A page of a person's ledger, newest first, by keyset (beforeId) so deep pages stay fast. */
export function ledgerPage(
  ctx: Ctx,
  psnNo: string,
  options: { beforeId?: number; limit: number },
): LedgerEntry[] {
  return sql(ctx).page.all(psnNo, options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit);
}

/** The invariant the property tests check: the cached balance equals the ledger's sum. */
export function ledgerSum(ctx: Ctx, psnNo: string): number {
  return sql(ctx).sum.get(psnNo) ?? 0;
}
