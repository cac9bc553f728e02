// The platform's refusals, as the BFF's error codes. Codes both sides share pass through;
// the rest become the nearest code the mini-program knows.
import { isErrorCode, type ErrorCode } from '@ybm/shared';

import type { InsuranceRefusal } from '../clients/insurance';
import { AppError } from '../errors';

const RENAMED: Record<string, ErrorCode> = {
  ACTIVATION_NOT_FOUND: 'CLAIM_NOT_FOUND',
  ACTIVATION_EXPIRED: 'CLAIM_NOT_FOUND',
  VOUCHER_BOUND_TO_ANOTHER_ACCOUNT: 'ALREADY_ACTIVATED',
  PASSWORD_FORMAT: 'PASSWORD_WEAK',
  PASSWORD_CIPHER_INVALID: 'VALIDATION_ERROR',
  INPUT_INVALID: 'VALIDATION_ERROR',
};

/** Codes whose platform message carries something the user needs (a date, tries left). */
const KEEP_PLATFORM_MESSAGE = new Set<ErrorCode>(['INSURED_TOO_RECENTLY', 'PASSWORD_WRONG']);

export function translateRefusal(refusal: InsuranceRefusal): AppError {
  const code: ErrorCode =
    RENAMED[refusal.code] ?? (isErrorCode(refusal.code) ? refusal.code : 'UPSTREAM_BAD_RESPONSE');
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
