// The 两定 message (PROTOCOL.md §1): one POST path, the request's common fields around the
// transaction's `input`, and the answer every transaction gives — infcode 0 / -1,
// inf_refmsgid (admdvs 6 + time 14 + serial 10), refmsg_time, respond_time, err_msg,
// output — always with HTTP 200.
import '../../zod-setup';
import { z } from 'zod';

import { PATHS } from '../paths';
import { dateTime, optionalText, text } from './fields';
import { beijingTime } from './time';

export const FSI_PATH = PATHS.fsi;

/** infcode: 0 success; −1 failure, with err_msg saying why (nothing was done). */
export const INFCODE = { success: 0, failure: -1 } as const;

const REGION = /^\d{6}$/;

export const FsiEnvelopeSchema = z.object({
  infno: z.string().regex(/^\d{4}$/, '应为4位交易编号'),
  msgid: z
    .string()
    .regex(/^[0-9A-Z]{12}\d{18}$/, '应为定点医药机构编号(12位)+yyyyMMddHHmmss(14位)+顺序号(4位)'),
  mdtrtarea_admvs: z.string().regex(REGION, '应为6位医保区划代码'),
  insuplc_admdvs: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.string().regex(REGION, '应为6位医保区划代码').optional(),
  ),
  recer_sys_code: optionalText(20),
  dev_no: optionalText(100),
  dev_safe_info: optionalText(2000),
  cainfo: optionalText(4000),
  signtype: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(['SM2', 'SM3']).optional()),
  infver: optionalText(10),
  opter_type: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(['1', '2', '3'])),
  opter: text(30),
  opter_name: text(50),
  inf_time: dateTime,
  fixmedins_code: z.string().regex(/^[0-9A-Z]{12}$/, '应为12位定点医药机构编号'),
  fixmedins_name: text(200),
  sign_no: optionalText(40),
  input: z.record(z.string(), z.unknown()),
});
export type FsiEnvelope = z.output<typeof FsiEnvelopeSchema>;
/** A request as a counter writes it. */
export type FsiRequest = z.input<typeof FsiEnvelopeSchema>;

export const FsiResponseSchema = z.object({
  infcode: z.union([z.literal(INFCODE.success), z.literal(INFCODE.failure)]),
  inf_refmsgid: z.string(),
  refmsg_time: z.string(),
  respond_time: z.string(),
  err_msg: z.string().nullable(),
  warn_msg: z.null(),
  cainfo: z.null(),
  signtype: z.null(),
  /** The transaction's output (null on failure, and for transactions that answer none). */
  output: z.unknown(),
});
export type FsiResponse = z.output<typeof FsiResponseSchema>;

/** msgid: the institution (12) + the time sent, yyyyMMddHHmmss (14) + a sequence number (4). */
export function fsiMsgid(institution: string, epochMs: number, seq: number): string {
  return `${institution}${beijingTime(epochMs).compact}${String(seq % 10_000).padStart(4, '0')}`;
}
