// remoteCare.* operations: 异地就医备案 — file, list, cancel.
import '../../zod-setup';
import { z } from 'zod';

import { int, listOf, orNull } from '../wire';
import { institutionCode, isoDate, psnNo, regionCode } from './schemas';

export const REMOTE_CARE_REASONS = {
  resettled_retiree: '异地安置退休人员',
  long_term_resident: '异地长期居住人员',
  posted_worker: '常驻异地工作人员',
  referral: '异地转诊就医人员',
  emergency: '异地急诊抢救人员',
  temporary: '其他临时外出就医人员',
} as const;
export type RemoteCareReason = keyof typeof REMOTE_CARE_REASONS;

const reason = z.enum(Object.keys(REMOTE_CARE_REASONS) as [RemoteCareReason, ...RemoteCareReason[]]);

export const RemoteCareFiling = z.object({
  filingId: z.string(),
  psnNo: z.string(),
  insuredRegion: z.string(),
  insuredRegionName: orNull(z.string()),
  careRegion: z.string(),
  careRegionName: orNull(z.string()),
  reason,
  reasonName: z.string(),
  hospitalCode: orNull(z.string()),
  beginDate: z.string(),
  /** null: no end (长期). */
  endDate: orNull(z.string()),
  status: z.enum(['filed', 'cancelled']),
  /** 已备案, 已到期 (filed, its end passed) or 已撤销. */
  statusName: z.string(),
  createdAt: z.string(),
});

export const REMOTE_CARE_OPERATIONS = {
  'remoteCare.file': {
    input: z.object({
      psnNo,
      careRegionCode: regionCode,
      reason,
      beginDate: isoDate,
      endDate: isoDate.optional(),
      hospitalCode: institutionCode.optional(),
    }),
    answer: RemoteCareFiling,
  },
  'remoteCare.list': {
    input: z.object({ psnNo }),
    answer: z.object({ count: int, filings: listOf(RemoteCareFiling) }),
  },
  'remoteCare.cancel': {
    input: z.object({ psnNo, filingId: z.string().min(1).max(40) }),
    answer: RemoteCareFiling,
  },
} as const;
