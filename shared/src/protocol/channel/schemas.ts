// Pieces the channel operations' schemas share: request fields (people, family, directory,
// remote care) and the insurance record that several answers describe.
import '../../zod-setup';
import { z } from 'zod';

import { DOCUMENT_TYPES } from '../../id-document';
import { orNull } from '../wire';

export const psnNo = z.string().regex(/^[0-9A-Za-z]{1,30}$/);
export const regionCode = z.string().regex(/^\d{6}$/);
export const institutionCode = z.string().length(12);
export const personName = z.string().trim().min(1).max(60);

export const documentInput = {
  docType: z.enum(DOCUMENT_TYPES),
  docNumber: z.string().trim().min(1).max(40),
  name: personName,
};

/** YYYY-MM-DD that is a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // Zod runs this even when the pattern failed: an unparsable date must answer false, not throw.
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, '不是有效日期');

export const paging = {
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(50).default(20),
};

export const limit = z.number().int().min(1).max(100).default(20);

export const gender = z.enum(['1', '2']); // 1 男, 2 女
export const insutype = z.enum(['310', '390']); // 职工基本医疗保险 / 城乡居民基本医疗保险

/** A person's latest insurance record, as person, account and family answers describe it. */
export const insuranceSummary = z.object({
  insutype,
  insutypeName: z.string(),
  /** psn_type: 11 在职, 21 退休; none for residents. */
  psnType: z.string().default(''),
  personType: z.enum(['employed', 'retired', 'resident']),
  personTypeName: z.string(),
  status: z.enum(['active', 'suspended']),
  statusName: z.string(),
  insuredDate: z.string(),
  suspendedDate: orNull(z.string()),
  regionCode: z.string(),
  regionName: orNull(z.string()),
  empName: orNull(z.string()),
});
