// E-voucher centre (PROTOCOL.md §2) at EC_GATEWAY_PATH: an institution's HIS sends the
// scanned code in the GM envelope, the transaction named in the signed head as `transType`
// (the terminal docs' name, e.g. "ec.query") or `method` (the channel API's), and gets the
// person's identity and an ecToken for 1101, or a signed refusal with the code's own error.
import { createHash } from 'node:crypto';

import { Router } from '@koa/router';
import { ERRORS } from '@ybm/shared';
import { EnvelopeError } from '@ybm/shared/gm';
import {
  EC_GATEWAY_PATH,
  EC_TRANSACTIONS,
  EcQuery,
  SUCCESS_CODE,
  SUCCESS_MESSAGE,
  type EcQueryAnswer,
  type EcRefusalCode,
  type EcTransType,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

import { inTransaction } from '../../lib/sqlite';
import { isoNow, randomDigits, type SandboxContext } from '../context';
import { CodeRefusal, scanCode } from '../domain/codes';
import { CERT_TYPE_BY_DOCUMENT } from '../domain/identity';
import { activeInsurance, getPerson } from '../domain/people';
import { preparedStatements } from '../domain/prepared';
import { requestLog } from '../request-log';

class EcRefusal extends Error {
  constructor(
    readonly code: EcRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

const sql = preparedStatements((db) => ({
  institution: db.prepare<[string], { supportsEc: number }>(
    'SELECT supports_ec AS supportsEc FROM institutions WHERE code = ?',
  ),
}));

/** The signed head a transaction may rely on: the institution named outside `data`. */
interface EcHead {
  orgId?: string;
}

function ecQuery(context: SandboxContext, data: unknown, head: EcHead): z.input<typeof EcQueryAnswer> {
  // Terminals name the institution in the head and in data (§7); data's may be left out.
  const withOrg =
    head.orgId && data !== null && typeof data === 'object' && !Array.isArray(data)
      ? { orgId: head.orgId, ...data }
      : data;
  const parsed = EcQuery.safeParse(withOrg ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(data)').join(', ');
    throw new EcRefusal('EC_INPUT_INVALID', `入参校验失败：${where}`);
  }
  const input = parsed.data;
  if (head.orgId && head.orgId !== input.orgId) {
    throw new EcRefusal('EC_INPUT_INVALID', `入参校验失败：报文头 orgId 与 data.orgId 不一致`);
  }
  const institution = sql(context).institution.get(input.orgId);
  if (!institution) throw new EcRefusal('EC_ORG_UNKNOWN', `定点医药机构不存在：${input.orgId}`);
  if (institution.supportsEc !== 1) throw new EcRefusal('EC_ORG_NOT_SUPPORTED', '该机构未开通医保电子凭证');

  const scanned = scanCode(context, {
    text: input.ecQrCode,
    orgId: input.orgId,
    businessType: input.businessType,
  });
  const person = getPerson(context, scanned.psnNo);
  if (!person) throw new EcRefusal('EC_PERSON_NOT_FOUND', '未查询到该参保人员');
  const insurance = activeInsurance(context, scanned.psnNo);
  return {
    userName: person.name,
    idNo: person.docNumber,
    idType: CERT_TYPE_BY_DOCUMENT[person.docType] ?? '99',
    insuOrg: insurance?.regionCode ?? person.regionCode,
    // A stable per-person index, not the psn_no itself.
    ecIndexNo: createHash('sm3').update(`ecIndex|${person.psnNo}`).digest('hex').slice(0, 32).toUpperCase(),
    ecToken: scanned.ecToken,
    gender: person.gender,
    birthday: person.birthDate,
    nationality: person.nationality,
    chnlId: scanned.appId,
    authNo: randomDigits(context, 20),
  };
}

const TRANSACTIONS: Record<EcTransType, (context: SandboxContext, data: unknown, head: EcHead) => unknown> = {
  'ec.query': ecQuery,
};

const isTransType = (name: string): name is EcTransType => Object.hasOwn(EC_TRANSACTIONS, name);

export function createEcRouter(context: SandboxContext): Router {
  const { codec, channels } = context;
  const router = new Router();

  router.post(EC_GATEWAY_PATH, (ctx) => {
    const log = (appId: string | null, method: string | null, outcome: string) =>
      requestLog(context.db).record(appId, method, outcome, isoNow(context));
    let opened;
    try {
      opened = codec.open((ctx.request as { body?: unknown }).body, channels.find);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      log(null, null, error.code);
      ctx.status = ERRORS[error.code].status;
      ctx.body = { code: error.code, message: ERRORS[error.code].message };
      return;
    }
    const channel = channels.find(opened.appId);
    if (!channel) throw new Error('channel vanished between open and answer');
    // open() has refused an envelope whose method and transType disagree.
    const transType = opened.transType ?? opened.method ?? '';
    const head: EcHead = opened.orgId ? { orgId: opened.orgId } : {};
    let answer: { data: unknown; code: string; message: string };
    try {
      if (!isTransType(transType)) {
        throw new EcRefusal('EC_UNKNOWN_TRANS', `不支持的交易类型：${transType || '(无)'}`);
      }
      const handler = TRANSACTIONS[transType];
      // One transaction for the whole query (its reads and the scan's writes): one WAL lock.
      const data = inTransaction(context.db, () => handler(context, opened.data, head));
      context.onAnswer?.({ surface: 'ec', name: transType, data });
      answer = { data, code: SUCCESS_CODE, message: SUCCESS_MESSAGE };
    } catch (error) {
      if (error instanceof EcRefusal || error instanceof CodeRefusal) {
        answer = { data: undefined, code: error.code, message: error.message };
      } else throw error;
    }
    log(opened.appId, transType, answer.code);
    ctx.body = codec.seal(channel, answer.data, { code: answer.code, message: answer.message });
  });
  return router;
}
