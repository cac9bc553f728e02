// The 两定 answer (PROTOCOL.md §1, FsiResponseSchema in the protocol) every transaction
// gives — infcode 0 / -1, inf_refmsgid (admdvs 6 + time 14 + serial 10), refmsg_time,
// respond_time, err_msg, output — always with HTTP 200.
import { INFCODE, type FsiResponse } from '@ybm/shared/protocol';

import { randomDigits, type SandboxContext } from '../context';
import { chinaCompact, chinaCompactMs } from '../domain/china-time';

const REGION = /^\d{6}$/;

export function fsiResponse(
  ctx: Pick<SandboxContext, 'now' | 'random'>,
  answer: {
    admdvs?: string;
    receivedAt: number;
    infcode: FsiResponse['infcode'];
    errMsg?: string;
    output?: unknown;
  },
): FsiResponse {
  const admdvs = answer.admdvs && REGION.test(answer.admdvs) ? answer.admdvs : '000000';
  const now = ctx.now();
  return {
    infcode: answer.infcode,
    inf_refmsgid: `${admdvs}${chinaCompact(now)}${randomDigits(ctx, 10)}`,
    refmsg_time: chinaCompactMs(answer.receivedAt),
    respond_time: chinaCompactMs(now),
    err_msg: answer.infcode === INFCODE.success ? null : (answer.errMsg ?? '交易失败'),
    warn_msg: null,
    cainfo: null,
    signtype: null,
    output: answer.infcode === INFCODE.success ? (answer.output ?? null) : null,
  };
}

/** A failure before any transaction ran (unreadable body, bad envelope). */
export function fsiFailure(ctx: Pick<SandboxContext, 'now' | 'random'>, errMsg: string, admdvs?: string) {
  const now = ctx.now();
  return fsiResponse(ctx, {
    infcode: INFCODE.failure,
    errMsg,
    receivedAt: now,
    ...(admdvs ? { admdvs } : {}),
  });
}

/** err_msg for a body the parser refused (status from @koa/bodyparser) or an unexpected error. */
export function fsiBodyProblem(status: number | undefined): string {
  if (status === 413) return '请求报文超过大小限制(256KB)';
  if (typeof status === 'number' && status >= 400 && status < 500) return '请求报文不是合法的JSON';
  return '医保平台内部错误，请稍后重试';
}
