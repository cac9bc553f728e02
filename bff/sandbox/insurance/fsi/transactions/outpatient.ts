// Outpatient visits: 2201 门诊挂号 (→ mdtrt_id) / 2202 撤销, 2203 就诊信息上传, 2204 费用明细上传
// (each line priced by the catalogue: chrgitm_lv, selfpay_prop and the per-line amounts) /
// 2205 撤销. Undoing goes backwards, as at a real HIS: a settled visit's fees stay until 2208
// reverses the settlement, and a visit with fees left is not cancelled.
// Settlement of the uploaded fees (2206/2207/2208) is in outpatient-settle.ts.
import { fenToYuan } from '@ybm/shared';
import {
  certType,
  dateTime,
  insutype,
  optionalText,
  psnNo,
  quantity,
  text,
  yuan,
} from '@ybm/shared/src/protocol/fsi/fields';
import { z } from 'zod';

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
  input: z.object({
    data: z.object({
      psn_no: psnNo,
      insutype,
      begntime: dateTime,
      mdtrt_cert_type: certType,
      mdtrt_cert_no: text(64),
      card_sn: optionalText(32),
      psn_cert_type: optionalText(6),
      ipt_otp_no: text(30),
      atddr_no: optionalText(30),
      dr_name: optionalText(50),
      dept_code: optionalText(30),
      dept_name: optionalText(100),
      caty: optionalText(10),
    }),
  }),
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
  input: z.object({ data: z.object({ psn_no: psnNo, mdtrt_id: text(30), ipt_otp_no: text(30) }) }),
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
  input: z.object({
    mdtrtinfo: z.object({
      mdtrt_id: text(30),
      psn_no: psnNo,
      med_type: text(6),
      begntime: z.preprocess((v) => (v === '' || v === null ? undefined : v), dateTime.optional()),
      main_cond_dscr: optionalText(1000),
      dise_codg: optionalText(30),
      dise_name: optionalText(300),
    }),
    diseinfo: z
      .array(z.object({ diag_type: text(3), diag_code: text(30), diag_name: text(300) }))
      .max(50)
      .default([]),
  }),
  run(ctx, call, { mdtrtinfo }) {
    checkInsuredPlace(ctx, call, mdtrtinfo.psn_no);
    visitFor(ctx, call, mdtrtinfo.mdtrt_id, mdtrtinfo.psn_no);
    visitSql(ctx).setMedType.run(mdtrtinfo.med_type, mdtrtinfo.mdtrt_id);
    return { psnNo: mdtrtinfo.psn_no, refId: mdtrtinfo.mdtrt_id, output: null };
  },
});

const FeeDetail = z.object({
  feedetl_sn: text(30),
  mdtrt_id: text(30),
  psn_no: psnNo,
  chrg_bchno: optionalText(30),
  med_list_codg: text(50),
  medins_list_codg: optionalText(150),
  det_item_fee_sumamt: yuan,
  cnt: quantity,
  pric: yuan,
});

export const uploadFees = fsiTransaction({
  input: z.object({ feedetail: z.array(FeeDetail).min(1).max(500) }),
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

/** chrg_bchno "0000" in 2205: every line of the visit not yet settled. */
const ALL_BATCHES = '0000';

export const revokeFees = fsiTransaction({
  input: z.object({ data: z.object({ mdtrt_id: text(30), chrg_bchno: text(30), psn_no: psnNo }) }),
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
