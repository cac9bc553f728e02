// Outpatient visits: 2201 门诊挂号 (→ mdtrt_id) / 2202 撤销, 2203 就诊信息上传, 2204 费用明细上传
// (each line priced by the catalogue: chrgitm_lv, selfpay_prop and the per-line amounts) /
// 2205 撤销. Undoing goes backwards, as at a real HIS: a settled visit's fees stay until 2208
// reverses the settlement, and a visit with fees left is not cancelled.
// Settlement of the uploaded fees (2206/2207/2208) is in outpatient-settle.ts.
import { fenToYuan } from '@ybm/shared';
import { ALL_BATCHES, FSI_INFNOS } from '@ybm/shared/protocol';

import { isoNow } from '../../context';
import { chinaDay } from '../../domain/china-time';
import { activeInsurance } from '../../domain/people';
import { splitItem } from '../../domain/rules';
import { SettlementRefusal } from '../../domain/settle';
import { catalogueEntry, checkLine, toItem } from '../basket';
import { fsiTransaction } from '../dispatch';
import { FsiError } from '../errors';
import { checkInsuredPlace, identify } from '../identify';
import { newMdtrtId } from './pharmacy';
import { visitFor, visitSql } from './visits';

const yuanOf = (fen: number) => Number(fenToYuan(fen));

export const register = fsiTransaction({
  input: FSI_INFNOS['2201'].input,
  run(ctx, call, { data }) {
    const who = identify(ctx, call, {
      certType: data.mdtrt_cert_type,
      certNo: data.mdtrt_cert_no,
      cardSn: data.card_sn,
      psnCertType: data.psn_cert_type,
      psnNo: data.psn_no,
    });
    checkInsuredPlace(ctx, call, who.psnNo);
    const insurance = activeInsurance(ctx, who.psnNo);
    if (!insurance) throw new SettlementRefusal('NOT_INSURED');
    if (insurance.status !== 'active') throw new SettlementRefusal('INSURANCE_SUSPENDED');
    if (insurance.insutype !== data.insutype) throw new FsiError('险种类型(insutype)与参保信息不符');
    const mdtrtId = newMdtrtId(ctx);
    visitSql(ctx).insert.run({
      mdtrtId,
      psnNo: who.psnNo,
      fixmedinsCode: call.fixmedinsCode,
      insutype: data.insutype,
      medType: '11', // 普通门诊 until 2203 says otherwise
      certType: who.certType,
      certNo: data.mdtrt_cert_no,
      iptOtpNo: data.ipt_otp_no,
      deptName: data.dept_name ?? null,
      drName: data.dr_name ?? null,
      beganAt: isoNow(ctx),
    });
    return {
      psnNo: who.psnNo,
      refId: mdtrtId,
      output: { data: { mdtrt_id: mdtrtId, psn_no: who.psnNo, ipt_otp_no: data.ipt_otp_no } },
    };
  },
});

export const cancelRegistration = fsiTransaction({
  input: FSI_INFNOS['2202'].input,
  run(ctx, call, { data }) {
    checkInsuredPlace(ctx, call, data.psn_no);
    const visit = visitFor(ctx, call, data.mdtrt_id, data.psn_no);
    if (visit.iptOtpNo !== data.ipt_otp_no) throw new FsiError('门诊号(ipt_otp_no)与挂号信息不符');
    const statements = visitSql(ctx);
    if (statements.activeFees.get(data.mdtrt_id)) {
      throw new FsiError('该就诊还有未撤销的费用明细，请先撤销费用明细(2205)');
    }
    statements.setStatus.run('cancelled', data.mdtrt_id);
    return { psnNo: data.psn_no, refId: data.mdtrt_id, output: null };
  },
});

export const visitInfo = fsiTransaction({
  input: FSI_INFNOS['2203'].input,
  run(ctx, call, { mdtrtinfo }) {
    checkInsuredPlace(ctx, call, mdtrtinfo.psn_no);
    visitFor(ctx, call, mdtrtinfo.mdtrt_id, mdtrtinfo.psn_no);
    visitSql(ctx).setMedType.run(mdtrtinfo.med_type, mdtrtinfo.mdtrt_id);
    return { psnNo: mdtrtinfo.psn_no, refId: mdtrtinfo.mdtrt_id, output: null };
  },
});

