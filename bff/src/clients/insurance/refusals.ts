// The platform's refusals (channel API and 62xx), as the BFF's error codes: the one table.
// Codes both sides share pass through; the rest become the nearest code the mini-program
// knows, or UPSTREAM_BAD_RESPONSE when the refusal means the BFF asked something wrong
// (a used payment authorisation, a serial used for another payment, …).
import { isErrorCode, type ErrorCode } from '@ybm/shared';
import type { ChannelRefusalCode, MobilePayRefusalCode } from '@ybm/shared/protocol';

import { AppError } from '../../errors';
import type { InsuranceRefusal } from './transport';

type RefusalCode = ChannelRefusalCode | MobilePayRefusalCode;

const RENAMED: Partial<Record<RefusalCode, ErrorCode>> = {
  ACTIVATION_NOT_FOUND: 'CLAIM_NOT_FOUND',
  ACTIVATION_EXPIRED: 'CLAIM_NOT_FOUND',
  VOUCHER_BOUND_TO_ANOTHER_ACCOUNT: 'ALREADY_ACTIVATED',
  PASSWORD_FORMAT: 'PASSWORD_WEAK',
  PASSWORD_CIPHER_INVALID: 'VALIDATION_ERROR',
  INPUT_INVALID: 'VALIDATION_ERROR',
  // The bill as the platform knows it (payauth, 6202, the cashier).
  ORDER_NOT_FOUND: 'BILL_NOT_FOUND',
  ORDER_ALREADY_PAID: 'BILL_ALREADY_PAID',
  ORDER_REVOKED: 'BILL_REVOKED',
  ORDER_NOT_AWAITING_CASH: 'BILL_NOT_AWAITING_CASH',
};

/** Codes whose platform message carries something the user needs (a date, tries left). */
const KEEP_PLATFORM_MESSAGE = new Set<ErrorCode>(['INSURED_TOO_RECENTLY', 'PASSWORD_WRONG']);

/**
 * The refusal as an AppError (never an UpstreamError: the platform answered, and nothing
 * changed there). `own` renames refusals that mean something particular for one call.
 */
export function translateRefusal(
  refusal: InsuranceRefusal,
  own?: Partial<Record<RefusalCode, ErrorCode>>,
): AppError {
  const known = refusal.code as RefusalCode;
  const code: ErrorCode =
    own?.[known] ?? RENAMED[known] ?? (isErrorCode(refusal.code) ? refusal.code : 'UPSTREAM_BAD_RESPONSE');
  const details: Record<string, unknown> = { platformCode: refusal.code };
  // The platform says "今日还可尝试N次"; the phone shows the count next to the keypad.
  const remaining = /(\d+)\s*次/.exec(refusal.message)?.[1];
  if (code === 'PASSWORD_WRONG' && remaining) details.remaining = Number(remaining);
  // The platform names the stopped number (masked), so the person knows which one it means.
  const maskedPhone = /1\d{2}\*{4}\d{4}/.exec(refusal.message)?.[0];
  if (code === 'RESERVED_PHONE_OUT_OF_SERVICE' && maskedPhone) details.maskedPhone = maskedPhone;
  if (KEEP_PLATFORM_MESSAGE.has(code) && refusal.message) details.platformMessage = refusal.message;
  return new AppError(code, { details, cause: refusal });
}
