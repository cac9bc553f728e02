// The valid requests tests/protocol/hostile-input.test.ts makes its hostile variants from,
// one per channel operation, 两定 message and 62xx transaction, each with what it gets and
// what a variant the sandbox's own schema accepts may rightly get instead. The test reads
// the channel operations off the sandbox: an operation without an entry here fails it.
//
// An answer is `ok` (code "0" / infcode 0) or a refusal: the platform's code, or for 两定
// (which has none) a pattern of its err_msg.
import { PATHS } from '@ybm/shared/protocol';

import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { consultationBill } from '../support/payments';
import { drugInput } from './fsi-support';

export type Answer = 'ok' | string | RegExp;

export interface Expected {
  /** What the request as written gets. */
  answer: Answer;
  /** What a variant the schema accepts may also get, each for a reason. */
  mayAlsoGet?: Answer[];
  /** Tables a refusal of a valid request rightly adds a row to (besides the request log). */
  records?: string[];
}

const EMPLOYEE = PERSONAS.employee;
const PARENT = PERSONAS.parent;
const CHILD = PERSONAS.child;

/** Refusals of a valid input naming someone or something the platform does not have. */
const NO_PERSON = 'PERSON_NOT_FOUND';

/**
 * A valid input of every channel operation (`$cipher`: the employee's password, encrypted at
 * run time). The employee's voucher is active on the test channel; the child is the
 * parent's family member in the seed.
 */
