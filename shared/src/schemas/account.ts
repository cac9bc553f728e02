// GET /api/v1/account: the person's personal account (个人账户) — the balance, the last twelve
// monthly credits, this year's spending and its split — and their insurance record. The
// balance stays with the person whatever the medium (code, 社保卡, 身份证 + 医保密码).
import '../zod-setup';
import { z } from 'zod';

import { AsOfSchema } from './common';

const Fen = z.number().int();

export const AccountSchema = z.object({
  /** Null for residents (城乡居民), who have no personal account. */
  balanceFen: Fen.nullable(),
  insuranceType: z.string(),
  personType: z.string(),
  status: z.enum(['active', 'suspended']),
  statusName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  insuredSince: z.string(),
  employer: z.string().optional(),
  /** Newest first: what was credited to the account each month (at most twelve). */
  monthlyCredits: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), amountFen: Fen })),
  /** Settlements this calendar year (Asia/Shanghai), reversed ones left out. */
  yearSpending: z.object({
    year: z.number().int(),
    totalFen: Fen,
    fundFen: Fen,
    accountFen: Fen,
    cashFen: Fen,
  }),
  /** Which media settle with this account: the code, the 社保卡, and for employees 身份证 + 医保密码. */
  media: z.array(z.enum(['code', 'social_card', 'id_card'])),
  /**
   * Present only while the platform is down: this is the last good copy, as the platform gave
   * it at this time (ISO). The phone says so above it.
   */
  asOf: AsOfSchema.optional(),
});
export type Account = z.infer<typeof AccountSchema>;
