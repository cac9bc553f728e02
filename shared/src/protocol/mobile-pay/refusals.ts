// The codes a 62xx answer may carry instead of "0", and when. SYSTEM_ERROR is a fault: the
// transaction rolled back and may be retried (6202/6203 by the same orgBizSer/appRefdSn).
export const MOBILE_PAY_REFUSALS = {
  INPUT_INVALID: 'the data does not fit the transaction; the message names the fields',
  SYSTEM_ERROR: 'the platform failed; nothing was written',
  // 6201
  INSTITUTION_UNKNOWN: 'no such institution',
  ORDER_DUPLICATE: 'medOrgOrd was uploaded before with other details: revoke it first (6401)',
  ORDER_SUM_MISMATCH: 'the details do not add up to medfeeSumamt',
  FEEDETL_SN_DUPLICATE: 'two details with one feedetlSn',
  DETAIL_AMOUNT_MISMATCH: 'a detail’s amount is not cnt × pric',
  CATALOGUE_ITEM_UNKNOWN: 'no such catalogue item in force today',
  PERSON_NOT_FOUND: 'no insured person behind psnNo or the certificate',
  NAME_MISMATCH: 'userName is not the registered name',
  MULTIPLE_PERSON_RECORDS: 'several person records for the document',
  SOCIAL_CARD_INVALID: 'the social security card is reported lost or cancelled',
  NOT_INSURED: 'no insurance record',
  INSURANCE_SUSPENDED: 'insurance suspended',
  REGION_RULE_MISSING: 'no regional rule for the person’s insurance',
  EC_TOKEN_INVALID: 'the ecToken is unknown, expired, from another institution or another person',
  // 6202, 6301, 6401
  ORDER_NOT_FOUND: 'no such order (of this institution)',
  PAY_TOKEN_INVALID: 'payToken is not the order’s',
  ORDER_ALREADY_PAID: 'the order is paid already',
  ORDER_REVOKED: 'the order was revoked (6401)',
  ORDER_NOT_REVOCABLE: 'paid orders are refunded (6203), not revoked',
  ORG_BIZ_SER_CONFLICT: 'orgBizSer was used for a different request',
  PAY_AUTH_INVALID: 'payAuthNo is not for this order and person',
  PAY_AUTH_USED: 'payAuthNo was used already',
  PAY_AUTH_EXPIRED: 'payAuthNo is older than 5 minutes',
  INSUFFICIENT_BALANCE: 'the personal account no longer covers its part',
  // 6203
  REFUND_SN_CONFLICT: 'appRefdSn was used for a different refund',
  ORDER_NOT_REFUNDABLE: 'not paid, or refunded in full already (refStatus FAIL)',
  REFUND_AMOUNT_MISMATCH: 'the amounts do not fit what was paid (refStatus FAIL)',
  ORDER_CHANGED: 'the order changed meanwhile: query it (6301) and try again',
  // Settlement refusals a payment may meet
  NO_ITEMS: 'no details',
  CODE_NOT_SETTLEABLE: 'the code cannot settle in its state',
  SETTLEMENT_NOT_FOUND: 'no such settlement',
  SETTLEMENT_REVERSED: 'the settlement was reversed already',
  SETTLEMENT_NOT_REVERSED: 'the settlement was not reversed',
} as const;
export type MobilePayRefusalCode = keyof typeof MOBILE_PAY_REFUSALS;
