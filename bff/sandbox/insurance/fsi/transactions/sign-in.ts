// 9001 签到: an operator signs the institution in; every other transaction then carries
// the sign_no it got, until 9002 签退 closes it.

import { FSI_INFNOS } from '@ybm/shared/protocol';

import { isoNow, randomDigits } from '../../context';
import { chinaCompact, chinaDateTime } from '../../domain/china-time';
import { preparedStatements } from '../../domain/prepared';
import { fsiTransaction } from '../dispatch';
import { FsiError } from '../errors';

const sql = preparedStatements((db) => ({
  insert: db.prepare(
    'INSERT INTO sign_ins (sign_no, fixmedins_code, opter_no, signed_in_at) VALUES (?, ?, ?, ?)',
  ),
  signOut: db.prepare(
    `UPDATE sign_ins SET signed_out_at = ?
     WHERE sign_no = ? AND fixmedins_code = ? AND signed_out_at IS NULL`,
  ),
}));

export const signIn = fsiTransaction({
  signIn: false,
  input: FSI_INFNOS['9001'].input,
  run(ctx, call, input) {
    const now = ctx.now();
    const signNo = `${chinaCompact(now)}${randomDigits(ctx, 6)}`;
    sql(ctx).insert.run(signNo, call.fixmedinsCode, input.signIn.opter_no, isoNow(ctx));
    return { output: { signinoutb: { sign_time: chinaDateTime(now), sign_no: signNo } }, refId: signNo };
  },
});

export const signOut = fsiTransaction({
  input: FSI_INFNOS['9002'].input,
  run(ctx, call, input) {
    const now = ctx.now();
    const { sign_no: signNo } = input.signOut;
    if (sql(ctx).signOut.run(isoNow(ctx), signNo, call.fixmedinsCode).changes === 0) {
      throw new FsiError(`签到编号[${signNo}]不存在或已签退`);
    }
    return { output: { signoutoutb: { sign_time: chinaDateTime(now) } }, refId: signNo };
  },
});