export const CHANNEL_OPERATIONS: Record<string, Expected & { input: Record<string, unknown> }> = {
  'sys.echo': { input: { nonce: 'hostile' }, answer: 'ok' },
  // Other person numbers hold no active voucher on the channel.
  'code.issue': {
    input: { psnNo: EMPLOYEE.psnNo },
    answer: 'ok',
    mayAlsoGet: ['VOUCHER_NOT_ACTIVE', 'FAMILY_LINK_NOT_FOUND', 'FAMILY_LINK_PENDING', NO_PERSON],
  },
  'code.status': { input: { code: 'YB1NOTACODE' }, answer: 'CODE_NOT_FOUND' },
  'region.list': { input: { unused: true }, answer: 'ok' },
  'institution.search': {
    input: {
      regionCode: '231200',
      kind: 'pharmacy',
      name: '药房',
      supportsEc: true,
      near: { lat: 46.6, lng: 126.9 },
      page: 1,
      pageSize: 5,
    },
    answer: 'ok',
  },
  'catalogue.search': {
    input: { keyword: '阿莫西林', code: DEMO_CATALOGUE.classA.code, class: '01', category: 'drug' },
    answer: 'ok',
  },
  'catalogue.estimate': {
    input: {
      psnNo: EMPLOYEE.psnNo,
      code: DEMO_CATALOGUE.classA.code,
      qty: 2,
      priceFen: 1250,
      institutionCode: '231200H00001',
      useAccount: true,
    },
    answer: 'ok',
    mayAlsoGet: [NO_PERSON, 'CATALOGUE_ITEM_NOT_FOUND', 'INSTITUTION_NOT_FOUND', 'CATALOGUE_PRICE_REQUIRED'],
  },
  'family.list': { input: { ownerPsnNo: PARENT.psnNo }, answer: 'ok', mayAlsoGet: [NO_PERSON] },
  'family.add': {
    input: {
      ownerPsnNo: PARENT.psnNo,
      member: { docType: CHILD.docType, docNumber: CHILD.docNumber, name: CHILD.name },
      relation: 'child',
      guardianAttested: true,
    },
    answer: 'FAMILY_ALREADY_LINKED',
    mayAlsoGet: [
      'ok',
      NO_PERSON,
      'NAME_MISMATCH',
      'DOCUMENT_INVALID',
      'NOT_INSURED',
      'FAMILY_SELF',
      'FAMILY_GUARDIAN_ATTESTATION_REQUIRED',
      'FAMILY_LIMIT_REACHED',
      'MULTIPLE_PERSON_RECORDS',
    ],
  },
  // The seeded child's link is live already: a consent changes nothing.
  'family.consent': {
    input: { ownerPsnNo: PARENT.psnNo, memberPsnNo: CHILD.psnNo, faceVerified: true, smsVerified: true },
    answer: 'ok',
    mayAlsoGet: ['FAMILY_LINK_NOT_FOUND', 'FAMILY_CONSENT_REQUIRED', NO_PERSON],
  },
  'family.contact': {
    input: { ownerPsnNo: PARENT.psnNo, memberPsnNo: CHILD.psnNo },
    answer: 'ok',
    mayAlsoGet: ['FAMILY_LINK_NOT_FOUND', NO_PERSON],
  },
  'family.remove': {
    input: { ownerPsnNo: PARENT.psnNo, memberPsnNo: CHILD.psnNo },
    answer: 'ok',
    mayAlsoGet: ['FAMILY_LINK_NOT_FOUND', NO_PERSON],
  },
  'person.lookup': {
    input: { docType: EMPLOYEE.docType, docNumber: EMPLOYEE.docNumber, name: EMPLOYEE.name },
    answer: 'ok',
    mayAlsoGet: [NO_PERSON, 'NAME_MISMATCH', 'DOCUMENT_INVALID'],
  },
  'account.summary': { input: { psnNo: EMPLOYEE.psnNo }, answer: 'ok', mayAlsoGet: [NO_PERSON] },
  'account.ledger': {
    input: { psnNo: EMPLOYEE.psnNo, beforeId: 10, limit: 5 },
    answer: 'ok',
    mayAlsoGet: [NO_PERSON],
  },
  // The employee has no settlement yet.
  'settlement.list': {
    input: { psnNo: EMPLOYEE.psnNo, before: 'S0001', limit: 5 },
    answer: 'SETTLEMENT_NOT_FOUND',
    mayAlsoGet: ['ok', NO_PERSON],
  },
  'settlement.get': { input: { setlId: 'S0001', psnNo: EMPLOYEE.psnNo }, answer: 'SETTLEMENT_NOT_FOUND' },
  // Files once; the same dates again overlap it.
  'remoteCare.file': {
    input: {
      psnNo: EMPLOYEE.psnNo,
      careRegionCode: '610100',
      reason: 'posted_worker',
      beginDate: '2026-12-01',
      endDate: '2027-06-01',
    },
    answer: 'ok',
    mayAlsoGet: ['REMOTE_CARE_OVERLAP', NO_PERSON],
  },
  'remoteCare.list': { input: { psnNo: EMPLOYEE.psnNo }, answer: 'ok', mayAlsoGet: [NO_PERSON] },
  'remoteCare.cancel': {
    input: { psnNo: EMPLOYEE.psnNo, filingId: 'RC0001' },
    answer: 'REMOTE_CARE_NOT_FOUND',
  },
  // The retiree has no voucher yet (the employee's is bound to another user of the channel).
  'activation.start': {
    input: {
      docType: PERSONAS.retiree.docType,
      docNumber: PERSONAS.retiree.docNumber,
      name: PERSONAS.retiree.name,
      platformUserId: 'openid-hostile',
    },
    answer: 'ok',
    mayAlsoGet: [NO_PERSON, 'NAME_MISMATCH', 'DOCUMENT_INVALID'],
  },
  'activation.finish': {
    input: { activationId: 'ACT-NONE', passwordCipher: '$cipher' },
    answer: 'ACTIVATION_NOT_FOUND',
    // Text the platform's key cannot decrypt.
    mayAlsoGet: ['PASSWORD_CIPHER_INVALID'],
  },
  'password.verify': {
    input: { psnNo: EMPLOYEE.psnNo, cipher: '$cipher' },
    answer: 'ok',
    mayAlsoGet: ['PASSWORD_CIPHER_INVALID', 'VOUCHER_NOT_ACTIVE'],
  },
  // The new password is the old one.
  'password.change': {
    input: { psnNo: EMPLOYEE.psnNo, oldCipher: '$cipher', newCipher: '$cipher' },
    answer: 'PASSWORD_UNCHANGED',
    mayAlsoGet: ['PASSWORD_CIPHER_INVALID', 'VOUCHER_NOT_ACTIVE'],
  },
  // The retiree's voucher is active on no channel: nothing of theirs may be changed from here.
  'password.reset': {
    input: {
      psnNo: PERSONAS.retiree.psnNo,
      newCipher: '$cipher',
      faceCheck: { provider: 'wechat', id: 'v-1' },
    },
    answer: 'VOUCHER_NOT_ACTIVE',
  },
  'person.replacePhone': {
    input: {
      personRef: { psnNo: PERSONAS.retiree.psnNo },
      newPhone: '13900000024',
      faceCheck: { provider: 'wechat', id: 'v-1' },
    },
    answer: 'VOUCHER_NOT_ACTIVE',
  },
  'voucher.status': { input: { psnNo: EMPLOYEE.psnNo }, answer: 'ok' },
  'voucher.revoke': { input: { psnNo: PERSONAS.retiree.psnNo }, answer: 'VOUCHER_NOT_ACTIVE' },
  'payorder.get': {
    input: { psnNo: EMPLOYEE.psnNo, payOrdId: 'PO-NONE' },
    answer: 'ORDER_NOT_FOUND',
    mayAlsoGet: ['VOUCHER_NOT_ACTIVE'],
  },
  'payauth.issue': {
    input: { psnNo: EMPLOYEE.psnNo, payOrdId: 'PO-NONE', passwordCipher: '$cipher' },
    answer: 'ORDER_NOT_FOUND',
    // A variant naming a guardian or 家庭共济: no such link, or no 家庭共济 without one.
    mayAlsoGet: [
      'VOUCHER_NOT_ACTIVE',
      'FAMILY_LINK_NOT_FOUND',
      'FAMILY_MUTUAL_AID_NOT_ALLOWED',
      'PERSON_NOT_FOUND',
    ],
  },
  'cashier.confirm': {
    input: { psnNo: EMPLOYEE.psnNo, payOrdId: 'PO-NONE' },
    answer: 'ORDER_NOT_FOUND',
    mayAlsoGet: ['VOUCHER_NOT_ACTIVE'],
  },
};

