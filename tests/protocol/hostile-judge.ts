// How tests/protocol/hostile-input.test.ts judges one hostile request to the insurance
// sandbox: what the sandbox's own schema makes of it decides whether it must be refused (and
// with which refusal) or answered as its entry in hostile-cases.ts says; a refusal must carry
// a Chinese message and leave every table as it was, but for the logs that record requests.
import { FsiEnvelopeSchema, PATHS } from '@ybm/shared/protocol';
import type { z } from 'zod';

import { changedCounts, HOSTILE_VALUES, deepHostile, overTheWire, rowCounts } from '../support/hostile';
import type { Answer, Expected } from './hostile-cases';
import type { Sandbox } from './fsi-support';

/** The sandbox's request log: every request gets a row, refused or not. */
export const REQUEST_LOG = 'channel_requests';

/** Replaces `$cipher` placeholders, at any depth. */
export function withCipher<T>(input: T, cipher: string): T {
  if (input === '$cipher') return cipher as T;
  if (Array.isArray(input)) return input.map((item) => withCipher(item, cipher)) as T;
  if (!input || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, withCipher(v, cipher)])) as T;
}

/** The valid input first, then its variants, then data of every other type. */
export function inputsFrom(valid: Record<string, unknown>): unknown[] {
  const others = HOSTILE_VALUES.filter(
    (value) => typeof value !== 'object' || value === null || Array.isArray(value),
  );
  return [valid, ...deepHostile(valid), ...others];
}

const matches = (expected: Answer, got: string) =>
  expected instanceof RegExp ? expected.test(got) : expected === got;

/**
 * What is wrong with an answer (`ok`, or the refusal's code or 两定 message): a request its
 * schema refuses must get `refusal`; the valid one as written its answer; another valid one
 * its answer or one the entry allows.
 */
function verdict(got: string, refusal: Answer | undefined, expected: Expected, asWritten: boolean) {
  if (refusal)
    return matches(refusal, got) ? undefined : `got ${got}, expected ${refusal} (the schema refuses it)`;
  const allowed = asWritten ? [expected.answer] : [expected.answer, ...(expected.mayAlsoGet ?? [])];
  return allowed.some((a) => matches(a, got))
    ? undefined
    : `a valid request got ${got}, expected ${allowed.join(' or ')}`;
}

/** One request and its checks: the answer, and nothing stored when it is a refusal. */
export async function judge(
  sandbox: Sandbox,
  label: string,
  expectation: { refusal: Answer | undefined; expected: Expected; asWritten: boolean; logs: string[] },
  ask: () => Promise<{ answer: string; message?: string }>,
): Promise<string[]> {
  const kept = [
    REQUEST_LOG,
    ...expectation.logs,
    ...(expectation.refusal ? [] : (expectation.expected.records ?? [])),
  ];
  const before = rowCounts(sandbox.db, kept);
  let got: { answer: string; message?: string };
  try {
    got = await ask();
  } catch (error) {
    return [`[${label}]: ${String(error).slice(0, 200)}`];
  }
  const complaints: string[] = [];
  if (expectation.asWritten && expectation.refusal)
    complaints.push(`[as written]: its own schema refuses it`);
  const wrong = verdict(got.answer, expectation.refusal, expectation.expected, expectation.asWritten);
  if (wrong) complaints.push(`[${expectation.asWritten ? 'as written' : label}]: ${wrong}`);
  if (got.answer !== 'ok') {
    if (!/[\u4e00-\u9fa5]/.test(got.message ?? ''))
      complaints.push(`[${label}]: ${got.answer} without a Chinese message`);
    const stored = changedCounts(before, rowCounts(sandbox.db, kept));
    if (stored.length > 0) complaints.push(`[${label}]: refused, yet stored ${stored.join(', ')}`);
  }
  return complaints;
}

/** Posts a 两定 message; its answer as `ok` or the err_msg (always HTTP 200). */
export const fsiSender = (sandbox: Sandbox) => (envelope: unknown) => async () => {
  const { status, json } = await sandbox.post(PATHS.fsi, envelope);
  const answer = json as { infcode?: number; err_msg?: string };
  if (status !== 200) throw new Error(`HTTP ${status}`);
  return { answer: answer.infcode === 0 ? 'ok' : String(answer.err_msg), message: answer.err_msg };
};

/** The refusal a 两定 message gets from the envelope's schema, then from its transaction's. */
export const fsiRefusal = (input: z.ZodType) => (envelope: unknown) => {
  const wire = overTheWire(envelope) as { input?: unknown };
  if (refusedBy(FsiEnvelopeSchema, wire)) return /^报文校验失败/;
  return refusedBy(input, wire.input) ? /^入参校验失败/ : undefined;
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const refusedBy = (schema: z.ZodType | undefined, value: unknown) =>
  schema !== undefined && !schema.safeParse(value).success;
export const short = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);
