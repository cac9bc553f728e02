// 9001 签到: an operator signs the institution in; every other transaction then carries
// the sign_no it got.
import { z } from 'zod';

import { isoNow, randomDigits } from '../../context';
import { chinaCompact, chinaDateTime } from '../../domain/china-time';
import { preparedStatements } from '../../domain/prepared';
import { fsiTransaction } from '../dispatch';
import { optionalText, text } from '../fields';

const sql = preparedStatements((db) => ({
  insert: db.prepare(
    'INSERT INTO sign_ins (sign_no, fixmedins_code, opter_no, signed_in_at) VALUES (?, ?, ?, ?)',
  ),
}));

export const signIn = fsiTransaction({
  signIn: false,
  input: z.object({
    signIn: z.object({ opter_no: text(30), mac: optionalText(60), ip: optionalText(60) }),
  }),
  run(ctx, call, input) {
    const now = ctx.now();
    const signNo = `${chinaCompact(now)}${randomDigits(ctx, 6)}`;
    sql(ctx).insert.run(signNo, call.fixmedinsCode, input.signIn.opter_no, isoNow(ctx));
    return { output: { signinoutb: { sign_time: chinaDateTime(now), sign_no: signNo } }, refId: signNo };
  },
});
