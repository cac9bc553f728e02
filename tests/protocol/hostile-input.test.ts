// Bad input is refused with the protocol's own code and a Chinese message, never an internal
// error: every operation of the seeded insurance sandbox, reached through correctly sealed
// envelopes (so the data gets past the signature), is sent each hostile value of
// tests/support/hostile.ts in each field, and each path is sent raw bodies of every shape.
// What counts as an internal error: HTTP 5xx or INTERNAL_ERROR on the envelope paths, the
// "内部错误" answer on the 两定 path (which answers HTTP 200 whatever happens).
import { createEnvelopeCodec } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import { PATHS } from '@ybm/shared/src/protocol';

import { InsuranceRefusal } from '../../bff/src/clients/insurance';
import { HOSTILE_BODIES, HOSTILE_VALUES, hostileBodies } from '../support/hostile';
import { consultationBill, hisClient } from '../support/payments';
import {
  DEMO_CATALOGUE,
  DEMO_INSTITUTIONS,
  drugInput,
  PERSONAS,
  setupCounter,
  type Sandbox,
} from './fsi-support';

const EMPLOYEE = PERSONAS.employee;
const PARENT = PERSONAS.parent;
const CHILD = PERSONAS.child;
const FSI_INTERNAL = '医保平台内部错误，请稍后重试';

/** A valid input for every channel operation (`$cipher`: a password cipher made at run time). */
const CHANNEL_OPERATIONS: Record<string, Record<string, unknown>> = {
  'sys.echo': { nonce: 'hostile' },
  'code.issue': { psnNo: EMPLOYEE.psnNo },
  'code.status': { code: 'YB1NOTACODE' },
  'region.list': { unused: true },
  'institution.search': {
    regionCode: '231200',
    kind: 'pharmacy',
    name: '药房',
    supportsEc: true,
    near: { lat: 46.6, lng: 126.9 },
    page: 1,
    pageSize: 5,
  },
  'catalogue.search': {
    keyword: '阿莫西林',
    code: DEMO_CATALOGUE.classA.code,
    class: '01',
    category: 'drug',
  },
  'family.list': { ownerPsnNo: PARENT.psnNo },
  'family.add': {
    ownerPsnNo: PARENT.psnNo,
    member: { docType: CHILD.docType, docNumber: CHILD.docNumber, name: CHILD.name },
    relation: 'child',
    guardianAttested: true,
  },
  'family.remove': { ownerPsnNo: PARENT.psnNo, memberPsnNo: CHILD.psnNo },
  'person.lookup': { docType: EMPLOYEE.docType, docNumber: EMPLOYEE.docNumber, name: EMPLOYEE.name },
  'account.summary': { psnNo: EMPLOYEE.psnNo },
  'account.ledger': { psnNo: EMPLOYEE.psnNo, beforeId: 10, limit: 5 },
  'settlement.list': { psnNo: EMPLOYEE.psnNo, before: 'S0001', limit: 5 },
  'settlement.get': { setlId: 'S0001', psnNo: EMPLOYEE.psnNo },
  'remoteCare.file': {
    psnNo: EMPLOYEE.psnNo,
    careRegionCode: '610100',
    reason: 'posted_worker',
    beginDate: '2026-12-01',
    endDate: '2027-06-01',
  },
  'remoteCare.list': { psnNo: EMPLOYEE.psnNo },
  'remoteCare.cancel': { psnNo: EMPLOYEE.psnNo, filingId: 'RC0001' },
  'activation.start': {
    docType: EMPLOYEE.docType,
    docNumber: EMPLOYEE.docNumber,
    name: EMPLOYEE.name,
    platformUserId: 'openid-hostile',
  },
  'activation.finish': { activationId: 'ACT-NONE', passwordCipher: '$cipher' },
  'password.verify': { psnNo: EMPLOYEE.psnNo, cipher: '$cipher' },
  'password.change': { psnNo: EMPLOYEE.psnNo, oldCipher: '$cipher', newCipher: '$cipher' },
  'voucher.status': { psnNo: EMPLOYEE.psnNo },
  'voucher.revoke': { psnNo: PERSONAS.retiree.psnNo },
};

/** Replaces `$cipher` placeholders. */
function withCipher(input: Record<string, unknown>, cipher: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v === '$cipher' ? cipher : v]));
}

/** Each field of `valid`, one level down into objects too, replaced by each hostile value. */
function deepHostile(valid: Record<string, unknown>): Record<string, unknown>[] {
  const variants = hostileBodies(valid);
  for (const [key, value] of Object.entries(valid)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of hostileBodies(value as Record<string, unknown>))
        variants.push({ ...valid, [key]: inner });
    }
    if (Array.isArray(value) && value[0] && typeof value[0] === 'object') {
      for (const inner of hostileBodies(value[0] as Record<string, unknown>)) {
        variants.push({ ...valid, [key]: [inner, ...value.slice(1)] });
      }
    }
  }
  return variants;
}