export const uploadFees = fsiTransaction({
  input: FSI_INFNOS['2204'].input,
  run(ctx, call, { feedetail }) {
    const first = feedetail[0];
    if (!first) throw new FsiError('费用明细不能为空');
    if (feedetail.some((line) => line.mdtrt_id !== first.mdtrt_id || line.psn_no !== first.psn_no)) {
      throw new FsiError('一次上传的费用明细应属于同一人员的同一就诊');
    }
    checkInsuredPlace(ctx, call, first.psn_no);
    visitFor(ctx, call, first.mdtrt_id, first.psn_no);
    const statements = visitSql(ctx);
    const day = chinaDay(ctx.now());
    const seen = new Set<string>();
    const result = feedetail.map((detail) => {
      const line = {
        sn: detail.feedetl_sn,
        code: detail.med_list_codg,
        qty: detail.cnt,
        priceFen: detail.pric,
        amountFen: detail.det_item_fee_sumamt,
      };
      if (seen.has(line.sn) || statements.feeExists.get(first.mdtrt_id, line.sn)) {
        throw new FsiError(`费用明细流水号[${line.sn}]重复`);
      }
      seen.add(line.sn);
      checkLine(line);
      const entry = catalogueEntry(ctx, line.code, day);
      statements.insertFee.run({
        mdtrtId: first.mdtrt_id,
        sn: line.sn,
        chrgBchno: detail.chrg_bchno ?? null,
        code: entry.code,
        name: entry.name,
        qty: line.qty,
        priceFen: line.priceFen,
        amountFen: line.amountFen,
      });
      const split = splitItem(toItem(entry, line));
      return {
        feedetl_sn: line.sn,
        det_item_fee_sumamt: yuanOf(line.amountFen),
        cnt: line.qty,
        pric: yuanOf(line.priceFen),
        pric_uplmt_amt: entry.priceLimitFen === null ? 0 : yuanOf(entry.priceLimitFen),
        // 丙 is wholly self-paid; 乙 pays its first share; 甲 none.
        selfpay_prop:
          entry.chrgitmLv === '03' ? 1 : entry.chrgitmLv === '02' ? entry.selfpayPropBp / 10_000 : 0,
        fulamt_ownpay_amt: yuanOf(split.fulamtOwnpayFen),
        overlmt_amt: yuanOf(split.overlmtFen),
        preselfpay_amt: yuanOf(split.preselfpayFen),
        inscp_scp_amt: yuanOf(split.inscpFen),
        chrgitm_lv: entry.chrgitmLv,
        med_chrgitm_type: entry.medChrgitmType ?? '',
        bas_medn_flag: '0',
        hi_nego_drug_flag: '0',
        chld_medc_flag: '0',
        list_sp_item_flag: '0',
        lmt_used_flag: String(entry.lmtUsedFlag),
        drt_reim_flag: '0',
        memo: '',
      };
    });
    return { psnNo: first.psn_no, refId: first.mdtrt_id, output: { result } };
  },
});

export const revokeFees = fsiTransaction({
  input: FSI_INFNOS['2205'].input,
  run(ctx, call, { data }) {
    checkInsuredPlace(ctx, call, data.psn_no);
    visitFor(ctx, call, data.mdtrt_id, data.psn_no);
    const all = data.chrg_bchno === ALL_BATCHES;
    const revoked = visitSql(ctx).revokeFees.run({
      mdtrtId: data.mdtrt_id,
      batch: all ? null : data.chrg_bchno,
    }).changes;
    if (revoked === 0) {
      throw new FsiError(
        all ? '该就诊没有可撤销的费用明细' : `收费批次号[${data.chrg_bchno}]没有可撤销的费用明细`,
      );
    }
    return { psnNo: data.psn_no, refId: data.mdtrt_id, output: null };
  },
});