const BASKET = [{ item: DEMO_CATALOGUE.classA, qty: 1 }];
// With the voucher password (`$cipher`), which paying from the personal account needs.
const BY_ID_CARD = { type: '02' as const, no: EMPLOYEE.docNumber, pwd: '$cipher' };

/** Another person number than the document's; no person holds the document. */
const PERSON_MISMATCH = '证件号码与人员编号不符';
const NO_SUCH_DOCUMENT = '未查询到该证件号码的参保人员';
/** What a basket the schema accepts may still be refused for. */
const BASKET_REFUSALS: Answer[] = [
  PERSON_MISMATCH,
  /^医保目录编码\[.*\]不存在$/,
  /^费用明细\[.*\]金额不等于单价×数量$/,
  /^医疗费总额\(medfee_sumamt\).*与明细合计.*不符$/,
];

/** A 两定 message of each kind the hostile test sends, by infno (its input and what it gets). */
export const FSI_MESSAGES: Record<string, Expected & { input: Record<string, unknown> }> = {
  '1101': {
    input: { data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber, psn_name: EMPLOYEE.name } },
    answer: 'ok',
    mayAlsoGet: [NO_SUCH_DOCUMENT, '人员姓名与证件信息不符'],
  },
  '1312': {
    input: { data: { hilist_code: DEMO_CATALOGUE.classA.code, page_num: 1, page_size: 5 } },
    answer: 'ok',
  },
  '2101': { input: drugInput(EMPLOYEE.psnNo, BASKET, BY_ID_CARD), answer: 'ok', mayAlsoGet: BASKET_REFUSALS },
  // Settles, again for each valid variant: in cash (acct_used_flag 0), so no password check
  // (scrypt) makes each one slow; 2101 carries the password's hostile variants.
  '2102': {
    input: drugInput(EMPLOYEE.psnNo, BASKET, { type: '02', no: EMPLOYEE.docNumber }, { acct_used_flag: '0' }),
    answer: 'ok',
    mayAlsoGet: BASKET_REFUSALS,
  },
  // No such settlement of the person's.
  '2103': {
    input: { data: { setl_id: 'S0001', mdtrt_id: 'M0001', psn_no: EMPLOYEE.psnNo } },
    answer: '结算记录不存在，或与人员编号、就诊ID不符',
  },
  '2201': {
    input: {
      data: {
        psn_no: EMPLOYEE.psnNo,
        insutype: '310',
        begntime: '2026-11-23 10:00:00',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: EMPLOYEE.docNumber,
        ipt_otp_no: 'OTP1',
        atddr_no: 'D1',
        dr_name: '李医生',
        dept_code: 'K1',
        dept_name: '内科',
        caty: 'A03',
      },
    },
    answer: 'ok',
    mayAlsoGet: [PERSON_MISMATCH],
  },
  '2204': {
    input: {
      feedetail: [
        {
          feedetl_sn: 'F1',
          mdtrt_id: 'M1',
          psn_no: EMPLOYEE.psnNo,
          med_type: '11',
          fee_ocur_time: '2026-11-23 10:00:00',
          med_list_codg: DEMO_CATALOGUE.classA.code,
          medins_list_codg: 'H1',
          det_item_fee_sumamt: 1,
          cnt: 1,
          pric: 1,
        },
      ],
    },
    // M1 is no visit: checked before the fees themselves.
    answer: /^就诊ID\[.*\]不存在$/,
  },
};

