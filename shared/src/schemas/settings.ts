// Settings (设置): the payment password changed or reset, a reserved phone that no longer
// works replaced, unbinding and withdrawing consent, and preferences (大字模式).
import '../zod-setup';
import { z } from 'zod';

import { DOCUMENT_TYPES } from '../id-document';
import { PasswordCipherSchema } from './claim';

export const ChangePasswordSchema = z.object({
  oldPasswordCipher: PasswordCipherSchema,
  newPasswordCipher: PasswordCipherSchema,
});
export const PasswordChangedSchema = z.object({ changedAt: z.string() });

export const PreferencesSchema = z.object({ largeText: z.boolean() });
export type Preferences = z.infer<typeof PreferencesSchema>;

export const RECOVERY_PURPOSES = ['password_reset', 'phone_replace'] as const;
export type RecoveryPurpose = (typeof RECOVERY_PURPOSES)[number];
/**
 * Forgot the password: sms → face → password → done. A reserved phone that no longer works:
 * face → phone (the new number) → sms → done.
 */
export const RECOVERY_STEPS = ['sms', 'face', 'phone', 'password', 'done'] as const;
export const RecoveryStepSchema = z.enum(RECOVERY_STEPS);
export type RecoveryStep = z.infer<typeof RecoveryStepSchema>;

/** A mainland mobile number. */
export const MobileSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入11位手机号码');

/**
 * Who starts a recovery: the name and document (the face check is of that person, and from
 * settings it must be the bound voucher's person). A phone replaced from a claim the platform
 * refused for its stopped phone names that claim, which goes on afterwards.
 */
export const RecoveryStartSchema = z.object({
  name: z.string().trim().min(1).max(50),
  docType: z.enum(DOCUMENT_TYPES),
  docNumber: z.string().trim().min(5).max(30),
  claimId: z
    .string()
    .regex(/^CLM[0-9a-f]{24}$/)
    .optional(),
});
export type RecoveryStart = z.infer<typeof RecoveryStartSchema>;

export const RecoveryPhoneSchema = z.object({ phone: MobileSchema });
export const RecoveryPasswordSchema = z.object({ passwordCipher: PasswordCipherSchema });

export const RecoveryStateSchema = z.object({
  recoveryId: z.string(),
  purpose: z.enum(RECOVERY_PURPOSES),
  step: RecoveryStepSchema,
  maskedName: z.string().optional(),
  /** Where the SMS code goes (masked). */
  maskedPhone: z.string().optional(),
  resendAfterSec: z.number().int().nonnegative().optional(),
  /** The birth date the new password must not contain (YYYY-MM-DD), when known. */
  birthDate: z.string().optional(),
  /** The claim that goes on once the phone is replaced. */
  claimId: z.string().optional(),
});
export type RecoveryState = z.infer<typeof RecoveryStateSchema>;

export const UnboundSchema = z.object({ ok: z.literal(true), unboundAt: z.string() });
export const WithdrawnSchema = z.object({
  ok: z.literal(true),
  withdrawnAt: z.string(),
  /** What was deleted, by kind (claims, consent records, preferences, inbox messages …). */
  deleted: z.record(z.string(), z.number().int().nonnegative()),
});
