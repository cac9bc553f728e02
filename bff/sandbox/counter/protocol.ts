// The two public protocols a counter's HIS speaks, built from the protocol module and
// nothing of the platform's insides: 两定 messages (PROTOCOL.md §1: JSON over HTTP,
// msgid = institution + time + sequence) and the e-voucher centre (§2: ec.query in the GM
// envelope with the HIS channel's keys). Every answer is read with the protocol's schema.
import { createEnvelopeCodec, type EnvelopeChannel } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import {
  beijingTime,
  EC_GATEWAY_PATH,
  EC_TRANSACTIONS,
  FSI_INFNOS,
  FSI_PATH,
  fsiMsgid,
  FsiResponseSchema,
  INFCODE,
  SUCCESS_CODE,
  type EcTransType,
  type FsiOutput,
  type FsiRequest,
  type FsiRequestInput,
  type Infno,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

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

export interface FsiHeader {
  institution: string;
  institutionName: string;
  regionCode: string;
  operatorId: string;
  operatorName: string;
}

/** The platform's answer checked against the protocol's schema for it. */
function expect(step: string, schema: z.ZodType, value: unknown): unknown {
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
    async send<N extends Infno>(
      infno: N,
      input: FsiRequestInput<N>,
      extra: { signNo?: string; insuplc?: string },
    ): Promise<FsiOutput<N>> {
      seq = (seq % 9999) + 1;
      const at = now();
      const body: FsiRequest = {
        infno,
        msgid: fsiMsgid(header.institution, at, seq),
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
        inf_time: beijingTime(at).infTime,
        fixmedins_code: header.institution,
        fixmedins_name: header.institutionName,
        sign_no: extra.signNo ?? '',
        input,
      };
      const raw = await postJson(endpoint, FSI_PATH, body, infno);
      const answer = FsiResponseSchema.safeParse(raw);
      if (!answer.success) throw new CounterError(infno, 'BAD_RESPONSE', '医保平台的应答不是两定应答报文');
      if (answer.data.infcode !== INFCODE.success) {
        throw new CounterError(infno, String(answer.data.infcode), answer.data.err_msg ?? '未知错误');
      }
      // The output schema of `infno` reads the output of `infno`; TypeScript cannot pair them
      // across the union of infnos.
      return expect(infno, FSI_INFNOS[infno].output, answer.data.output) as FsiOutput<N>;
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
  return async function send<T extends EcTransType>(
    transType: T,
    data: z.input<(typeof EC_TRANSACTIONS)[T]['input']>,
  ): Promise<z.output<(typeof EC_TRANSACTIONS)[T]['answer']>> {
    const raw = await postJson(
      endpoint,
      EC_GATEWAY_PATH,
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
    if (opened.code !== SUCCESS_CODE) {
      throw new CounterError(transType, opened.code ?? '', opened.message ?? '');
    }
    return expect(transType, EC_TRANSACTIONS[transType].answer, opened.data) as z.output<
      (typeof EC_TRANSACTIONS)[T]['answer']
    >;
  };
}
