// Claiming (申领/激活) the voucher on one channel: start checks that the person may have a
// voucher and opens a claim; finish sets the password — or, for someone already active on
// the other platform, verifies it (一键同步) — and makes the voucher active for the channel.
import { isValidDocument, maskName, maskPhone, type DocumentType } from '@ybm/shared';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import { isoNow, newId, type SandboxContext } from '../context';
import { chinaDay } from './china-time';
import { passwordRefusal, passwordState, setPassword, verifyPassword } from './password';
import { activeInsurance, findPersonByDocument } from './people';
import { preparedStatements } from './prepared';

/** SMS, face check and password fit comfortably in this; then start again. */
export const ACTIVATION_TTL_MS = 30 * 60_000;
/** Newly insured people may claim once this many calendar months have passed. */
const WAITING_MONTHS = 2;

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random' | 'platformKeys'>;

export interface ActivationStarted {
  activationId: string;
  psnNo: string;
  maskedName: string;
  /** The whole reserved phone: the BFF sends the SMS code itself, so it needs the number. */
  phone: string;
  /** appIds of the channels where this person's voucher is already active. */
  activatedOn: string[];
  passwordSet: boolean;
  expiresAt: string;
}

interface ActivationRow {
  psnNo: string;
  appId: string;
  platformUserId: string;
  expiresAt: string;
  finishedAt: string | null;
  synced: number | null;
}