/** Raw bodies to a path: what the answer must not be. */
async function rawComplaints(
  sandbox: Sandbox,
  path: string,
  internal: (json: Record<string, unknown>) => boolean,
) {
  const complaints: string[] = [];
  for (const raw of HOSTILE_BODIES) {
    const response = await fetch(sandbox.url + path, {
      method: 'POST',
      headers: { 'content-type': raw.type },
      body: typeof raw.body === 'string' ? raw.body : new Uint8Array(raw.body),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      complaints.push(`[raw ${raw.type}]: not JSON: ${text.slice(0, 100)}`);
      continue;
    }
    if (response.status >= 500 || internal(json)) {
      complaints.push(
        `[raw ${raw.type} ${String(raw.body).slice(0, 20)}]: ${response.status} ${text.slice(0, 120)}`,
      );
    }
  }
  return complaints;
}

const envelopeInternal = (json: Record<string, unknown>) => json.code === 'INTERNAL_ERROR';

describe('hostile input to the insurance sandbox', () => {
  let sandbox: Sandbox;
  let cipher: string;
  beforeAll(async () => {
    sandbox = await setupCounter({ realClock: true });
    cipher = sandbox.passwordCipher();
  });
  afterAll(() => sandbox.close());

  it.each(Object.keys(CHANNEL_OPERATIONS))(
    'channel %s refuses each hostile input with a code of its own',
    async (method) => {
      const complaints: string[] = [];
      const inputs = [
        ...deepHostile(withCipher(CHANNEL_OPERATIONS[method]!, cipher)),
        ...HOSTILE_VALUES.filter(
          (value) => typeof value !== 'object' || value === null || Array.isArray(value),
        ),
      ];
      for (const data of inputs) {
        try {
          await sandbox.channel.call(method, data as Record<string, unknown>);
        } catch (error) {
          // A refusal carries the platform's code and its message; anything else means the
          // answer was not a signed refusal (HTTP 5xx, a broken envelope).
          if (
            error instanceof InsuranceRefusal &&
            error.code !== 'INTERNAL_ERROR' &&
            /[\u4e00-\u9fa5]/.test(error.message)
          ) {
            continue;
          }
          complaints.push(`[${JSON.stringify(data).slice(0, 80)}]: ${String(error).slice(0, 160)}`);
        }
      }
      expect(complaints).toEqual([]);
    },
    60_000,
  );

  it('answers raw and tampered bodies on every envelope path with a code, never a 5xx', async () => {
    const complaints: string[] = [];
    for (const path of [
      PATHS.channelGateway,
      PATHS.ecGateway,
      PATHS.uploadFees,
      PATHS.payOrder,
      PATHS.refundOrder,
      PATHS.queryOrder,
      PATHS.revokeOrder,
    ]) {
      complaints.push(...(await rawComplaints(sandbox, path, envelopeInternal)));
    }
    // A well-sealed envelope with one field replaced.
    const sealed = createEnvelopeCodec({ primitives: nodePrimitives }).seal(
      sandbox.hisView,
      { ecQrCode: 'x' },
      { method: 'ec.query' },
    );
    for (const [field] of Object.entries(sealed)) {
      for (const bad of HOSTILE_VALUES) {
        const response = await fetch(sandbox.url + PATHS.ecGateway, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...sealed, [field]: bad }),
        });
        const json = (await response.json()) as Record<string, unknown>;
        if (response.status >= 500 || envelopeInternal(json)) {
          complaints.push(
            `[${field} = ${JSON.stringify(bad).slice(0, 30)}]: ${response.status} ${JSON.stringify(json)}`,
          );
        }
      }
    }
    expect(complaints).toEqual([]);
  }, 60_000);

  it('refuses each hostile ec.query with a code of its own', async () => {
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    const valid = {
      orgId: DEMO_INSTITUTIONS.pharmacy,
      businessType: '02121',
      operatorId: 'OP001',
      operatorName: '收款员甲',
      ecQrCode: code,
    };
    const complaints: string[] = [];
    for (const data of deepHostile(valid)) {
      const answer = await sandbox.ec(data);
      if (
        answer.code === 'INTERNAL_ERROR' ||
        (answer.code !== '0' && !/[\u4e00-\u9fa5]/.test(answer.message))
      ) {
        complaints.push(`[${JSON.stringify(data).slice(0, 80)}]: ${answer.code} ${answer.message}`);
      }
    }
    expect(complaints).toEqual([]);
  }, 60_000);

  it('answers each hostile 两定 message with infcode -1 and the reason, never the internal error', async () => {
    await sandbox.signIn();
    const basket = [{ item: DEMO_CATALOGUE.classA, qty: 1 }];
    const messages: [string, Record<string, unknown>][] = [
      [
        '1101',
        { data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber, psn_name: EMPLOYEE.name } },
      ],
      ['1312', { data: { hilist_code: DEMO_CATALOGUE.classA.code, page_num: 1, page_size: 5 } }],
      ['2101', drugInput(EMPLOYEE.psnNo, basket, { type: '02', no: EMPLOYEE.docNumber })],
      ['2102', drugInput(EMPLOYEE.psnNo, basket, { type: '02', no: EMPLOYEE.docNumber })],
      ['2103', { data: { setl_id: 'S0001', psn_no: EMPLOYEE.psnNo } }],
      [
        '2201',
        {
          data: {
            psn_no: EMPLOYEE.psnNo,
            insutype: '310',
            begntime: '2026-11-23 10:00:00',
            mdtrt_cert_type: '02',
            mdtrt_cert_no: EMPLOYEE.docNumber,
            ipt_otp_no: 'OTP1',
            atddr_no: 'D1',
            dr_name: '李医生',
            dept_code: 'K1',
            dept_name: '内科',
            caty: 'A03',
          },
        },
      ],
      [
        '2204',
        {
          feedetail: [
            {
              feedetl_sn: 'F1',
              mdtrt_id: 'M1',
              psn_no: EMPLOYEE.psnNo,
              med_type: '11',
              fee_ocur_time: '2026-11-23 10:00:00',
              med_list_codg: DEMO_CATALOGUE.classA.code,
              medins_list_codg: 'H1',
              det_item_fee_sumamt: 1,
              cnt: 1,
              pric: 1,
            },
          ],
        },
      ],
    ];
    const complaints: string[] = [];
    const check = (label: string, answer: { infcode: number; err_msg?: string | null }) => {
      if (
        answer.err_msg === FSI_INTERNAL ||
        (answer.infcode !== 0 && !/[\u4e00-\u9fa5]/.test(answer.err_msg ?? ''))
      ) {
        complaints.push(`[${label}]: ${answer.infcode} ${answer.err_msg}`);
      }
    };
    for (const [infno, input] of messages) {
      for (const bad of deepHostile(input))
        check(`${infno} ${JSON.stringify(bad).slice(0, 80)}`, await sandbox.fsi(infno, bad));
      for (const bad of HOSTILE_VALUES)
        check(`${infno} input = ${JSON.stringify(bad).slice(0, 30)}`, await sandbox.fsi(infno, bad));
    }
    // The envelope's own fields.
    const envelope = sandbox.envelope('1101', messages[0]![1]);
    for (const bad of hostileBodies(envelope)) {
      const { json } = await sandbox.post(PATHS.fsi, bad);
      check(`envelope ${JSON.stringify(bad).slice(0, 80)}`, json as never);
    }
    complaints.push(...(await rawComplaints(sandbox, PATHS.fsi, (json) => json.err_msg === FSI_INTERNAL)));
    expect(complaints).toEqual([]);
  }, 120_000);

  it('refuses each hostile 62xx request with a code of its own', async () => {
    const his = hisClient(sandbox.url, sandbox.hisView, Date.now);
    const upload = consultationBill(EMPLOYEE.psnNo, 'HIS-HOSTILE-62');
    const requests: [string, Record<string, unknown>][] = [
      [PATHS.uploadFees, upload],
      [PATHS.queryOrder, { payOrdId: 'PO-NONE', payToken: 'T' }],
      [PATHS.payOrder, { payOrdId: 'PO-NONE', payToken: 'T', payAuthNo: 'A', acctUsedFlag: '1' }],
      [PATHS.refundOrder, { payOrdId: 'PO-NONE', refdType: 'ALL', refdSn: 'R1', totlRefdAmt: '1.00' }],
      [PATHS.revokeOrder, { payOrdId: 'PO-NONE', payToken: 'T' }],
    ];
    const complaints: string[] = [];
    for (const [path, valid] of requests) {
      for (const data of [...deepHostile(valid), ...HOSTILE_VALUES]) {
        const answer = await his.call(path, data);
        if (
          answer.status >= 500 ||
          answer.code === 'INTERNAL_ERROR' ||
          (answer.code !== '0' && !/[\u4e00-\u9fa5]/.test(answer.message ?? ''))
        ) {
          complaints.push(
            `[${path} ${JSON.stringify(data).slice(0, 80)}]: ${answer.status} ${answer.code} ${answer.message}`,
          );
        }
      }
    }
    expect(complaints).toEqual([]);
  }, 120_000);
});
