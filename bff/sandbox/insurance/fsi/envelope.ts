// The 两定 message envelope (PROTOCOL.md §1): the request's common fields, and the
// response every transaction answers with — infcode 0 / -1, inf_refmsgid (admdvs 6 +
// time 14 + serial 10), refmsg_time, respond_time, err_msg, output — always HTTP 200.
import { dateTime, optionalText, text } from '@ybm/shared/src/protocol/fsi/fields';
import { z } from 'zod';

import { randomDigits, type SandboxContext } from '../context';
import { chinaCompact, chinaCompactMs } from '../domain/china-time';

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

export interface FsiResponse {
  infcode: 0 | -1;
  inf_refmsgid: string;
  refmsg_time: string;
  respond_time: string;
  err_msg: string | null;
  warn_msg: null;
  cainfo: null;
  signtype: null;
  output: unknown;
}

export function fsiResponse(
  ctx: Pick<SandboxContext, 'now' | 'random'>,
  answer: { admdvs?: string; receivedAt: number; infcode: 0 | -1; errMsg?: string; output?: unknown },
): FsiResponse {
  const admdvs = answer.admdvs && REGION.test(answer.admdvs) ? answer.admdvs : '000000';
  const now = ctx.now();
  return {
    infcode: answer.infcode,
    inf_refmsgid: `${admdvs}${chinaCompact(now)}${randomDigits(ctx, 10)}`,
    refmsg_time: chinaCompactMs(answer.receivedAt),
    respond_time: chinaCompactMs(now),
    err_msg: answer.infcode === 0 ? null : (answer.errMsg ?? '交易失败'),
    warn_msg: null,
    cainfo: null,
    signtype: null,
    output: answer.infcode === 0 ? (answer.output ?? null) : null,
  };
}

/** A failure before any transaction ran (unreadable body, bad envelope). */
export function fsiFailure(ctx: Pick<SandboxContext, 'now' | 'random'>, errMsg: string, admdvs?: string) {
  const now = ctx.now();
  return fsiResponse(ctx, { infcode: -1, errMsg, receivedAt: now, ...(admdvs ? { admdvs } : {}) });
}

/** err_msg for a body the parser refused (status from @koa/bodyparser) or an unexpected error. */
export function fsiBodyProblem(status: number | undefined): string {
  if (status === 413) return '请求报文超过大小限制(256KB)';
  if (typeof status === 'number' && status >= 400 && status < 500) return '请求报文不是合法的JSON';
  return '医保平台内部错误，请稍后重试';
}
