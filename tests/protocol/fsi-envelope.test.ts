// The 两定 envelope (PROTOCOL.md §1): 9001 sign-in and the sign_no every other message
// needs until 9002 sign-out, a repeated msgid answered with its first answer, and the bad-input matrix —
// every failure is HTTP 200 with infcode -1 and a Chinese err_msg, and writes nothing.

import { PATHS } from '@ybm/shared/protocol';
import {
  DEMO_CATALOGUE,
  DEMO_INSTITUTIONS,
  drugInput,
  PERSONAS,
  setupCounter,
  type Sandbox,
  type Loose,
} from './fsi-support';

const EMPLOYEE = PERSONAS.employee;
const BASKET = [{ item: DEMO_CATALOGUE.classA, qty: 2 }];

describe('两定 envelope', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await setupCounter();
  });
  afterEach(() => sandbox.close());

  const byCard = () =>
    drugInput(EMPLOYEE.psnNo, BASKET, { type: '03', no: 'A23000001', cardSn: sandbox.cardSn('A23000001') });

  describe('9001 sign-in', () => {
    it('answers a sign_no and the response envelope fields', async () => {
      const answer = await sandbox.fsi('9001', { signIn: { opter_no: 'OP001', mac: '', ip: '' } });
      expect(answer).toMatchObject({ infcode: 0, err_msg: null });
      expect(answer.output.signinoutb).toEqual({
        sign_time: '2025-03-03 09:30:00',
        sign_no: expect.stringMatching(/^\d{20}$/),
      });
      expect(answer.inf_refmsgid).toMatch(/^231200\d{14}\d{10}$/);
      expect(answer).toMatchObject({ refmsg_time: '20250303093000000', respond_time: '20250303093000000' });
    });

    it('is required before any other transaction, for that institution', async () => {
      const without = await sandbox.fsi('1101', {
        data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber },
      });
      expect(without).toMatchObject({
        infcode: -1,
        err_msg: '签到编号(sign_no)无效，请先签到(9001)',
        output: null,
      });
      const signNo = await sandbox.signIn(DEMO_INSTITUTIONS.pharmacy);
      const other = await sandbox.fsi(
        '1101',
        { data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber } },
        { institution: DEMO_INSTITUTIONS.hospital, signNo },
      );
      expect(other.infcode).toBe(-1);
      const signed = await sandbox.fsi('1101', {
        data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber },
      });
      expect(signed.infcode).toBe(0);
    });
  });

  describe('9002 sign-out', () => {
    const personQuery = { data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber } };

    it('closes the sign_no: the next message needs a new sign-in', async () => {
      const signNo = await sandbox.signIn();
      sandbox.advance(8 * 3600_000);
      const out = await sandbox.fsi('9002', { signOut: { sign_no: signNo, opter_no: 'OP001' } });
      expect(out).toMatchObject({
        infcode: 0,
        output: { signoutoutb: { sign_time: '2025-03-03 17:30:00' } },
      });

      expect(await sandbox.fsi('1101', personQuery)).toMatchObject({
        infcode: -1,
        err_msg: '签到编号(sign_no)无效，请先签到(9001)',
      });
      await sandbox.signIn();
      expect((await sandbox.fsi('1101', personQuery)).infcode).toBe(0);
    });

    it("refuses a sign_no that is another institution's or already closed", async () => {
      const pharmacy = await sandbox.signIn(DEMO_INSTITUTIONS.pharmacy);
      await sandbox.signIn(DEMO_INSTITUTIONS.hospital);
      const elsewhere = await sandbox.fsi(
        '9002',
        { signOut: { sign_no: pharmacy, opter_no: 'OP001' } },
        { institution: DEMO_INSTITUTIONS.hospital },
      );
      expect(elsewhere).toMatchObject({ infcode: -1, err_msg: `签到编号[${pharmacy}]不存在或已签退` });

      const morning = await sandbox.signIn(DEMO_INSTITUTIONS.pharmacy);
      const closed = await sandbox.fsi(
        '9002',
        { signOut: { sign_no: pharmacy, opter_no: 'OP001' } },
        { signNo: morning },
      );
      expect(closed.infcode).toBe(0);
      const again = await sandbox.fsi(
        '9002',
        { signOut: { sign_no: pharmacy, opter_no: 'OP001' } },
        { signNo: morning },
      );
      expect(again).toMatchObject({ infcode: -1, err_msg: `签到编号[${pharmacy}]不存在或已签退` });
      // The other sign-in of the same pharmacy is still open.
      expect((await sandbox.fsi('1101', personQuery, { signNo: morning })).infcode).toBe(0);
    });
  });

  describe('msgid', () => {
    it('answers a repeated msgid with the first answer and settles once', async () => {
      await sandbox.signIn();
      const before = sandbox.balance(EMPLOYEE.psnNo);
      const msgid = `${DEMO_INSTITUTIONS.pharmacy}202503030930000042`;
      const first = await sandbox.fsi('2102', byCard(), { msgid });
      sandbox.advance(5_000);
      const second = await sandbox.fsi('2102', byCard(), { msgid });
      expect(second).toEqual(first);
      expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(1);
      expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - Math.round(first.output.setlinfo.acct_pay * 100));
    });

    it('settles once when the same message arrives twice at the same moment', async () => {
      await sandbox.signIn();
      const msgid = `${DEMO_INSTITUTIONS.pharmacy}202503030930000043`;
      const [a, b] = await Promise.all([
        sandbox.fsi('2102', byCard(), { msgid }),
        sandbox.fsi('2102', byCard(), { msgid }),
      ]);
      expect(a).toEqual(b);
      expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(1);
    });

    it('refuses a msgid reused for another transaction', async () => {
      await sandbox.signIn();
      const msgid = `${DEMO_INSTITUTIONS.pharmacy}202503030930000044`;
      await sandbox.fsi('2101', byCard(), { msgid });
      const reused = await sandbox.fsi('2102', byCard(), { msgid });
      expect(reused).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/重复/) });
      expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(0);
    });
  });

  describe('bad input: infcode -1, a clear err_msg, HTTP 200, nothing written', () => {
    beforeEach(() => sandbox.signIn());

    const envelopeCases: [string, Record<string, unknown>, RegExp][] = [
      ['an unknown infno', { infno: '9999' }, /交易编号\[9999\]不存在/],
      ['a 3-digit infno', { infno: '210' }, /infno/],
      ['a short msgid', { msgid: '231200P00001' }, /msgid/],
      ['a msgid of another institution', { msgid: '231200P00002202503030930000001' }, /msgid.*机构编号/],
      ['a msgid with an impossible time', { msgid: '231200P00001202513450930000001' }, /msgid.*时间/],
      ['a 5-digit region', { mdtrtarea_admvs: '23120' }, /mdtrtarea_admvs.*6位/],
      ['letters for a region', { mdtrtarea_admvs: 'ABCDEF' }, /mdtrtarea_admvs/],
      ['an unknown region', { mdtrtarea_admvs: '999999' }, /就医地医保区划\[999999\]不存在/],
      ['an unknown insured region', { insuplc_admdvs: '110100' }, /参保地医保区划\[110100\]不存在/],
      [
        'an unknown institution',
        { fixmedins_code: '231200P99999', msgid: '231200P99999202503030930000001' },
        /定点医药机构编号/,
      ],
      ['a malformed inf_time', { inf_time: '2025/03/03 09:30' }, /inf_time/],
      ['opter_type out of range', { opter_type: '9' }, /opter_type/],
      ['a missing opter', { opter: undefined }, /缺少必填字段\[opter\]/],
      ['input as a string', { input: 'druginfo' }, /input/],
    ];

    it.each(envelopeCases)('%s', async (_name, change, message) => {
      const answer = await sandbox.fsi('2102', byCard(), { envelope: change });
      expect(answer).toMatchObject({ infcode: -1, output: null });
      expect(answer.err_msg).toMatch(message);
      expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(0);
    });

    const inputCases: [string, (input: Loose) => unknown, RegExp][] = [
      ['no druginfo', (input) => ({ drugdetail: input.drugdetail }), /缺少必填字段\[input\.druginfo\]/],
      ['an empty drugdetail', (input) => ({ ...input, drugdetail: [] }), /drugdetail/],
      [
        'a total as text',
        (input) => ({ ...input, druginfo: { ...input.druginfo, medfee_sumamt: 'abc' } }),
        /medfee_sumamt/,
      ],
      [
        'three decimals',
        (input) => ({ ...input, druginfo: { ...input.druginfo, medfee_sumamt: 25.001 } }),
        /两位小数/,
      ],
      [
        'a negative price',
        (input) => ({ ...input, drugdetail: [{ ...input.drugdetail[0], pric: -12.5 }] }),
        /pric/,
      ],
      ['a quantity of 0', (input) => ({ ...input, drugdetail: [{ ...input.drugdetail[0], cnt: 0 }] }), /cnt/],
      [
        'an unknown cert type',
        (input) => ({ ...input, druginfo: { ...input.druginfo, mdtrt_cert_type: '09' } }),
        /mdtrt_cert_type/,
      ],
      [
        'an unknown insutype',
        (input) => ({ ...input, druginfo: { ...input.druginfo, insutype: '999' } }),
        /insutype/,
      ],
      [
        'a total that is not Σ details',
        (input) => ({ ...input, druginfo: { ...input.druginfo, medfee_sumamt: 99.99 } }),
        /与明细合计.*不符/,
      ],
      [
        'a line whose amount is not price × qty',
        (input) => ({ ...input, drugdetail: [{ ...input.drugdetail[0], det_item_fee_sumamt: 1 }] }),
        /单价×数量/,
      ],
      [
        'an unknown catalogue code',
        (input) => ({ ...input, drugdetail: [{ ...input.drugdetail[0], med_list_codg: 'NOPE' }] }),
        /目录编码\[NOPE\]不存在/,
      ],
      [
        'an item off the list',
        (input) => ({
          ...input,
          druginfo: { ...input.druginfo, medfee_sumamt: 6.5 },
          drugdetail: [
            {
              ...input.drugdetail[0],
              med_list_codg: DEMO_CATALOGUE.retired.code,
              cnt: 1,
              pric: 6.5,
              det_item_fee_sumamt: 6.5,
            },
          ],
        }),
        /不在有效期内/,
      ],
      [
        'a person who is not the card holder',
        (input) => ({ ...input, druginfo: { ...input.druginfo, psn_no: PERSONAS.retiree.psnNo } }),
        /社会保障卡与人员编号不符/,
      ],
      [
        'the wrong insutype for the person',
        (input) => ({ ...input, druginfo: { ...input.druginfo, insutype: '390' } }),
        /险种类型/,
      ],
    ];

    it.each(inputCases)('%s', async (_name, change, message) => {
      const before = sandbox.balance(EMPLOYEE.psnNo);
      const answer = await sandbox.fsi('2102', change(byCard()));
      expect(answer).toMatchObject({ infcode: -1, output: null });
      expect(answer.err_msg).toMatch(message);
      expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(0);
      expect(sandbox.count("SELECT COUNT(*) FROM ledger WHERE kind = 'payment'")).toBe(0);
      expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before);
    });

    it('requires insuplc_admdvs once a person is named, and checks it', async () => {
      expect(await sandbox.fsi('2102', byCard(), { insuplc: null })).toMatchObject({
        infcode: -1,
        err_msg: '缺少参保地医保区划(insuplc_admdvs)',
      });
      expect(await sandbox.fsi('2102', byCard(), { insuplc: '610100' })).toMatchObject({
        infcode: -1,
        err_msg: '参保地医保区划[610100]与人员参保地不符',
      });
    });

    async function raw(body: string, contentType = 'application/json') {
      const response = await fetch(sandbox.url + PATHS.fsi, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    }

    it('answers a body that is not JSON, not an object or too large in the same form', async () => {
      for (const [body, message] of [
        ['{"infno":', /不是合法的JSON/],
        ['[1,2,3]', /不是合法的JSON对象/],
        [
          JSON.stringify({ ...sandbox.envelope('2102', byCard()), pad: 'x'.repeat(300 * 1024) }),
          /超过大小限制/,
        ],
      ] as const) {
        const { status, json } = await raw(body);
        expect(status).toBe(200);
        expect(json).toMatchObject({ infcode: -1, output: null });
        expect(json.err_msg).toMatch(message);
      }
      const text = await raw('infno=2102', 'text/plain');
      expect(text.status).toBe(200);
      expect(text.json.infcode).toBe(-1);
    });
  });
});
