// 2101 药店预结算 / 2102 药店结算 / 2103 药店结算撤销: a basket of drugs (druginfo +
// drugdetail[]) priced by the catalogue and the person's rules; 2102 debits the personal
// account and, with an ecToken, settles the code so the phone shows the amount.

import { FSI_INFNOS, type FsiInput } from '@ybm/shared/protocol';

import { randomDigits, type SandboxContext } from '../../context';
import { chinaCompact, chinaDay } from '../../domain/china-time';
import { EC_TOKEN_REFUSALS } from '../../domain/ec-token';
import { balanceOf } from '../../domain/ledger';
import { activeInsurance } from '../../domain/people';
import { findSettlement, reverseSettlement, settle } from '../../domain/settle';
import { basket } from '../basket';
import { fsiTransaction, type FsiCall } from '../dispatch';
import { FsiError } from '../errors';
import { checkInsuredPlace, checkPassword, identify } from '../identify';
import { setldetail, setlinfo } from '../setlinfo';

export function newMdtrtId(ctx: Pick<SandboxContext, 'now' | 'random'>): string {
  return `MDT${chinaCompact(ctx.now())}${randomDigits(ctx, 8)}`;
}

/** Whether the person must give the voucher password: an ID number paying from an account. */
export function passwordNeeded(ctx: SandboxContext, cert: string, useAccount: boolean, person: string) {
  return cert === '02' && useAccount && balanceOf(ctx, person) !== undefined;
}

function runDrugs(ctx: SandboxContext, call: FsiCall, input: FsiInput<'2101'>, final: boolean) {
  const info = input.druginfo;
  const who = identify(ctx, call, {
    certType: info.mdtrt_cert_type,
    certNo: info.mdtrt_cert_no,
    cardSn: info.card_sn,
    psnCertType: info.psn_cert_type,
    psnNo: info.psn_no,
  });
  checkInsuredPlace(ctx, call, who.psnNo);
  if (final && who.codeSettled) throw new FsiError(EC_TOKEN_REFUSALS.settled);
  const insurance = activeInsurance(ctx, who.psnNo);
  if (insurance && insurance.insutype !== info.insutype)
    throw new FsiError('险种类型(insutype)与参保信息不符');
  const lines = input.drugdetail.map((line) => ({
    sn: line.feedetl_sn,
    code: line.med_list_codg,
    qty: line.cnt,
    priceFen: line.pric,
    amountFen: line.det_item_fee_sumamt,
  }));
  const medType = info.med_type ?? '41'; // 41 定点药店购药
  const result = settle(ctx, {
    kind: 'pharmacy',
    psnNo: who.psnNo,
    fixmedinsCode: call.fixmedinsCode,
    mdtrtId: info.mdtrt_id ?? newMdtrtId(ctx),
    certType: who.certType,
    code: final ? who.code : null,
    items: basket(ctx, lines, info.medfee_sumamt, chinaDay(ctx.now())),
    useAccount: info.acct_used_flag === '1',
    msgid: call.msgid,
    medType,
    dryRun: !final,
  });
  return {
    psnNo: who.psnNo,
    refId: final ? result.setlId : null,
    output: {
      setlinfo: setlinfo(ctx, result, { medType, msgid: call.msgid }),
      setldetail: setldetail(result),
    },
  };
}

export const pharmacyPreSettle = fsiTransaction({
  input: FSI_INFNOS['2101'].input,
  run: (ctx, call, input) => runDrugs(ctx, call, input, false),
});

export const pharmacySettle = fsiTransaction({
  input: FSI_INFNOS['2102'].input,
  async prepare(ctx, _call, input) {
    const info = input.druginfo;
    if (passwordNeeded(ctx, info.mdtrt_cert_type, info.acct_used_flag === '1', info.psn_no)) {
      await checkPassword(ctx, info.psn_no, info.psn_pwd);
    }
  },
  run: (ctx, call, input) => runDrugs(ctx, call, input, true),
});

/** The settlement a 2103/2208 names, checked against the institution, person and visit. */
export function settlementToReverse(
  ctx: SandboxContext,
  call: FsiCall,
  data: FsiInput<'2103'>['data'],
  kind: 'pharmacy' | 'outpatient',
) {
  const found = findSettlement(ctx, data.setl_id);
  if (
    !found ||
    found.kind !== kind ||
    found.fixmedinsCode !== call.fixmedinsCode ||
    found.psnNo !== data.psn_no ||
    found.mdtrtId !== data.mdtrt_id
  ) {
    throw new FsiError('结算记录不存在，或与人员编号、就诊ID不符');
  }
  checkInsuredPlace(ctx, call, found.psnNo);
  return found;
}

export const pharmacyReverse = fsiTransaction({
  input: FSI_INFNOS['2103'].input,
  run(ctx, call, input) {
    settlementToReverse(ctx, call, input.data, 'pharmacy');
    const result = reverseSettlement(ctx, input.data.setl_id, {
      reason: '2103 药店结算撤销',
      cause: 'reversed',
    });
    return {
      psnNo: result.psnNo,
      refId: result.setlId,
      output: { setlinfo: setlinfo(ctx, result, { medType: '41', msgid: call.msgid, reversal: true }) },
    };
  },
});
