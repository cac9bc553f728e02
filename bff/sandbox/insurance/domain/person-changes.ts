// What a channel may change about a person on the word of its own checks — a forgotten
// password (SMS to the reserved phone + face check) and a reserved phone that no longer works
// (face check + SMS to the new number) — each written with its audit row in one transaction:
// which channel, which face check, when, the phones only masked.
import { maskPhone, type DocumentType } from '@ybm/shared';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import { isoNow, type SandboxContext } from '../context';
import { setPassword } from './password';
import { getPerson, type PersonRecord } from './people';
import { identifyPerson } from './person-summary';
import { preparedStatements } from './prepared';
import { requireActiveVoucher } from './vouchers';

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random' | 'platformKeys'>;

export interface FaceCheck {
  provider: 'wechat' | 'alipay';
  id: string;
}

const sql = preparedStatements((db) => ({
  audit: db.prepare(
    `INSERT INTO person_changes (psn_no, app_id, kind, face_check_id, old_phone_masked, new_phone_masked, changed_at)
     VALUES (@psnNo, @appId, @kind, @faceCheckId, @oldPhone, @newPhone, @at)`,
  ),
  phone: db.prepare(`UPDATE persons SET phone = ?, phone_status = 'in_service' WHERE psn_no = ?`),
}));

const faceCheckId = (check: FaceCheck) => `${check.provider}:${check.id}`;

/** A new password after the channel's SMS and face checks; today's failed tries no longer count. */
export async function resetPassword(
  ctx: Ctx,
  appId: string,
  input: { psnNo: string; password: string; faceCheck: FaceCheck },
): Promise<{ psnNo: string; resetAt: string }> {
  requireActiveVoucher(ctx, input.psnNo, appId);
  // The weakness rules and the hash (setPassword) first: the slow part awaits outside the
  // transaction, and the audit row follows the write it describes.
  await setPassword(ctx, input.psnNo, input.password);
  const at = isoNow(ctx);
  sql(ctx).audit.run({
    psnNo: input.psnNo,
    appId,
    kind: 'password_reset',
    faceCheckId: faceCheckId(input.faceCheck),
    oldPhone: null,
    newPhone: null,
    at,
  });
  return { psnNo: input.psnNo, resetAt: at };
}

type PersonRef = { psnNo: string } | { docType: DocumentType; docNumber: string; name: string };

function personOf(ctx: Ctx, appId: string, ref: PersonRef): PersonRecord {
  if ('psnNo' in ref) {
    requireActiveVoucher(ctx, ref.psnNo, appId);
    const person = getPerson(ctx, ref.psnNo);
    if (person) return person;
    throw new PlatformRefusal('PERSON_NOT_FOUND', '未查询到您的参保信息，请核对证件信息');
  }
  return identifyPerson(ctx, ref);
}

/** The new reserved phone, working (its SMS code was just read back), with its audit row. */
export function replacePhone(
  ctx: Ctx,
  appId: string,
  input: { personRef: PersonRef; newPhone: string; faceCheck: FaceCheck },
): { psnNo: string; maskedPhone: string; replacedAt: string } {
  const person = personOf(ctx, appId, input.personRef);
  if (person.phone === input.newPhone && person.phoneStatus === 'in_service') {
    throw new PlatformRefusal('PHONE_UNCHANGED', '新手机号与预留手机号相同，无需更换');
  }
  const at = isoNow(ctx);
  inTransaction(ctx.db, () => {
    sql(ctx).phone.run(input.newPhone, person.psnNo);
    sql(ctx).audit.run({
      psnNo: person.psnNo,
      appId,
      kind: 'phone_replace',
      faceCheckId: faceCheckId(input.faceCheck),
      oldPhone: person.phone ? maskPhone(person.phone) : null,
      newPhone: maskPhone(input.newPhone),
      at,
    });
  });
  return { psnNo: person.psnNo, maskedPhone: maskPhone(input.newPhone), replacedAt: at };
}
