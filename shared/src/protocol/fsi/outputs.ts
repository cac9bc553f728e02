// Each 两定 transaction's `output` (PROTOCOL.md §1) as the platform answers it: plain JSON
// (no envelope: nulls stay), amounts in yuan as JSON numbers, negative in a reversal's
// setlinfo as the platform's 冲销 records are.
import '../../zod-setup';
import { z } from 'zod';

const yuan = z.number();
const flag01 = z.enum(['0', '1']);

/** 9001 签到 */
export const SignInOutput = z.object({
  signinoutb: z.object({ sign_time: z.string(), sign_no: z.string() }),
});

/** 9002 签退 */
export const SignOutOutput = z.object({ signoutoutb: z.object({ sign_time: z.string() }) });

/** 1101 人员信息获取 */
export const PersonInfoOutput = z.object({
  baseinfo: z.object({
    psn_no: z.string(),
    psn_cert_type: z.string(),
    certno: z.string(),
    psn_name: z.string(),
    gend: z.string(),
    naty: z.string(),
    brdy: z.string(),
    age: z.number().int(),
  }),
  insuinfo: z.array(
    z.object({
      balc: yuan,
      insutype: z.enum(['310', '390']),
      /** 11 在职, 21 退休; "" for residents. */
      psn_type: z.string(),
      /** 1 正常参保, 2 暂停参保 */
      psn_insu_stas: z.enum(['1', '2']),
      psn_insu_date: z.string(),
      paus_insu_date: z.string().nullable(),
      cvlserv_flag: flag01,
      insuplc_admdvs: z.string(),
      emp_name: z.string().nullable(),
    }),
  ),
  idetinfo: z.array(z.record(z.string(), z.unknown())),
});

/** 1312 医保目录信息查询: a page of catalogue rows. */
export const CatalogueQueryOutput = z.object({
  data: z.array(
    z.object({
      hilist_code: z.string(),
      hilist_name: z.string(),
      /** 101 药品, 201 医疗服务, 301 医用耗材 */
      list_type: z.enum(['101', '201', '301']),
      med_chrgitm_type: z.string(),
      /** 01 甲, 02 乙, 03 丙 */
      chrgitm_lv: z.string(),
      selfpay_prop: z.number(),
      pric_uplmt_amt: yuan,
      lmt_used_flag: flag01,
      lmt_used_desc: z.string(),
      spec: z.string(),
      unit: z.string(),
      begndate: z.string(),
      enddate: z.string(),
      vali_flag: z.string(),
    }),
  ),
  pageNum: z.number().int(),
  pageSize: z.number().int(),
  recordCounts: z.number().int(),
  pages: z.number().int(),
  size: z.number().int(),
  startRow: z.number().int(),
  endRow: z.number().int(),
  firstPage: z.boolean(),
  lastPage: z.boolean(),
});

/** A settlement's amounts; fund_pay_sumamt + acct_pay + psn_cash_pay = medfee_sumamt. */
export const Setlinfo = z.object({
  /** "" for a pre-settlement (2101/2206), which settles nothing. */
  setl_id: z.string(),
  mdtrt_id: z.string(),
  psn_no: z.string(),
  psn_name: z.string(),
  psn_cert_type: z.string(),
  certno: z.string(),
  gend: z.string(),
  naty: z.string(),
  brdy: z.string(),
  age: z.number().int(),
  insutype: z.enum(['310', '390']),
  psn_type: z.string(),
  cvlserv_flag: flag01,
  setl_time: z.string(),
  mdtrt_cert_type: z.string(),
  med_type: z.string(),
  medfee_sumamt: yuan,
  fulamt_ownpay_amt: yuan,
  overlmt_selfpay: yuan,
  preselfpay_amt: yuan,
  inscp_scp_amt: yuan,
  act_pay_dedc: yuan,
  hifp_pay: yuan,
  pool_prop_selfpay: yuan,
  cvlserv_pay: yuan,
  hifes_pay: yuan,
  hifmi_pay: yuan,
  hifob_pay: yuan,
  maf_pay: yuan,
  oth_pay: yuan,
  fund_pay_sumamt: yuan,
  psn_part_amt: yuan,
  acct_pay: yuan,
  psn_cash_pay: yuan,
  hosp_part_amt: yuan,
  /** The personal account's balance after this settlement (0 without an account). */
  balc: yuan,
  acct_mulaid_pay: yuan,
  medins_setl_id: z.string(),
  clr_optins: z.string(),
  clr_way: z.string(),
  clr_type: z.string(),
});

/** Fund payments by fund. */
export const Setldetail = z.object({
  setl_id: z.string(),
  poolarea_fund_pay_type: z.string(),
  poolarea_fund_pay_name: z.string(),
  fund_pay_amt: yuan,
  fund_payamt: yuan,
  setl_proc_info: z.string(),
});

/** 2101 / 2102 / 2206 / 2207 */
export const SettlementOutput = z.object({ setlinfo: Setlinfo, setldetail: z.array(Setldetail) });

/** 2103 / 2208: the reversed settlement, amounts negated. */
export const ReversalOutput = z.object({ setlinfo: Setlinfo });

/** 2201 门诊挂号 */
export const RegisterOutput = z.object({
  data: z.object({ mdtrt_id: z.string(), psn_no: z.string(), ipt_otp_no: z.string() }),
});

/** 2204: each line priced by the catalogue. */
export const UploadFeesOutput = z.object({
  result: z.array(
    z.object({
      feedetl_sn: z.string(),
      det_item_fee_sumamt: yuan,
      cnt: z.number(),
      pric: yuan,
      pric_uplmt_amt: yuan,
      selfpay_prop: z.number(),
      fulamt_ownpay_amt: yuan,
      overlmt_amt: yuan,
      preselfpay_amt: yuan,
      inscp_scp_amt: yuan,
      chrgitm_lv: z.string(),
      med_chrgitm_type: z.string(),
      bas_medn_flag: flag01,
      hi_nego_drug_flag: flag01,
      chld_medc_flag: flag01,
      list_sp_item_flag: flag01,
      lmt_used_flag: flag01,
      drt_reim_flag: flag01,
      memo: z.string(),
    }),
  ),
});

/** 2202 / 2203 / 2205 answer no output. */
export const NoOutput = z.null();

/** 2601 冲正 */
export const CorrectionOutput = z.object({
  data: z.object({
    omsgid: z.string(),
    oinfno: z.string(),
    setl_id: z.string(),
    /** 1: the settlement stands (a reversal was undone); 0: it is reversed. */
    setl_stas: z.enum(['0', '1']),
    balc: yuan,
  }),
});
