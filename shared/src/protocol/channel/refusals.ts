// The codes a channel answer may carry instead of "0" (with a Chinese message for the
// person), and when. Envelopes the platform cannot trust are refused unsigned with the
// envelope's own codes (ENVELOPE_*, shared/src/errors.ts).
export const CHANNEL_REFUSALS = {
  INPUT_INVALID: 'the operation’s data does not fit its schema',
  UNKNOWN_OPERATION: 'no operation by that method',
  // People and claims
  DOCUMENT_INVALID: 'the document number is not a valid one of its type',
  PERSON_NOT_FOUND: 'no insured person with that document or number',
  NAME_MISMATCH: 'the name is not the one registered with the document',
  MULTIPLE_PERSON_RECORDS: 'several person records for one document: the insurance office merges them',
  NOT_INSURED: 'no insurance record',
  INSURANCE_SUSPENDED: 'insurance suspended (暂停参保)',
  INSURED_TOO_RECENTLY: 'insured less than two months ago: may claim from the date given',
  NO_PHONE_ON_RECORD: 'no reserved phone to send the SMS code to',
  RESERVED_PHONE_OUT_OF_SERVICE: 'the reserved phone was stopped or cancelled (the carriers say so)',
  VOUCHER_BOUND_TO_ANOTHER_ACCOUNT: 'active on this channel under another platform account',
  ACTIVATION_NOT_FOUND: 'no such claim on this channel, or it has ended',
  ACTIVATION_EXPIRED: 'the claim ran out of time (30 minutes)',
  VOUCHER_NOT_ACTIVE: 'the voucher is not active on this channel',
  // The payment password
  PASSWORD_CIPHER_INVALID: 'the password cipher is not SM2 under the platform’s key',
  PASSWORD_FORMAT: 'the password is not 6 digits',
  PASSWORD_WEAK: 'the new password is too easy to guess',
  PASSWORD_UNCHANGED: 'the new password is the old one',
  PASSWORD_NOT_SET: 'no payment password yet',
  PASSWORD_WRONG: 'wrong password; the message says how many tries are left today',
  PASSWORD_LOCKED: 'too many wrong tries: locked until tomorrow',
  // Codes, records, family, directories, remote care
  CODE_NOT_FOUND: 'no such code issued to this channel',
  NO_PERSONAL_ACCOUNT: 'no employee personal account',
  SETTLEMENT_NOT_FOUND: 'no such settlement for this person (or page position)',
  FAMILY_SELF: 'the owner cannot be their own family member',
  FAMILY_ALREADY_LINKED: 'already a member',
  FAMILY_LIMIT_REACHED: 'five members already',
  FAMILY_GUARDIAN_ATTESTATION_REQUIRED: 'a member under 16 needs the guardian’s attestation',
  FAMILY_CONSENT_REQUIRED: 'a member of 16 or more needs their own face check (and SMS code)',
  FAMILY_LINK_NOT_FOUND: 'not a member',
  FAMILY_LINK_PENDING: 'the member has not consented yet',
  FAMILY_MUTUAL_AID_NOT_ALLOWED: '家庭共济: only an employee with an account, for a spouse, parent or child',
  REGION_NOT_FOUND: 'no such region code',
  INSTITUTION_NOT_FOUND: 'no such institution in the care region',
  REMOTE_CARE_SAME_REGION: 'the care region is the insured region',
  REMOTE_CARE_DATES_INVALID: 'the filing ends before it begins',
  REMOTE_CARE_OVERLAP: 'another filing covers part of the period',
  REMOTE_CARE_NOT_FOUND: 'no such filing',
  REMOTE_CARE_ALREADY_CANCELLED: 'the filing was cancelled already',
  // Orders (the pay page)
  ORDER_NOT_FOUND: 'no such order of this person',
  ORDER_ALREADY_PAID: 'the order is paid already',
  ORDER_REVOKED: 'the hospital revoked the order (6401)',
  ORDER_NOT_AWAITING_CASH: 'the order has no cash part waiting',
} as const;
export type ChannelRefusalCode = keyof typeof CHANNEL_REFUSALS;
