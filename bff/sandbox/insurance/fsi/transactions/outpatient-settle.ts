// 2206 门诊预结算 / 2207 门诊结算 / 2208 门诊结算撤销 over the fees uploaded by 2204:
// the stated total must equal the uploaded lines; 2207 closes the visit, 2208 reopens it.
import { fenToYuan } from '@ybm/shared';
import { FSI_INFNOS, type FsiInput } from '@ybm/shared/protocol';

import type { SandboxContext } from '../../context';
import { chinaDay } from '../../domain/china-time';
import { EC_TOKEN_REFUSALS } from '../../domain/ec-token';
import { reverseSettlement, settle } from '../../domain/settle';
import { catalogueEntry, toItem } from '../basket';
import { fsiTransaction, type FsiCall } from '../dispatch';
import { FsiError } from '../errors';
import { checkInsuredPlace, checkPassword, identify } from '../identify';
import { setldetail, setlinfo } from '../setlinfo';
import { passwordNeeded, settlementToReverse } from './pharmacy';
import { visitFor, visitSql } from './visits';

function runOutpatient(ctx: SandboxContext, call: FsiCall, { data }: FsiInput<'2206'>, final: boolean) {
  const who = identify(ctx, call, {
    certType: data.mdtrt_cert_type,
    certNo: data.mdtrt_cert_no,
    cardSn: data.card_sn,
    psnCertType: data.psn_cert_type,
    psnNo: data.psn_no,
  });
  checkInsuredPlace(ctx, call, who.psnNo);
  if (final && who.codeSettled) throw new FsiError(EC_TOKEN_REFUSALS.settled);
  const visit = visitFor(ctx, call, data.mdtrt_id, who.psnNo);
  if (visit.insutype !== data.insutype) throw new FsiError('险种类型(insutype)与挂号信息不符');

  const fees = visitSql(ctx)
    .fees.all(data.mdtrt_id)
    .filter((fee) => !data.chrg_bchno || fee.chrgBchno === data.chrg_bchno);
  if (fees.length === 0) throw new FsiError('该就诊没有待结算的费用明细，请先上传(2204)');
  const sum = fees.reduce((total, fee) => total + fee.amountFen, 0);
  if (sum !== data.medfee_sumamt) {
    throw new FsiError(
      `医疗费总额(medfee_sumamt)${fenToYuan(data.medfee_sumamt)}元与已上传明细合计${fenToYuan(sum)}元不符`,
    );
  }
  const day = chinaDay(ctx.now());
  const result = settle(ctx, {
    kind: 'outpatient',
    psnNo: who.psnNo,
    fixmedinsCode: call.fixmedinsCode,
    mdtrtId: data.mdtrt_id,
    certType: who.certType,
    code: final ? who.code : null,
    items: fees.map((fee) => toItem(catalogueEntry(ctx, fee.code, day), fee)),
    useAccount: data.acct_used_flag === '1',
    msgid: call.msgid,
    medType: data.med_type,
    dryRun: !final,
  });
  if (final) visitSql(ctx).setStatus.run('settled', data.mdtrt_id);
  return {
    psnNo: who.psnNo,
    refId: final ? result.setlId : null,
    output: {
      setlinfo: setlinfo(ctx, result, { medType: data.med_type, msgid: call.msgid }),
      setldetail: setldetail(result),
    },
  };
}

export const outpatientPreSettle = fsiTransaction({
  input: FSI_INFNOS['2206'].input,
  run: (ctx, call, input) => runOutpatient(ctx, call, input, false),
});

export const outpatientSettle = fsiTransaction({
  input: FSI_INFNOS['2207'].input,
  async prepare(ctx, _call, { data }) {
    if (passwordNeeded(ctx, data.mdtrt_cert_type, data.acct_used_flag === '1', data.psn_no)) {
      await checkPassword(ctx, data.psn_no, data.psn_pwd);
    }
  },
  run: (ctx, call, input) => runOutpatient(ctx, call, input, true),
});

export const outpatientReverse = fsiTransaction({
  input: FSI_INFNOS['2208'].input,
  run(ctx, call, { data }) {
    settlementToReverse(ctx, call, data, 'outpatient');
    const result = reverseSettlement(ctx, data.setl_id, { reason: '2208 门诊结算撤销', cause: 'reversed' });
    // The visit is open again: the counter may settle it anew or cancel it.
    visitSql(ctx).setStatus.run('open', data.mdtrt_id);
    return {
      psnNo: result.psnNo,
      refId: result.setlId,
      output: { setlinfo: setlinfo(ctx, result, { medType: '11', msgid: call.msgid, reversal: true }) },
    };
  },
});
