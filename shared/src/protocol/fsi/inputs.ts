// Each 两定 transaction's `input` (PROTOCOL.md §1) as the platform reads it: amounts in yuan
// (numbers or decimal strings) become fen, "" and null mean absent, as HIS clients send them.
import '../../zod-setup';
import { z } from 'zod';

import { certType, dateTime, flag, insutype, optionalText, psnNo, quantity, text, yuan } from './fields';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** 9001 签到 */
export const SignInInput = z.object({
  signIn: z.object({ opter_no: text(30), mac: optionalText(60), ip: optionalText(60) }),
});

/** 9002 签退 */
export const SignOutInput = z.object({ signOut: z.object({ sign_no: text(30), opter_no: text(30) }) });

/** 1101 人员信息获取: by ecToken (01), ID document number (02) or social security card (03). */
export const PersonInfoInput = z.object({
  data: z.object({
    mdtrt_cert_type: certType,
    mdtrt_cert_no: text(64),
    card_sn: optionalText(32),
    begntime: z.preprocess(blankToUndefined, dateTime.optional()),
    psn_cert_type: optionalText(6),
    certno: optionalText(50),
    psn_name: optionalText(50),
    /** The voucher password, SM2 cipher under the platform's key: optional, checked when given. */
    psn_pwd: optionalText(1024),
  }),
});

const pageNumber = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
    z.number().int().min(1).max(max),
  );

/** 1312 医保目录信息查询 */
export const CatalogueQueryInput = z.object({
  data: z.object({
    query_date: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为yyyy-MM-dd')
        .optional(),
    ),
    hilist_code: optionalText(50),
    hilist_name: optionalText(200),
    med_chrgitm_type: optionalText(6),
    chrgitm_lv: optionalText(3),
    page_num: pageNumber(100_000),
    page_size: pageNumber(500),
  }),
});

const DrugDetail = z.object({
  feedetl_sn: text(30),
  med_list_codg: text(50),
  medins_list_codg: optionalText(150),
  det_item_fee_sumamt: yuan,
  cnt: quantity,
  pric: yuan,
});

/** 2101 药店预结算 / 2102 药店结算: a basket of drugs. */
export const DrugSettlementInput = z.object({
  druginfo: z.object({
    psn_no: psnNo,
    mdtrt_cert_type: certType,
    mdtrt_cert_no: text(64),
    card_sn: optionalText(32),
    psn_cert_type: optionalText(6),
    begntime: dateTime,
    medfee_sumamt: yuan,
    insutype,
    acct_used_flag: flag,
    med_type: optionalText(6),
    psn_setlway: optionalText(6),
    mdtrt_id: optionalText(30),
    psn_pwd: optionalText(1024),
  }),
  drugdetail: z.array(DrugDetail).min(1).max(500),
});

/** 2103 药店结算撤销 / 2208 门诊结算撤销 */
export const ReversalInput = z.object({
  data: z.object({ setl_id: text(40), mdtrt_id: text(40), psn_no: psnNo }),
});

/** 2201 门诊挂号 */
export const RegisterInput = z.object({
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
});

/** 2202 门诊挂号撤销 */
export const CancelRegistrationInput = z.object({
  data: z.object({ psn_no: psnNo, mdtrt_id: text(30), ipt_otp_no: text(30) }),
});

/** 2203 就诊信息上传 */
export const VisitInfoInput = z.object({
  mdtrtinfo: z.object({
    mdtrt_id: text(30),
    psn_no: psnNo,
    med_type: text(6),
    begntime: z.preprocess(blankToUndefined, dateTime.optional()),
    main_cond_dscr: optionalText(1000),
    dise_codg: optionalText(30),
    dise_name: optionalText(300),
  }),
  diseinfo: z
    .array(z.object({ diag_type: text(3), diag_code: text(30), diag_name: text(300) }))
    .max(50)
    .default([]),
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

/** 2204 门诊费用明细上传 */
export const UploadFeesInput = z.object({ feedetail: z.array(FeeDetail).min(1).max(500) });

/** chrg_bchno "0000" in 2205: every line of the visit not yet settled. */
export const ALL_BATCHES = '0000';

/** 2205 门诊费用明细撤销: one charge batch, or ALL_BATCHES. */
export const RevokeFeesInput = z.object({
  data: z.object({ mdtrt_id: text(30), chrg_bchno: text(30), psn_no: psnNo }),
});

/** 2206 门诊预结算 / 2207 门诊结算: the fees uploaded by 2204. */
export const OutpatientSettlementInput = z.object({
  data: z.object({
    psn_no: psnNo,
    mdtrt_cert_type: certType,
    mdtrt_cert_no: text(64),
    card_sn: optionalText(32),
    psn_cert_type: optionalText(6),
    med_type: text(6),
    medfee_sumamt: yuan,
    psn_setlway: optionalText(6),
    mdtrt_id: text(30),
    chrg_bchno: optionalText(30),
    insutype,
    acct_used_flag: flag,
    psn_pwd: optionalText(1024),
  }),
});

/** 2601 冲正: undo a message whose outcome the counter did not see, by its msgid. */
export const CorrectionInput = z.object({
  data: z.object({
    psn_no: psnNo,
    omsgid: z.string().regex(/^[0-9A-Z]{12}\d{18}$/, '应为30位原报文ID'),
    oinfno: z.string().regex(/^\d{4}$/, '应为4位原交易编号'),
  }),
});
