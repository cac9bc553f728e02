// GET /api/v1/meta: what the home page needs before anyone signs in — the service grid
// this deployment offers (a bureau may switch services off) and whether the H5 dev login
// is enabled (shown on screen when it is).
import '../zod-setup';
import { z } from 'zod';

export const SERVICE_KEYS = [
  'code', // 医保码
  'records', // 消费记录
  'account', // 个人账户
  'family', // 亲情账户
  'institutions', // 定点机构
  'catalogue', // 医保目录
  'remote_care', // 异地就医备案
  'pay', // 诊间支付
] as const;
export const ServiceKeySchema = z.enum(SERVICE_KEYS);
export type ServiceKey = z.infer<typeof ServiceKeySchema>;

export const ServiceEntrySchema = z.object({
  key: ServiceKeySchema,
  title: z.string().min(1).max(8),
  available: z.boolean(),
});
export type ServiceEntry = z.infer<typeof ServiceEntrySchema>;

export const MetaSchema = z.object({
  appName: z.string(),
  version: z.string(),
  region: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string() }),
  devLogin: z.boolean(),
  services: z.array(ServiceEntrySchema),
});
export type Meta = z.infer<typeof MetaSchema>;
