// The e-voucher centre (PROTOCOL.md §2, §7): an institution's HIS sends a scanned code in the
// GM envelope, the transaction named in the signed head as `transType` (or `method`) with its
// institution as `orgId`, and gets the person's identity and an ecToken for 1101.
import '../zod-setup';
import { z } from 'zod';

import { PATHS } from './paths';

export const EC_GATEWAY_PATH = PATHS.ecGateway;

/** businessType (5 digits): what the code is scanned for. */
export const EC_BUSINESS_TYPES = {
  '01101': '挂号',
  '01301': '结算',
  '01302': '取药',
  '02121': '药店购药',
  '03131': 'APP线上身份认证',
} as const;

export const EcQuery = z.object({
  orgId: z.string().regex(/^[0-9A-Z]{12}$/),
  businessType: z.string().regex(/^\d{5}$/), // 01101 挂号, 01301 结算, 01302 取药, 02121 药店购药, …
  operatorId: z.string().min(1).max(30),
  operatorName: z.string().min(1).max(50),
  officeId: z.string().max(30).optional(),
  officeName: z.string().max(50).optional(),
  ecQrCode: z.string().min(1).max(512),
});

export const EcQueryAnswer = z.object({
  userName: z.string(),
  idNo: z.string(),
  /** psn_cert_type of the document (01 居民身份证, …; 99 other). */
  idType: z.string(),
  /** The person's 参保地. */
  insuOrg: z.string(),
  ecIndexNo: z.string(),
  /** For 1101 with mdtrt_cert_type 01; bound to this institution. */
  ecToken: z.string(),
  gender: z.enum(['1', '2']),
  birthday: z.string(),
  nationality: z.string(),
  /** The channel (appId) that showed the code. */
  chnlId: z.string(),
  authNo: z.string(),
});

export const EC_TRANSACTIONS = {
  'ec.query': { input: EcQuery, answer: EcQueryAnswer },
} as const;
export type EcTransType = keyof typeof EC_TRANSACTIONS;

/** The codes an e-voucher answer may carry instead of "0", and when. */
export const EC_REFUSALS = {
  EC_INPUT_INVALID: 'the data does not fit the transaction, or head and data name different institutions',
  EC_UNKNOWN_TRANS: 'no transaction by that transType',
  EC_ORG_UNKNOWN: 'no such institution',
  EC_ORG_NOT_SUPPORTED: 'the institution does not take the e-voucher',
  EC_PERSON_NOT_FOUND: 'the code’s person is gone',
  EC_CODE_MALFORMED: 'not an e-voucher code',
  EC_CODE_FORGED: 'not issued by this platform',
  EC_CODE_ALTERED: 'a real code with something changed',
  EC_CODE_USED: 'scanned already: the person refreshes the code',
  EC_CODE_EXPIRED: 'older than 60 s: the person refreshes the code',
} as const;
export type EcRefusalCode = keyof typeof EC_REFUSALS;
