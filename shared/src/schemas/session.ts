// Signing in: the platform's login code is exchanged for an opaque session token.
import '../zod-setup';
import { z } from 'zod';

import { ConsentRequiredSchema } from './consent';

export const PlatformSchema = z.enum(['weapp', 'alipay', 'h5']);
export type Platform = z.infer<typeof PlatformSchema>;

export const CreateSessionSchema = z.object({
  platform: PlatformSchema,
  /** wx.login code / my.getAuthCode authCode / the dev login's code on H5. */
  code: z.string().trim().min(1).max(128),
});
export type CreateSession = z.infer<typeof CreateSessionSchema>;

export const INSURANCE_TYPE_NAMES: Record<'310' | '390', string> = {
  '310': '职工基本医疗保险',
  '390': '城乡居民基本医疗保险',
};

/** What the phone may show about the signed-in person: masked, never whole. */
export const VoucherSummarySchema = z.object({
  maskedName: z.string(),
  maskedIdNumber: z.string(),
  insuranceType: z.string(),
  regionName: z.string(),
  activatedAt: z.string(),
});
export type VoucherSummary = z.infer<typeof VoucherSummarySchema>;

export const MeSchema = z.object({
  platform: PlatformSchema,
  activated: z.boolean(),
  voucher: VoucherSummarySchema.optional(),
  /** How this person wants the app to look (大字模式); absent from an older BFF. */
  preferences: z.object({ largeText: z.boolean() }).optional(),
  /** A document changed since this person agreed: ask again before going on (absent: nothing to ask). */
  consentRequired: ConsentRequiredSchema.optional(),
});
export type Me = z.infer<typeof MeSchema>;

export const SessionSchema = z.object({
  token: z.string().min(32),
  expiresAt: z.string(),
  me: MeSchema,
});
export type Session = z.infer<typeof SessionSchema>;

/** H5 dev login only: seeded personas to act as. */
export const DevPersonaSchema = z.object({
  key: z.string(),
  label: z.string(),
  name: z.string(),
  docType: z.string(),
  docNumber: z.string(),
  note: z.string(),
});
export const DevPersonasSchema = z.object({ personas: z.array(DevPersonaSchema) });
/** The platforms the H5 dev login can act as: 'h5' signs in through the fake WeChat. */
export const DevLoginPlatformSchema = z.enum(['h5', 'alipay']);
export type DevLoginPlatform = z.infer<typeof DevLoginPlatformSchema>;
export const DevLoginCodeRequestSchema = z.object({
  persona: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  platform: DevLoginPlatformSchema.default('h5'),
});
/** A login code minted by the fake platform, for POST /session with this `platform`. */
export const DevLoginCodeSchema = z.object({ code: z.string(), platform: DevLoginPlatformSchema });
/** What the fake face check should answer for a verifyId / certifyId (H5 and tests). */
export const DevFaceResultSchema = z.object({
  verifyId: z.string().min(1).max(128),
  result: z.enum(['pass', 'fail', 'cancel']),
});

export const OkSchema = z.object({ ok: z.literal(true) });
