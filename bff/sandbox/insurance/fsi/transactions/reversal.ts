// 2601 冲正: the counter does not know whether a message went through (a timeout) and asks
// the platform to undo it by its msgid. A settlement (2102/2207) is reversed; a reversal
// (2103/2208) is undone, so the settlement stands again. Either way the BFF is told
// (settlement.reversed / settlement.reinstated), so the phone does not keep an old story.
import { fenToYuan } from '@ybm/shared';
import { FSI_INFNOS } from '@ybm/shared/protocol';

import { preparedStatements } from '../../domain/prepared';
import { reinstateSettlement, reverseSettlement, type SettlementResult } from '../../domain/settle';
import { fsiTransaction } from '../dispatch';
import { FsiError } from '../errors';
import { checkInsuredPlace } from '../identify';
import { visitSql } from './visits';

const sql = preparedStatements((db) => ({
  original: db.prepare<
    [string],
    { infno: string; fixmedinsCode: string; psnNo: string | null; refId: string | null; infcode: number }
  >(
    `SELECT infno, fixmedins_code AS fixmedinsCode, psn_no AS psnNo, ref_id AS refId, infcode
     FROM fsi_messages WHERE msgid = ?`,
  ),
}));

export const correction = fsiTransaction({
  input: FSI_INFNOS['2601'].input,
  run(ctx, call, { data }) {
    const original = sql(ctx).original.get(data.omsgid);
    if (!original || original.fixmedinsCode !== call.fixmedinsCode) {
      throw new FsiError(`原交易[${data.omsgid}]不存在`);
    }
    if (original.infno !== data.oinfno) throw new FsiError('原交易编号(oinfno)与原报文不符');
    if (original.infcode !== 0) throw new FsiError('原交易未成功，无需冲正');
    if (original.psnNo !== data.psn_no) throw new FsiError('人员编号与原交易不符');
    checkInsuredPlace(ctx, call, data.psn_no);
    const setlId = original.refId ?? '';
    let result: SettlementResult;
    switch (data.oinfno) {
      case '2102':
      case '2207':
        result = reverseSettlement(ctx, setlId, { reason: `2601 冲正 ${data.omsgid}`, cause: 'corrected' });
        if (data.oinfno === '2207') visitSql(ctx).setStatus.run('open', result.mdtrtId);
        break;
      case '2103':
      case '2208':
        result = reinstateSettlement(ctx, setlId);
        if (data.oinfno === '2208') visitSql(ctx).setStatus.run('settled', result.mdtrtId);
        break;
      default:
        throw new FsiError(`交易[${data.oinfno}]不支持冲正`);
    }
    return {
      psnNo: data.psn_no,
      refId: setlId,
      output: {
        data: {
          omsgid: data.omsgid,
          oinfno: data.oinfno,
          setl_id: setlId,
          setl_stas: result.status === 'settled' ? '1' : '0',
          balc: result.balanceAfterFen === null ? 0 : Number(fenToYuan(result.balanceAfterFen)),
        },
      },
    };
  },
});
