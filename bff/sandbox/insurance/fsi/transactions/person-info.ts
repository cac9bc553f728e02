// 1101 人员信息获取: identity, insurance and balance of the person behind an ecToken (01),
// an ID document number (02) or a social security card (03). With an ecToken the code
// moves to "identity verified", which the phone shows.
import { fenToYuan } from '@ybm/shared';
import { FSI_INFNOS, type FsiInput } from '@ybm/shared/protocol';

import { chinaDay } from '../../domain/china-time';
import { markCodeVerified } from '../../domain/codes';
import { CERT_TYPE_BY_DOCUMENT } from '../../domain/identity';
import { balanceOf } from '../../domain/ledger';
import { activeInsurance, ageOn, getPerson } from '../../domain/people';
import { fsiTransaction } from '../dispatch';
import { FsiError } from '../errors';
import { checkPassword, identify, type Presented } from '../identify';

const presented = (data: FsiInput<'1101'>['data']): Presented => ({
  certType: data.mdtrt_cert_type,
  certNo: data.mdtrt_cert_no,
  cardSn: data.card_sn,
  psnCertType: data.psn_cert_type,
});

export const personInfo = fsiTransaction({
  input: FSI_INFNOS['1101'].input,
  async prepare(ctx, call, input) {
    // The password is optional here; when given it must be right (and counts as a try).
    if (input.data.psn_pwd) {
      await checkPassword(ctx, identify(ctx, call, presented(input.data)).psnNo, input.data.psn_pwd);
    }
  },
  run(ctx, call, input) {
    const who = identify(ctx, call, presented(input.data));
    const person = getPerson(ctx, who.psnNo);
    if (!person) throw new FsiError('未查询到该参保人员');
    if (input.data.psn_name && input.data.psn_name !== person.name) {
      throw new FsiError('人员姓名与证件信息不符');
    }
    if (who.code) markCodeVerified(ctx, who.code);
    const insurance = activeInsurance(ctx, who.psnNo);
    const balance = balanceOf(ctx, who.psnNo) ?? 0;
    return {
      psnNo: who.psnNo,
      refId: who.code,
      output: {
        baseinfo: {
          psn_no: person.psnNo,
          psn_cert_type: CERT_TYPE_BY_DOCUMENT[person.docType] ?? '99',
          certno: person.docNumber,
          psn_name: person.name,
          gend: person.gender,
          naty: '01',
          brdy: person.birthDate,
          age: ageOn(person.birthDate, chinaDay(ctx.now())),
        },
        insuinfo: insurance
          ? [
              {
                balc: Number(fenToYuan(balance)),
                insutype: insurance.insutype,
                psn_type: insurance.psnType,
                psn_insu_stas: insurance.status === 'active' ? '1' : '2',
                psn_insu_date: insurance.insuredDate,
                paus_insu_date: insurance.suspendedDate,
                cvlserv_flag: insurance.civilServant ? '1' : '0',
                insuplc_admdvs: insurance.regionCode,
                emp_name: insurance.empName,
              },
            ]
          : [],
        idetinfo: [],
      },
    };
  },
});