/** A valid request of each 62xx transaction (none of them pays: PO-NONE is no order). */
export const MOBILE_PAY_REQUESTS: Record<string, Expected & { input: Record<string, unknown> }> = {
  [PATHS.uploadFees]: {
    input: consultationBill(EMPLOYEE.psnNo, 'HIS-HOSTILE-62'),
    answer: 'ok',
    // Fees that do not add up, an item or a person the platform does not know.
    mayAlsoGet: [
      'ORDER_SUM_MISMATCH',
      'DETAIL_AMOUNT_MISMATCH',
      'CATALOGUE_ITEM_UNKNOWN',
      'PERSON_NOT_FOUND',
    ],
  },
  [PATHS.queryOrder]: { input: { payOrdId: 'PO-NONE', payToken: 'T' }, answer: 'ORDER_NOT_FOUND' },
  [PATHS.payOrder]: {
    input: {
      payOrdId: 'PO-NONE',
      payToken: 'T',
      payAuthNo: 'A',
      orgBizSer: 'BIZ-HOSTILE-1',
      acctUsedFlag: '1',
    },
    answer: 'ORDER_NOT_FOUND',
  },
  [PATHS.refundOrder]: {
    input: {
      payOrdId: 'PO-NONE',
      appRefdSn: 'R1',
      refdType: 'ALL',
      totlRefdAmt: '1.00',
      cashRefdAmt: '0.00',
      psnAcctRefdAmt: '0.00',
      fundRefdAmt: '1.00',
      payAuthNo: 'A1',
    },
    answer: 'ORDER_NOT_FOUND',
  },
  [PATHS.revokeOrder]: { input: { payOrdId: 'PO-NONE', payToken: 'T' }, answer: 'ORDER_NOT_FOUND' },
};

export { DEMO_INSTITUTIONS };