const sql = preparedStatements((db) => ({
  vouchers: db.prepare<
    [string],
    { appId: string; status: string; platformUserId: string; activatedAt: string }
  >(
    `SELECT app_id AS appId, status, platform_user_id AS platformUserId, activated_at AS activatedAt
     FROM vouchers WHERE psn_no = ? ORDER BY activated_at`,
  ),
  voucher: db.prepare<
    [string, string],
    { status: string; platformUserId: string; activatedAt: string | null }
  >(
    `SELECT status, platform_user_id AS platformUserId, activated_at AS activatedAt
     FROM vouchers WHERE psn_no = ? AND app_id = ?`,
  ),
  // A claim never downgrades an active voucher to pending.
  pending: db.prepare(
    `INSERT INTO vouchers (psn_no, app_id, platform_user_id, status, started_at)
     VALUES (@psnNo, @appId, @platformUserId, 'pending', @at)
     ON CONFLICT (psn_no, app_id) DO UPDATE SET platform_user_id = excluded.platform_user_id,
       status = 'pending', started_at = excluded.started_at, revoked_at = NULL
     WHERE vouchers.status <> 'active'`,
  ),
  activate: db.prepare(
    `INSERT INTO vouchers (psn_no, app_id, platform_user_id, status, started_at, activated_at)
     VALUES (@psnNo, @appId, @platformUserId, 'active', @at, @at)
     ON CONFLICT (psn_no, app_id) DO UPDATE SET platform_user_id = excluded.platform_user_id,
       status = 'active', activated_at = excluded.activated_at, revoked_at = NULL`,
  ),
  insert: db.prepare(
    `INSERT INTO activations (activation_id, psn_no, app_id, platform_user_id, started_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
  find: db.prepare<[string], ActivationRow>(
    `SELECT psn_no AS psnNo, app_id AS appId, platform_user_id AS platformUserId,
       expires_at AS expiresAt, finished_at AS finishedAt, synced
     FROM activations WHERE activation_id = ?`,
  ),
  finish: db.prepare('UPDATE activations SET finished_at = ?, synced = ? WHERE activation_id = ?'),
}));

/** Names compare without spacing differences, full-width forms or the many middle dots. */
function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[•・.．]/g, '·')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

/** The first day (YYYY-MM-DD) the person may claim: insured date + 2 months, clamped to month end. */
export function claimableFrom(insuredDate: string): string {
  const [y = 0, m = 1, d = 1] = insuredDate.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + WAITING_MONTHS, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

function activeChannels(ctx: Ctx, psnNo: string): string[] {
  return sql(ctx)
    .vouchers.all(psnNo)
    .filter((voucher) => voucher.status === 'active')
    .map((voucher) => voucher.appId);
}

/** The checks in the order the platform makes them; each refusal says what to do. */
export function startActivation(
  ctx: Ctx,
  appId: string,
  claim: { docType: DocumentType; docNumber: string; name: string; platformUserId: string },
): ActivationStarted {
  if (!isValidDocument(claim.docType, claim.docNumber)) {
    throw new PlatformRefusal('DOCUMENT_INVALID', '证件号码格式有误，请核对后重新输入');
  }
  const people = findPersonByDocument(ctx, claim.docType, claim.docNumber);
  const person = people[0];
  if (!person) {
    throw new PlatformRefusal(
      'PERSON_NOT_FOUND',
      '未查询到您的参保信息，请核对证件信息或咨询参保地医保经办机构',
    );
  }
  if (people.length > 1) {
    throw new PlatformRefusal(
      'MULTIPLE_PERSON_RECORDS',
      '您的证件存在多条参保人员记录，请到参保地医保经办机构合并后再申领',
    );
  }
  if (normaliseName(person.name) !== normaliseName(claim.name)) {
    throw new PlatformRefusal('NAME_MISMATCH', '姓名与证件登记信息不一致，请核对后重新输入');
  }
  const insurance = activeInsurance(ctx, person.psnNo);
  if (!insurance) throw new PlatformRefusal('NOT_INSURED', '您当前没有参保记录，请先办理参保登记');
  if (insurance.status === 'suspended') {
    throw new PlatformRefusal(
      'INSURANCE_SUSPENDED',
      '您的医保处于暂停参保状态，请联系参保单位或医保经办机构',
    );
  }
  const from = claimableFrom(insurance.insuredDate);
  if (chinaDay(ctx.now()) < from) {
    throw new PlatformRefusal(
      'INSURED_TOO_RECENTLY',
      `参保未满两个月，暂不能申领医保码，请于${from}起再来申领`,
    );
  }
  // Two different facts, two refusals: no phone was ever registered (often an elderly person
  // or a child), or the one registered no longer works (the carriers say it was stopped).
  if (!person.phone) {
    throw new PlatformRefusal(
      'NO_PHONE_ON_RECORD',
      '医保登记信息中没有预留手机号，请到医保经办机构登记手机号，或由亲属通过亲情账户代为使用',
    );
  }
  if (person.phoneStatus === 'out_of_service') {
    throw new PlatformRefusal(
      'RESERVED_PHONE_OUT_OF_SERVICE',
      `预留手机号${maskPhone(person.phone)}已停机或销号，无法接收验证码，请到医保经办机构变更预留手机号`,
    );
  }
  const bound = sql(ctx).voucher.get(person.psnNo, appId);
  if (bound?.status === 'active' && bound.platformUserId !== claim.platformUserId) {
    throw new PlatformRefusal(
      'VOUCHER_BOUND_TO_ANOTHER_ACCOUNT',
      '您的医保码已在本平台的其他账号激活，请先在该账号中解除绑定',
    );
  }

  const activationId = newId(ctx, 'ACT', 12);
  const at = isoNow(ctx);
  const expiresAt = new Date(ctx.now() + ACTIVATION_TTL_MS).toISOString();
  inTransaction(ctx.db, () => {
    sql(ctx).insert.run(activationId, person.psnNo, appId, claim.platformUserId, at, expiresAt);
    sql(ctx).pending.run({ psnNo: person.psnNo, appId, platformUserId: claim.platformUserId, at });
  });
  return {
    activationId,
    psnNo: person.psnNo,
    maskedName: maskName(person.name),
    phone: person.phone,
    activatedOn: activeChannels(ctx, person.psnNo),
    passwordSet: passwordState(ctx, person.psnNo).set,
    expiresAt,
  };
}

/**
 * Finishes a claim with the decrypted password. A retried finish of a claim that already
 * finished answers as the first one did.
 */
export async function finishActivation(
  ctx: Ctx,
  appId: string,
  activationId: string,
  password: string,
): Promise<{ psnNo: string; activatedAt: string; synced: boolean }> {
  const claim = sql(ctx).find.get(activationId);
  if (!claim || claim.appId !== appId) {
    throw new PlatformRefusal('ACTIVATION_NOT_FOUND', '申领流程不存在，请重新开始申领');
  }
  if (claim.finishedAt) {
    const voucher = sql(ctx).voucher.get(claim.psnNo, appId);
    if (voucher?.status === 'active' && voucher.activatedAt) {
      return { psnNo: claim.psnNo, activatedAt: voucher.activatedAt, synced: claim.synced === 1 };
    }
    throw new PlatformRefusal('ACTIVATION_NOT_FOUND', '申领流程已结束，请重新开始申领');
  }
  if (claim.expiresAt < isoNow(ctx)) {
    throw new PlatformRefusal('ACTIVATION_EXPIRED', '申领已超时，请重新开始申领');
  }

  // 一键同步: the person already has a password (active on the other platform) — prove it.
  let synced = passwordState(ctx, claim.psnNo).set;
  if (!synced) synced = !(await setPassword(ctx, claim.psnNo, password, { onlyIfAbsent: true }));
  if (synced) {
    const result = await verifyPassword(ctx, claim.psnNo, password);
    if (!result.ok) throw passwordRefusal(result);
  }

  const at = isoNow(ctx);
  inTransaction(ctx.db, () => {
    const bound = sql(ctx).voucher.get(claim.psnNo, appId);
    if (bound?.status === 'active' && bound.platformUserId !== claim.platformUserId) {
      throw new PlatformRefusal(
        'VOUCHER_BOUND_TO_ANOTHER_ACCOUNT',
        '您的医保码已在本平台的其他账号激活，请先在该账号中解除绑定',
      );
    }
    sql(ctx).activate.run({ psnNo: claim.psnNo, appId, platformUserId: claim.platformUserId, at });
    sql(ctx).finish.run(at, synced ? 1 : 0, activationId);
  });
  return { psnNo: claim.psnNo, activatedAt: at, synced };
}
