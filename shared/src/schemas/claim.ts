// The claim (申领/激活) flow, one step per call: consent → identity → SMS → face →
// password (or 一键同步 when already activated on the other platform).
import '../zod-setup';
import { z } from 'zod';

import { CONSENT_VERSION } from '../agreements';
import { DOCUMENT_TYPES } from '../id-document';
import { VoucherSummarySchema } from './session';

export const CLAIM_STEPS = ['consent', 'identity', 'sms', 'face', 'password', 'sync', 'done'] as const;
export const ClaimStepSchema = z.enum(CLAIM_STEPS);
export type ClaimStep = z.infer<typeof ClaimStepSchema>;

export const ClaimConsentSchema = z.object({
  agreeTerms: z.literal(true),
  agreeSensitive: z.literal(true),
  version: z.literal(CONSENT_VERSION),
});

export const ClaimIdentitySchema = z.object({
  name: z.string().trim().min(1).max(50),
  docType: z.enum(DOCUMENT_TYPES),
  docNumber: z.string().trim().min(5).max(30),
});
export type ClaimIdentity = z.infer<typeof ClaimIdentitySchema>;

export const ClaimSmsVerifySchema = z.object({ smsCode: z.string().regex(/^\d{6}$/) });

/** SM2 ciphertext (C1C3C2, hex) of the password, made on the phone with the platform's key. */
// C1 (64 bytes, optionally with its 04 prefix) ‖ C3 (32) ‖ C2 (one byte per digit): 97+ bytes.
export const PasswordCipherSchema = z
  .string()
  .regex(/^(04)?(?:[0-9a-fA-F]{2}){97,200}$/, 'not an SM2 ciphertext');

export const ClaimPasswordSchema = z.object({ passwordCipher: PasswordCipherSchema });

export const ClaimStateSchema = z.object({
  claimId: z.string(),
  step: ClaimStepSchema,
  maskedName: z.string().optional(),
  maskedPhone: z.string().optional(),
  /** Seconds until another SMS may be sent. */
  resendAfterSec: z.number().int().nonnegative().optional(),
  /** Activated on the other platform already: offer 一键同步 instead of a new password. */
  syncAvailable: z.boolean().optional(),
  /** The birth date the password must not contain (YYYY-MM-DD), when the document carries one. */
  birthDate: z.string().optional(),
});
export type ClaimState = z.infer<typeof ClaimStateSchema>;

export const FaceStartSchema = z.object({
  /** The face check's id: WeChat's verify_id (for wx.requestFacialVerify), Alipay's certify_id. */
  verifyId: z.string().optional(),
  /** Alipay: certify id and the URL for my.startAPVerify / the certify page. */
  certifyId: z.string().optional(),
  certifyUrl: z.string().optional(),
});
export type FaceStart = z.infer<typeof FaceStartSchema>;

export const PasswordKeySchema = z.object({
  algorithm: z.literal('SM2'),
  cipherMode: z.literal('C1C3C2'),
  /** Uncompressed public key, hex 04‖X‖Y, as sm-crypto-v2 takes it. */
  publicKeyHex: z.string().regex(/^04[0-9a-fA-F]{128}$/),
});

export const ClaimDoneSchema = z.object({ step: z.literal('done'), voucher: VoucherSummarySchema });
