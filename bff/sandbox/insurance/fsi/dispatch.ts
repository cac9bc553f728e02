// One 两定 message from body to answer: check the envelope (infno, msgid, regions,
// inf_time, institution, sign_no), answer a repeated msgid with its first answer, then run
// the transaction — its writes and the message record in one SQLite transaction, so a
// refusal or a crash leaves nothing half written.
import {
  describeFsiIssues,
  FsiEnvelopeSchema,
  INFCODE,
  parseChinaTime,
  type FsiResponse,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

import { inTransaction } from '../../lib/sqlite';
import type { SandboxContext } from '../context';
import { isoNow } from '../context';
import { preparedStatements } from '../domain/prepared';
import { refusalMessage } from './errors';
import { fsiFailure, fsiResponse } from './envelope';

/** The envelope fields a transaction may use, in readable names. */
export interface FsiCall {
  infno: string;
  msgid: string;
  fixmedinsCode: string;
  fixmedinsName: string;
  mdtrtArea: string;
  /** insuplc_admdvs: the person's 参保地 as the counter states it. */
  insuplcArea: string | undefined;
  operatorId: string;
  operatorName: string;
  receivedAt: number;
}

export interface FsiAnswer {
  output: unknown;
  psnNo?: string | null;
  /** What the message did (setl_id, mdtrt_id, sign_no): 2601 finds it by omsgid. */
  refId?: string | null;
}

export interface FsiTransaction {
  signInRequired: boolean;
  handle(ctx: SandboxContext, call: FsiCall, rawInput: unknown): Promise<() => FsiAnswer>;
}

/**
 * A transaction: its input schema, optional async checks with their own effects (the
 * password's try counter) and the synchronous body that runs inside the database
 * transaction.
 */
export function fsiTransaction<S extends z.ZodType>(definition: {
  input: S;
  signIn?: false;
  prepare?: (ctx: SandboxContext, call: FsiCall, input: z.output<S>) => Promise<void>;
  run: (ctx: SandboxContext, call: FsiCall, input: z.output<S>) => FsiAnswer;
}): FsiTransaction {
  return {
    signInRequired: definition.signIn !== false,
    async handle(ctx, call, rawInput) {
      const parsed = definition.input.safeParse(rawInput);
      if (!parsed.success) throw new InputInvalid(describeFsiIssues(parsed.error, 'input'));
      await definition.prepare?.(ctx, call, parsed.data);
      return () => definition.run(ctx, call, parsed.data);
    },
  };
}

class InputInvalid extends Error {}

const sql = preparedStatements((db) => ({
  region: db.prepare<[string], number>('SELECT 1 FROM regions WHERE code = ?').pluck(),
  institution: db.prepare<[string], number>('SELECT 1 FROM institutions WHERE code = ?').pluck(),
  signIn: db
    .prepare<[string, string], number>(
      'SELECT 1 FROM sign_ins WHERE sign_no = ? AND fixmedins_code = ? AND signed_out_at IS NULL',
    )
    .pluck(),
  previous: db.prepare<[string], { infno: string; fixmedinsCode: string; responseJson: string | null }>(
    `SELECT infno, fixmedins_code AS fixmedinsCode, response_json AS responseJson
     FROM fsi_messages WHERE msgid = ?`,
  ),
  record: db.prepare(
    // The answer is stored once, whole (response_json, which holds the output too);
    // output_json, its copy of the output, is no longer written.
    `INSERT INTO fsi_messages (msgid, infno, fixmedins_code, psn_no, ref_id, infcode, received_at,
       response_json)
     VALUES (@msgid, @infno, @fixmedinsCode, @psnNo, @refId, @infcode, @receivedAt, @responseJson)`,
  ),
}));

function isDuplicateMsgid(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' && /fsi_messages\.msgid/.test(message ?? '');
}

export async function handleFsiMessage(
  ctx: SandboxContext,
  transactions: Record<string, FsiTransaction>,
  body: unknown,
): Promise<FsiResponse> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fsiFailure(ctx, '请求报文不是合法的JSON对象');
  }
  const raw = body as Record<string, unknown>;
  const rawArea = typeof raw.mdtrtarea_admvs === 'string' ? raw.mdtrtarea_admvs : undefined;
  const envelope = FsiEnvelopeSchema.safeParse(raw);
  if (!envelope.success)
    return fsiFailure(ctx, describeFsiIssues(envelope.error, '', '报文校验失败'), rawArea);
  const env = envelope.data;
  const fail = (message: string) => fsiFailure(ctx, message, env.mdtrtarea_admvs);

  const transaction = transactions[env.infno];
  if (!transaction) return fail(`交易编号[${env.infno}]不存在或未开通`);
  if (!env.msgid.startsWith(env.fixmedins_code)) return fail('报文ID(msgid)应以定点医药机构编号开头');
  if (parseChinaTime(env.msgid.slice(12, 26)) === undefined) return fail('报文ID(msgid)中的时间不正确');
  const statements = sql(ctx);
  const replay = () => {
    const previous = statements.previous.get(env.msgid);
    if (!previous) return undefined;
    if (
      previous.infno !== env.infno ||
      previous.fixmedinsCode !== env.fixmedins_code ||
      !previous.responseJson
    ) {
      return fail(`报文ID(msgid)[${env.msgid}]重复`);
    }
    return JSON.parse(previous.responseJson) as FsiResponse;
  };
  // The checks read five rows: under one read transaction, one WAL lock instead of five.
  const refusal = inTransaction(ctx.db, (): FsiResponse | undefined => {
    if (!statements.region.get(env.mdtrtarea_admvs))
      return fail(`就医地医保区划[${env.mdtrtarea_admvs}]不存在`);
    if (env.insuplc_admdvs && !statements.region.get(env.insuplc_admdvs)) {
      return fail(`参保地医保区划[${env.insuplc_admdvs}]不存在`);
    }
    if (!statements.institution.get(env.fixmedins_code)) {
      return fail(`定点医药机构编号[${env.fixmedins_code}]不存在`);
    }

    const earlier = replay();
    if (earlier) return earlier;

    if (transaction.signInRequired) {
      if (!env.sign_no || !statements.signIn.get(env.sign_no, env.fixmedins_code)) {
        return fail('签到编号(sign_no)无效，请先签到(9001)');
      }
    }
    return undefined;
  });
  if (refusal) return refusal;

  const call: FsiCall = {
    infno: env.infno,
    msgid: env.msgid,
    fixmedinsCode: env.fixmedins_code,
    fixmedinsName: env.fixmedins_name,
    mdtrtArea: env.mdtrtarea_admvs,
    insuplcArea: env.insuplc_admdvs,
    operatorId: env.opter,
    operatorName: env.opter_name,
    receivedAt: ctx.now(),
  };
  const record = (response: FsiResponse, answer?: FsiAnswer) =>
    statements.record.run({
      msgid: call.msgid,
      infno: call.infno,
      fixmedinsCode: call.fixmedinsCode,
      psnNo: answer?.psnNo ?? null,
      refId: answer?.refId ?? null,
      infcode: response.infcode,
      receivedAt: isoNow(ctx),
      responseJson: JSON.stringify(response),
    });
  const answerWith = (base: { infcode: FsiResponse['infcode']; errMsg?: string; output?: unknown }) =>
    fsiResponse(ctx, { ...base, admdvs: call.mdtrtArea, receivedAt: call.receivedAt });

  try {
    const run = await transaction.handle(ctx, call, env.input);
    return inTransaction(ctx.db, () => {
      const answer = run();
      ctx.onAnswer?.({ surface: 'fsi', name: call.infno, data: answer.output });
      const response = answerWith({ infcode: INFCODE.success, output: answer.output });
      record(response, answer);
      return response;
    });
  } catch (error) {
    if (isDuplicateMsgid(error)) return replay() ?? fail(`报文ID(msgid)[${env.msgid}]重复`);
    const message = error instanceof InputInvalid ? error.message : refusalMessage(error);
    if (message === undefined) {
      process.stderr.write(
        `两定 ${call.infno} ${call.msgid} failed: ${(error as Error).stack ?? String(error)}\n`,
      );
      return fail('医保平台内部错误，请稍后重试');
    }
    const response = answerWith({ infcode: INFCODE.failure, errMsg: message });
    try {
      record(response);
    } catch (recordError) {
      // A concurrent message with the same msgid answered first: that answer stands.
      if (isDuplicateMsgid(recordError)) return replay() ?? response;
      throw recordError;
    }
    return response;
  }
}
