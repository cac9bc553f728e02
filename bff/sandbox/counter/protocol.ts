// The two public protocols a counter's HIS speaks, and nothing of the platform's insides:
// 两定 messages (PROTOCOL.md §1: JSON over HTTP, msgid = institution + time + sequence)
// and the e-voucher centre (§2: ec.query in the GM envelope with the HIS channel's keys).
import { createEnvelopeCodec, type EnvelopeChannel } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import type { z } from 'zod';

/** The platform's public paths, as a HIS configures them. */
export const COUNTER_PATHS = {
  fsi: '/fsi/api/rsfComIfsService/callService',
  ecGateway: '/ecs/api/v1/gateway',
} as const;

/** A step of a counter flow that the platform refused, with its own code and message. */
export class CounterError extends Error {
  constructor(
    readonly step: string,
    readonly code: string,
    message: string,
  ) {
    super(`${step} 失败：${message}`);
    this.name = 'CounterError';
  }
}

export interface Endpoint {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

async function postJson(endpoint: Endpoint, path: string, body: unknown, step: string): Promise<unknown> {
  const doFetch = endpoint.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(endpoint.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new CounterError(
      step,
      'UNREACHABLE',
      `无法连接医保平台 ${endpoint.baseUrl}（${(error as Error).message}）`,
    );
  }
  try {
    return await response.json();
  } catch {
    throw new CounterError(step, `HTTP_${response.status}`, '医保平台的应答不是JSON');
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Beijing time parts, the clock of every 两定 field. */
export function beijingTime(epochMs: number) {
  const d = new Date(epochMs + 8 * 3600_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return { infTime: `${date} ${time}`, compact: `${date}${time}`.replace(/[-:]/g, '') };
}

export interface FsiHeader {
  institution: string;
  institutionName: string;
  regionCode: string;
  operatorId: string;
  operatorName: string;
}

interface FsiAnswer {
  infcode?: unknown;
  err_msg?: unknown;
  output?: unknown;
}

/** The platform's answer checked against what the step needs from it. */
function expect<T>(step: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new CounterError(step, 'BAD_RESPONSE', `医保平台的应答缺少或不认识字段：${where}`);
}

/** Sends 两定 messages for one institution, numbering them (msgid) from `seq`. */
export function createFsiSender(endpoint: Endpoint, header: FsiHeader, start: { seq: number }) {
  const now = endpoint.now ?? Date.now;
  let seq = start.seq;
  return {
    get seq() {
      return seq;
    },
    async send<T>(
      infno: string,
      input: unknown,
      extra: { signNo?: string; insuplc?: string },
      output: z.ZodType<T>,
    ): Promise<T> {
      seq = (seq % 9999) + 1;
      const time = beijingTime(now());
      const body = {
        infno,
        msgid: `${header.institution}${time.compact}${pad(seq, 4)}`,
        mdtrtarea_admvs: header.regionCode,
        insuplc_admdvs: extra.insuplc ?? '',
        recer_sys_code: 'FSI_LOCAL',
        dev_no: '',
        dev_safe_info: '',
        cainfo: '',
        signtype: 'SM2',
        infver: 'V1.0',
        opter_type: '1',
        opter: header.operatorId,
        opter_name: header.operatorName,
        inf_time: time.infTime,
        fixmedins_code: header.institution,
        fixmedins_name: header.institutionName,
        sign_no: extra.signNo ?? '',
        input,
      };
      const answer = ((await postJson(endpoint, COUNTER_PATHS.fsi, body, infno)) ?? {}) as FsiAnswer;
      if (answer.infcode !== 0) {
        const message = typeof answer.err_msg === 'string' ? answer.err_msg : '未知错误';
        throw new CounterError(infno, String(answer.infcode ?? 'NO_INFCODE'), message);
      }
      return expect(infno, output, answer.output);
    },
  };
}

/**
 * ec.query and friends through the e-voucher centre, sealed and verified with the HIS
 * channel. The head names the transaction `transType` and the institution `orgId`, as a
 * terminal written from the public docs does (PROTOCOL.md §2, §7).
 */
export function createEcSender(endpoint: Endpoint, channel: EnvelopeChannel, orgId: string) {
  const codec = createEnvelopeCodec({
    primitives: nodePrimitives,
    ...(endpoint.now ? { now: endpoint.now } : {}),
  });
  return async function send<T>(
    transType: string,
    data: Record<string, unknown>,
    output: z.ZodType<T>,
  ): Promise<T> {
    const raw = await postJson(
      endpoint,
      COUNTER_PATHS.ecGateway,
      codec.seal(channel, data, { transType, orgId }),
      transType,
    );
    const body = (raw ?? {}) as Record<string, unknown>;
    if (!body.encData)
      throw new CounterError(transType, String(body.code), String(body.message ?? '报文被拒绝'));
    let opened;
    try {
      opened = codec.open(body, (appId) => (appId === channel.appId ? channel : undefined));
    } catch (error) {
      throw new CounterError(
        transType,
        'BAD_RESPONSE',
        `医保平台的应答无法验证（${(error as Error).message}）`,
      );
    }
    if (opened.code !== '0') throw new CounterError(transType, opened.code ?? '', opened.message ?? '');
    return expect(transType, output, opened.data);
  };
}
