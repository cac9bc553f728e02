// setlinfo and setldetail of 2101/2102/2103 and 2206/2207/2208 (PROTOCOL.md §1): every
// amount field, in yuan, with fund_pay_sumamt + acct_pay + psn_cash_pay = medfee_sumamt.
// Funds the sandbox does not model (civil-servant subsidy, critical illness, medical aid…)
// are 0. A reversal answers with the amounts negated, as the platform's 冲销 records do.
import { fenToYuan } from '@ybm/shared';

import type { SandboxContext } from '../context';
import { chinaDateTime, chinaDay } from '../domain/china-time';
import { CERT_TYPE_BY_DOCUMENT } from '../domain/identity';
import { activeInsurance, ageOn, getPerson } from '../domain/people';
import type { SettlementResult } from '../domain/settle';

const yuan = (fen: number) => Number(fenToYuan(fen));

const FUND_NAMES: Record<string, string> = {
  '310': '职工基本医疗保险统筹基金',
  '390': '城乡居民基本医疗保险基金',
};

export function setlinfo(
  ctx: Pick<SandboxContext, 'db' | 'now'>,
  result: SettlementResult,
  extra: { medType: string; msgid: string; reversal?: boolean },
) {
  const sign = extra.reversal ? -1 : 1;
  const amount = (fen: number) => yuan(sign * fen);
  const person = getPerson(ctx, result.psnNo);
  const insurance = activeInsurance(ctx, result.psnNo);
  const { split } = result;
  const at = extra.reversal && result.reversedAt ? result.reversedAt : result.settledAt;
  return {
    setl_id: result.setlId,
    mdtrt_id: result.mdtrtId,
    psn_no: result.psnNo,
    psn_name: person?.name ?? '',
    psn_cert_type: person ? (CERT_TYPE_BY_DOCUMENT[person.docType] ?? '99') : '',
    certno: person?.docNumber ?? '',
    gend: person?.gender ?? '',
    naty: '01',
    brdy: person?.birthDate ?? '',
    age: person ? ageOn(person.birthDate, chinaDay(ctx.now())) : 0,
    insutype: result.insutype,
    psn_type: insurance?.psnType ?? '',
    cvlserv_flag: insurance?.civilServant ? '1' : '0',
    setl_time: chinaDateTime(Date.parse(at)),
    mdtrt_cert_type: result.certType,
    med_type: extra.medType,
    medfee_sumamt: amount(split.totalFen),
    fulamt_ownpay_amt: amount(split.fulamtOwnpayFen),
    overlmt_selfpay: amount(split.overlmtFen),
    preselfpay_amt: amount(split.preselfpayFen),
    inscp_scp_amt: amount(split.inscpFen),
    act_pay_dedc: amount(split.deductibleFen),
    hifp_pay: amount(split.fundFen),
    pool_prop_selfpay: amount(split.poolPropSelfpayFen),
    cvlserv_pay: 0,
    hifes_pay: 0,
    hifmi_pay: 0,
    hifob_pay: 0,
    maf_pay: 0,
    oth_pay: 0,
    fund_pay_sumamt: amount(split.fundFen),
    psn_part_amt: amount(split.accountFen + split.cashFen),
    acct_pay: amount(split.accountFen),
    psn_cash_pay: amount(split.cashFen),
    hosp_part_amt: 0,
    balc: result.balanceAfterFen === null ? 0 : yuan(result.balanceAfterFen),
    acct_mulaid_pay: 0,
    medins_setl_id: extra.msgid,
    clr_optins: insurance?.regionCode ?? '',
    clr_way: '1',
    clr_type: result.kind === 'pharmacy' ? '41' : '11',
  };
}

/** Fund payments by fund; only the basic fund pays in the sandbox. */
export function setldetail(result: SettlementResult, reversal = false) {
  if (result.fundFen === 0) return [];
  const fundType = `${result.insutype}100`;
  return [
    {
      setl_id: result.setlId,
      poolarea_fund_pay_type: fundType,
      poolarea_fund_pay_name: FUND_NAMES[result.insutype] ?? '基本医疗保险基金',
      fund_pay_amt: yuan((reversal ? -1 : 1) * result.fundFen),
      fund_payamt: yuan((reversal ? -1 : 1) * result.fundFen),
      setl_proc_info: '',
    },
  ];
}
