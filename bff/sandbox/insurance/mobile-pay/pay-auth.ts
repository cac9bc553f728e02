// payAuthNo: the person's consent to pay one order, issued to their channel once the
// voucher password is verified (the BFF's pay page asks for it), good for 5 minutes and
// used once by 6202 — the sandbox's stand-in for the platforms' 医保 authorisation pages.
import { ORD_STAS } from '@ybm/shared/protocol';

import { PlatformRefusal } from '../channel/operation';
import { isoNow, newId, type SandboxContext } from '../context';
import { decryptPasswordCipher, passwordRefusal, passwordState, verifyPassword } from '../domain/password';
import { requireLiveLink } from '../domain/family';
import { balanceOf } from '../domain/ledger';
import { activeInsurance } from '../domain/people';
import { preparedFor } from '../domain/prepared';
import { requireActiveVoucher } from '../domain/vouchers';
import { findOrder, type PayOrder } from './orders';

export const PAY_AUTH_TTL_MS = 5 * 60_000;

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random' | 'platformKeys'>;

interface AuthRow {
  psnNo: string;
  payOrdId: string;
  expiresAt: string;
  usedAt: string | null;
  /** 家庭共济: whose personal account pays the account part (null: the order's person). */
  accountPsnNo: string | null;
}

/** 家庭共济 (2021 national policy): an employee's account may pay for these relations. */
const MUTUAL_AID_RELATIONS = new Set(['spouse', 'parent', 'child']);

const statements = preparedFor((db) => ({
  insert: db.prepare(
    `INSERT INTO pay_auths (pay_auth_no, psn_no, pay_ord_id, app_id, issued_at, expires_at, guardian_psn_no,
       account_psn_no)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  find: db.prepare<[string], AuthRow>(
    `SELECT psn_no AS psnNo, pay_ord_id AS payOrdId, expires_at AS expiresAt, used_at AS usedAt,
       account_psn_no AS accountPsnNo
     FROM pay_auths WHERE pay_auth_no = ?`,
  ),
  use: db.prepare('UPDATE pay_auths SET used_at = ? WHERE pay_auth_no = ? AND used_at IS NULL'),
}));

/** Refuses unless the order can still be paid (ordStas 1). */
export function assertPayable(order: PayOrder): void {
  if (order.ordStas === ORD_STAS.preSettled) return;
  if (order.ordStas === ORD_STAS.revoked) throw new PlatformRefusal('ORDER_REVOKED', '订单已撤销，不能支付');
  throw new PlatformRefusal('ORDER_ALREADY_PAID', '订单已支付，请勿重复支付');
}

/** The order as the person's channel may see it: theirs, or not found. */
export function personsOrder(ctx: Pick<SandboxContext, 'db'>, psnNo: string, payOrdId: string): PayOrder {
  const order = findOrder(ctx, payOrdId);
  if (!order || order.psnNo !== psnNo) throw new PlatformRefusal('ORDER_NOT_FOUND', '订单不存在');
  return order;
}

/**
 * 家庭共济: the guardian's own personal account pays a member's personal part only when the
 * guardian is an insured employee with an account and the member is their spouse, parent or child.
 */
function assertMutualAid(ctx: Ctx, guardianPsnNo: string, relation: string): void {
  const insurance = activeInsurance(ctx, guardianPsnNo);
  const employee = insurance?.insutype === '310' && insurance.status === 'active';
  if (!employee || balanceOf(ctx, guardianPsnNo) === undefined || !MUTUAL_AID_RELATIONS.has(relation)) {
    throw new PlatformRefusal(
      'FAMILY_MUTUAL_AID_NOT_ALLOWED',
      '家庭共济仅限职工医保参保人用本人个人账户为配偶、父母、子女支付',
    );
  }
}

export async function issuePayAuth(
  ctx: Ctx,
  appId: string,
  request: {
    psnNo: string;
    payOrdId: string;
    passwordCipher: string;
    guardianPsnNo?: string;
    accountOf?: 'member' | 'guardian';
  },
): Promise<{ payAuthNo: string; payOrdId: string; expiresAt: string }> {
  // Who authorises: the order's person, or a guardian acting for them under a live link.
  const guardian = request.guardianPsnNo;
  const payer = guardian ?? request.psnNo;
  requireActiveVoucher(ctx, payer, appId);
  let accountPsnNo: string | null = null;
  if (guardian) {
    const link = requireLiveLink(ctx, guardian, request.psnNo);
    if (request.accountOf === 'guardian') {
      assertMutualAid(ctx, guardian, link.relation);
      accountPsnNo = guardian;
    }
  } else if (request.accountOf === 'guardian') {
    throw new PlatformRefusal('FAMILY_MUTUAL_AID_NOT_ALLOWED', '家庭共济须由亲情账户的监护人发起');
  }
  assertPayable(personsOrder(ctx, request.psnNo, request.payOrdId));
  const password = decryptPasswordCipher(ctx, request.passwordCipher);
  if (passwordState(ctx, payer).locked) throw passwordRefusal({ ok: false, remaining: 0, locked: true });
  const verified = await verifyPassword(ctx, payer, password);
  if (!verified.ok) throw passwordRefusal(verified);

  // The order may have been paid or revoked while the password was being checked.
  assertPayable(personsOrder(ctx, request.psnNo, request.payOrdId));
  const payAuthNo = newId(ctx, 'PAN', 16);
  const expiresAt = new Date(ctx.now() + PAY_AUTH_TTL_MS).toISOString();
  statements(ctx.db).insert.run(
    payAuthNo,
    request.psnNo,
    request.payOrdId,
    appId,
    isoNow(ctx),
    expiresAt,
    guardian ?? null,
    accountPsnNo,
  );
  return { payAuthNo, payOrdId: request.payOrdId, expiresAt };
}

/**
 * Uses a payAuthNo for this order; call inside the 6202 transaction so a refusal undoes it.
 * Returns whose personal account pays (家庭共济: the guardian's), or null for the order's person.
 */
export function consumePayAuth(
  ctx: Pick<SandboxContext, 'db' | 'now'>,
  payAuthNo: string,
  order: PayOrder,
): string | null {
  const auth = statements(ctx.db).find.get(payAuthNo);
  if (!auth || auth.payOrdId !== order.payOrdId || auth.psnNo !== order.psnNo) {
    throw new PlatformRefusal('PAY_AUTH_INVALID', '支付授权码无效，请重新授权');
  }
  if (auth.usedAt) throw new PlatformRefusal('PAY_AUTH_USED', '支付授权码已使用，请重新授权');
  const at = isoNow(ctx);
  if (auth.expiresAt < at) throw new PlatformRefusal('PAY_AUTH_EXPIRED', '支付授权已过期，请重新授权');
  statements(ctx.db).use.run(at, payAuthNo);
  return auth.accountPsnNo;
}
