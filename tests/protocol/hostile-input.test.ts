// Bad input is refused with the protocol's own code and a Chinese message, never an internal
// error, and stores nothing; input that is in fact valid gets the documented answer. Every
// channel operation of the seeded insurance sandbox (read off the sandbox, so none is
// missed), ec.query, the 两定 messages and the 62xx transactions are sent, through correctly
// sealed envelopes (so the data gets past the signature), each hostile value of
// tests/support/hostile.ts in each field, one level down too; each path is sent raw bodies
// of every shape and envelopes with a field replaced. Each request is judged by its schema in
// the protocol module (shared/src/protocol), the very one the sandbox's routers apply to it:
// one it refuses must get that schema's refusal
// (INPUT_INVALID, EC_INPUT_INVALID, 入参校验失败 / 报文校验失败) and leave every table as it
// was but the request log; one it accepts must get the answer in tests/protocol/hostile-cases.ts.
import { ERRORS } from '@ybm/shared';
import { createEnvelopeCodec } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import {
  CHANNEL_OPERATIONS as PROTOCOL_CHANNEL,
  EC_TRANSACTIONS,
  FSI_INFNOS,
  MOBILE_PAY_TRANSACTIONS,
  PATHS,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

import { FSI_TRANSACTIONS } from '../../bff/sandbox/insurance/fsi/router';
import { InsuranceRefusal } from '../../bff/src/clients/insurance';
import {
  deepHostile,
  HOSTILE_BODIES,
  HOSTILE_VALUES,
  hostileBodies,
  sealedOverTheWire,
} from '../support/hostile';
import { hisClient } from '../support/payments';
import {
  CHANNEL_OPERATIONS,
  FSI_MESSAGES,
  MOBILE_PAY_REQUESTS,
  type Answer,
  type Expected,
} from './hostile-cases';
import { DEMO_INSTITUTIONS, PERSONAS, setupCounter, type Sandbox } from './fsi-support';
import {
  fsiRefusal,
  fsiSender,
  inputsFrom,
  isRecord,
  judge,
  refusedBy,
  short,
  withCipher,
} from './hostile-judge';

/** Every 两定 answer, refusals too, is kept under its msgid, so a resent message gets the same. */
const FSI_ANSWERS = 'fsi_messages';
const ENVELOPE_CODES = Object.keys(ERRORS).filter((code) => code.startsWith('ENVELOPE_'));
/** The platform's answer when a 两定 message breaks it: must never come back. */
const FSI_INTERNAL = '医保平台内部错误，请稍后重试';
/**
 * What an envelope its schema accepts may still be refused for (fsi/dispatch.ts): a msgid
 * that is not the institution's or not a time, a region or institution the platform does not
 * know, a sign-in that is not this institution's, a msgid already answered for another message.
 */
const ENVELOPE_RULES: Answer[] = [
  /^报文ID\(msgid\)/,
  /^(就医地|参保地)医保区划\[.*\]不存在$/,
  /^定点医药机构编号\[.*\]不存在$/,
  /^签到编号\(sign_no\)无效/,
  /^交易编号\[.*\]不存在或未开通$/,
  // Optional in the envelope, needed by this message.
  /^缺少参保地医保区划/,
];

/** The schema each 62xx path runs (mobile-pay/router.ts reads it off the protocol module). */
const MOBILE_PAY_INPUTS: Record<string, z.ZodType> = Object.fromEntries(
  Object.values(MOBILE_PAY_TRANSACTIONS).map(({ path, input }) => [path, input]),
);
/** Each channel method's input schema, as the sandbox's operations() applies it. */
const CHANNEL_INPUTS: Record<string, z.ZodType> = Object.fromEntries(
  Object.entries(PROTOCOL_CHANNEL).map(([method, { input }]) => [method, input]),
);
/** Each 两定 infno's input schema, as its transaction in fsi/transactions applies it. */
const FSI_INPUTS: Record<string, z.ZodType> = Object.fromEntries(
  Object.entries(FSI_INFNOS).map(([infno, { input }]) => [infno, input]),
);

describe('hostile input to the insurance sandbox', () => {
  let sandbox: Sandbox;
  let cipher: string;
  beforeAll(async () => {
    sandbox = await setupCounter({ realClock: true });
    sandbox.activate(PERSONAS.employee.psnNo);
    await sandbox.setPassword(PERSONAS.employee.psnNo);
    cipher = sandbox.passwordCipher();
  });
  afterAll(() => sandbox.close());

  it('has a valid input for every channel operation the sandbox offers, and for no other', () => {
    const methods = Object.keys(sandbox.operations);
    expect(methods.filter((method) => !CHANNEL_OPERATIONS[method])).toEqual([]);
    expect(Object.keys(CHANNEL_OPERATIONS).filter((method) => !methods.includes(method))).toEqual([]);
  });

  it.each(Object.keys(CHANNEL_OPERATIONS))(
    'channel %s refuses what its schema refuses with INPUT_INVALID, storing nothing, and answers the rest as documented',
    async (method) => {
      const expected = CHANNEL_OPERATIONS[method]!;
      const op = sandbox.operations[method];
      if (!op) throw new Error(`the sandbox has no operation ${method}`);
      const schema = CHANNEL_INPUTS[method];
      const complaints: string[] = [];
      const inputs = inputsFrom(withCipher(expected.input, cipher));
      for (const [i, data] of inputs.entries()) {
        // What the operation parses: the opened data, or {} when there is none.
        const refusal = refusedBy(schema, sealedOverTheWire(data) ?? {}) ? 'INPUT_INVALID' : undefined;
        complaints.push(
          ...(await judge(
            sandbox,
            short(data),
            { refusal, expected, asWritten: i === 0, logs: [] },
            async () => {
              try {
                await sandbox.channel.call(method, data as Record<string, unknown>);
                return { answer: 'ok' };
              } catch (error) {
                if (error instanceof InsuranceRefusal) return { answer: error.code, message: error.message };
                throw error;
              }
            },
          )),
        );
      }
      expect(complaints).toEqual([]);
      expect(schema).toBeDefined();
    },
    60_000,
  );
  it('answers raw and tampered bodies on every envelope path with an envelope refusal, storing nothing', async () => {
    const complaints: string[] = [];
    const refusal = new RegExp(`^(${ENVELOPE_CODES.join('|')})$`);
    const envelopeOnly: Expected = { answer: refusal };
    const post = async (path: string, body: string | Buffer, type = 'application/json') => {
      const response = await fetch(sandbox.url + path, {
        method: 'POST',
        headers: { 'content-type': type },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      const text = await response.text();
      const json = JSON.parse(text) as { code?: string; message?: string };
      if (response.status >= 500) throw new Error(`${response.status} ${text.slice(0, 120)}`);
      return { answer: String(json.code), message: json.message };
    };
    for (const path of [PATHS.channelGateway, PATHS.ecGateway, ...Object.keys(MOBILE_PAY_INPUTS)]) {
      for (const raw of HOSTILE_BODIES) {
        const label = `${path} raw ${raw.type} ${String(raw.body).slice(0, 20)}`;
        const expectation = { refusal, expected: envelopeOnly, asWritten: false, logs: [] };
        complaints.push(...(await judge(sandbox, label, expectation, () => post(path, raw.body, raw.type))));
      }
    }
    // A well-sealed envelope with one field replaced.
    const sealed = createEnvelopeCodec({ primitives: nodePrimitives }).seal(
      sandbox.hisView,
      { ecQrCode: 'x' },
      { method: 'ec.query' },
    );
    for (const [field] of Object.entries(sealed)) {
      for (const bad of HOSTILE_VALUES) {
        const label = `${field} = ${short(bad)}`;
        const expectation = { refusal, expected: envelopeOnly, asWritten: false, logs: [] };
        const body = JSON.stringify({ ...sealed, [field]: bad });
        complaints.push(...(await judge(sandbox, label, expectation, () => post(PATHS.ecGateway, body))));
      }
    }
    expect(complaints).toEqual([]);
  }, 60_000);

  it('refuses each ec.query its schema refuses with EC_INPUT_INVALID, storing nothing, and answers the rest as documented', async () => {
    const code = await sandbox.issueCode(PERSONAS.employee.psnNo);
    const valid = {
      orgId: DEMO_INSTITUTIONS.pharmacy,
      businessType: '02121',
      operatorId: 'OP001',
      operatorName: '收款员甲',
      ecQrCode: code,
    };
    // The code is good for one scan; other text is no code (EC_CODE_* refusals).
    const expected: Expected = { answer: 'ok', mayAlsoGet: [/^EC_CODE_/, 'EC_ORG_UNKNOWN'] };
    const complaints: string[] = [];
    for (const [i, data] of [valid, ...deepHostile(valid)].entries()) {
      const refusal = refusedBy(EC_TRANSACTIONS['ec.query'].input, sealedOverTheWire(data) ?? {})
        ? 'EC_INPUT_INVALID'
        : undefined;
      const expectation = { refusal, expected, asWritten: i === 0, logs: [] };
      complaints.push(
        ...(await judge(sandbox, short(data), expectation, async () => {
          const answer = await sandbox.ec(data);
          return { answer: answer.code === '0' ? 'ok' : answer.code, message: answer.message };
        })),
      );
    }
    expect(complaints).toEqual([]);
  }, 60_000);

  it.each(Object.keys(FSI_MESSAGES))(
    '两定 %s refuses what its schemas refuse (报文校验失败 / 入参校验失败), storing nothing, and answers the rest as documented',
    async (infno) => {
      await sandbox.signIn();
      const expected = FSI_MESSAGES[infno]!;
      if (!FSI_TRANSACTIONS[infno]) throw new Error(`the sandbox has no 两定 ${infno}`);
      const schema = FSI_INPUTS[infno];
      if (!schema) throw new Error(`the protocol module has no 两定 ${infno}`);
      const complaints: string[] = [];
      const send = fsiSender(sandbox);
      const refusalOf = fsiRefusal(schema);
      for (const [i, input] of inputsFrom(withCipher(expected.input, cipher)).entries()) {
        const envelope = sandbox.envelope(infno, input);
        // Each answer is kept under its msgid (a resent message gets it again).
        const expectation = {
          refusal: refusalOf(envelope),
          expected,
          asWritten: i === 0,
          logs: [FSI_ANSWERS],
        };
        complaints.push(...(await judge(sandbox, `input ${short(input)}`, expectation, send(envelope))));
      }
      expect(complaints).toEqual([]);
    },
    60_000,
  );

  it('refuses each 两定 envelope its schema refuses with 报文校验失败, storing nothing, and answers the rest as documented', async () => {
    await sandbox.signIn();
    const expected = FSI_MESSAGES['1101']!;
    const send = fsiSender(sandbox);
    const refusalOf = fsiRefusal(FSI_INFNOS['1101'].input);
    const envelope = sandbox.envelope('1101', expected.input);
    // The rules of fsi/dispatch.ts and of the message beyond the schema.
    const rules: Expected = {
      answer: expected.answer,
      mayAlsoGet: [...(expected.mayAlsoGet ?? []), ...ENVELOPE_RULES],
    };
    const complaints: string[] = [];
    for (const bad of hostileBodies(envelope)) {
      // A message of its own (an answered msgid answers again whatever else is sent under it).
      const fresh =
        bad.msgid === envelope.msgid ? { ...bad, msgid: sandbox.envelope('1101', {}).msgid } : bad;
      const expectation = {
        refusal: refusalOf(fresh),
        expected: rules,
        asWritten: false,
        logs: [FSI_ANSWERS],
      };
      complaints.push(...(await judge(sandbox, `envelope ${short(fresh)}`, expectation, send(fresh))));
    }
    expect(complaints).toEqual([]);
  }, 60_000);

  it('answers raw bodies on the 两定 path with infcode -1 and the reason, storing nothing', async () => {
    const complaints: string[] = [];
    const expectation = {
      refusal: /[\u4e00-\u9fa5]/,
      expected: { answer: 'never' },
      asWritten: false,
      logs: [],
    };
    for (const raw of HOSTILE_BODIES) {
      complaints.push(
        ...(await judge(
          sandbox,
          `raw ${raw.type} ${String(raw.body).slice(0, 20)}`,
          expectation,
          async () => {
            const response = await fetch(sandbox.url + PATHS.fsi, {
              method: 'POST',
              headers: { 'content-type': raw.type },
              body: typeof raw.body === 'string' ? raw.body : new Uint8Array(raw.body),
            });
            const json = (await response.json()) as { infcode?: number; err_msg?: string };
            if (response.status !== 200 || json.infcode !== -1 || json.err_msg === FSI_INTERNAL)
              throw new Error(`${response.status} ${JSON.stringify(json).slice(0, 120)}`);
            return { answer: String(json.err_msg), message: json.err_msg };
          },
        )),
      );
    }
    expect(complaints).toEqual([]);
  }, 60_000);

  it.each(Object.keys(MOBILE_PAY_REQUESTS))(
    '62xx %s refuses what its schema refuses with INPUT_INVALID, storing nothing, and answers the rest as documented',
    async (path) => {
      const his = hisClient(sandbox.url, sandbox.hisView, Date.now);
      const expected = MOBILE_PAY_REQUESTS[path]!;
      const complaints: string[] = [];
      for (const [i, variant] of inputsFrom(expected.input).entries()) {
        // A fee upload of its own (the same medOrgOrd with other content is ORDER_DUPLICATE).
        const data =
          i > 0 && isRecord(variant) && variant.medOrgOrd === expected.input.medOrgOrd
            ? { ...variant, medOrgOrd: `HIS-HOSTILE-62-${i}` }
            : variant;
        const refusal = refusedBy(MOBILE_PAY_INPUTS[path], sealedOverTheWire(data) ?? {})
          ? 'INPUT_INVALID'
          : undefined;
        const expectation = { refusal, expected, asWritten: i === 0, logs: [] };
        complaints.push(
          ...(await judge(sandbox, short(data), expectation, async () => {
            const answer = await his.call(path, data);
            if (answer.status >= 500 || !answer.signed)
              throw new Error(`${answer.status} ${answer.code} unsigned`);
            return { answer: answer.code === '0' ? 'ok' : String(answer.code), message: answer.message };
          })),
        );
      }
      expect(complaints).toEqual([]);
    },
    60_000,
  );
});
