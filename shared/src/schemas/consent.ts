// GET /api/v1/me/consents: what the signed-in platform user agreed to, document by document,
// newest first — for 我的 → 授权管理, and as the record PIPL asks a processor to be able to show;
// and agreeing again to documents that changed since (POST /api/v1/me/consents).
import '../zod-setup';
import { z } from 'zod';

import { AGREEMENT_KEYS } from '../agreements';

export const AgreementKeySchema = z.enum(AGREEMENT_KEYS);

export const ConsentRecordSchema = z.object({
  document: AgreementKeySchema,
  title: z.string(),
  version: z.string(),
  /** When it was agreed to (ISO 8601). */
  agreedAt: z.string(),
  /** The platform account it was given on: WeChat or Alipay. */
  platform: z.enum(['wechat', 'alipay']),
  /** When the voucher claimed under this consent was bound to that account; absent: the claim never finished. */
  boundAt: z.string().optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

export const ConsentsSchema = z.object({ consents: z.array(ConsentRecordSchema) });
export type Consents = z.infer<typeof ConsentsSchema>;

/** 同意更新后的文件 (POST /me/consents): the consent version the phone showed. */
export const RenewConsentSchema = z.object({ version: z.string().trim().min(1).max(20) });
export type RenewConsent = z.infer<typeof RenewConsentSchema>;

/** On GET /me: which documents changed since this person last agreed, to be agreed again. */
export const ConsentRequiredSchema = z.object({
  version: z.string(),
  documents: z.array(AgreementKeySchema).min(1),
});
export type ConsentRequired = z.infer<typeof ConsentRequiredSchema>;
