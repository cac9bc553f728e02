// A person's voucher per channel (one row per (psnNo, appId)): whether it is active where a
// call comes from, the status on every channel, and unbinding from one channel.
import { PlatformRefusal } from '../channel/operation';
import { isoNow, type SandboxContext } from '../context';
import { preparedStatements } from './prepared';

type Ctx = Pick<SandboxContext, 'db' | 'now'>;

export interface ChannelVoucher {
  appId: string;
  status: 'pending' | 'active' | 'revoked';
  platformUserId: string;
  startedAt: string;
  activatedAt: string | null;
  revokedAt: string | null;
}

const sql = preparedStatements((db) => ({
  all: db.prepare<[string], ChannelVoucher>(
    `SELECT app_id AS appId, status, platform_user_id AS platformUserId, started_at AS startedAt,
       activated_at AS activatedAt, revoked_at AS revokedAt
     FROM vouchers WHERE psn_no = ? ORDER BY app_id`,
  ),
  status: db
    .prepare<[string, string], string>('SELECT status FROM vouchers WHERE psn_no = ? AND app_id = ?')
    .pluck(),
  // The most recently activated channel: where a bill for this person is announced.
  latestActive: db
    .prepare<[string], string>(
      `SELECT app_id FROM vouchers WHERE psn_no = ? AND status = 'active'
       ORDER BY activated_at DESC, app_id LIMIT 1`,
    )
    .pluck(),
  revoke: db.prepare(
    `UPDATE vouchers SET status = 'revoked', revoked_at = ? WHERE psn_no = ? AND app_id = ? AND status = 'active'`,
  ),
}));

export function channelVouchers(ctx: Ctx, psnNo: string): ChannelVoucher[] {
  return sql(ctx).all.all(psnNo);
}

/** Refuses unless the person's voucher is active on this channel. */
export function requireActiveVoucher(ctx: Ctx, psnNo: string, appId: string): void {
  if (sql(ctx).status.get(psnNo, appId) !== 'active') {
    throw new PlatformRefusal('VOUCHER_NOT_ACTIVE', '医保电子凭证未在本平台激活，请先激活');
  }
}

export function latestActiveChannel(ctx: Ctx, psnNo: string): string | null {
  return sql(ctx).latestActive.get(psnNo) ?? null;
}

/** Unbinds the voucher from this channel; the password and other channels stay. */
export function revokeVoucher(ctx: Ctx, psnNo: string, appId: string): { psnNo: string; revokedAt: string } {
  const at = isoNow(ctx);
  if (sql(ctx).revoke.run(at, psnNo, appId).changes === 0) {
    throw new PlatformRefusal('VOUCHER_NOT_ACTIVE', '医保电子凭证未在本平台激活，无需解绑');
  }
  return { psnNo, revokedAt: at };
}
