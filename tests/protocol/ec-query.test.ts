// The e-voucher centre (PROTOCOL.md §2) over HTTP in the GM envelope: ec.query decodes a
// code issued through the channel API into identity + ecToken, once; malformed, forged,
// altered, reused and expired codes each get their own error.
import { ERRORS } from '@ybm/shared';
import { createEnvelopeCodec, generateSm2KeyPair, type EnvelopeHead } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { PATHS } from '@ybm/shared/protocol';

import { testChannel } from '../support/keys';
import {
  DEMO_INSTITUTIONS,
  HIS_APP_ID,
  PERSONAS,
  setupCounter,
  type Loose,
  type Sandbox,
} from './fsi-support';

const EMPLOYEE = PERSONAS.employee;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The same code with the character at `index` replaced by another valid one. */
function changeAt(code: string, index: number): string {
  const current = code[index] ?? '0';
  const other = ALPHABET[(ALPHABET.indexOf(current) + 7) % ALPHABET.length] ?? '0';
  return code.slice(0, index) + other + code.slice(index + 1);
}

describe('ec.query', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await setupCounter();
  });
  afterAll(() => sandbox.close());

  it('decodes a fresh code into the person and an ecToken for the scanning institution', async () => {
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    const answer = await sandbox.scan(code, { businessType: '02121' });
    expect(answer.code).toBe('0');
    expect(answer.data).toMatchObject({
      userName: EMPLOYEE.name,
      idNo: EMPLOYEE.docNumber,
      idType: '01',
      insuOrg: '231200',
      gender: '1',
      birthday: '1985-03-12',
      nationality: 'CHN',
      chnlId: testChannel().appId,
    });
    expect(answer.data.ecToken).toMatch(/^231200[0-9A-F]{32}$/);
    expect(answer.data.ecIndexNo).toMatch(/^[0-9A-F]{32}$/);
    expect(answer.data.authNo).toMatch(/^\d{20}$/);
  });

  it('records the business type and institution on the code, which is now scanned', async () => {
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    await sandbox.scan(code, { businessType: '01301', institution: DEMO_INSTITUTIONS.hospital });
    const row = sandbox.db
      .prepare('SELECT status, business_type, org_id, ec_token FROM codes WHERE code = ?')
      .get(code) as Record<string, string>;
    expect(row).toMatchObject({
      status: 'scanned',
      business_type: '01301',
      org_id: DEMO_INSTITUTIONS.hospital,
    });
    const status = (await sandbox.channel.call('code.status', { code })) as Record<string, unknown>;
    expect(status).toMatchObject({ status: 'scanned', institutionName: '绥化市第一医院' });
  });

  describe('refuses codes it did not issue or that cannot be used, each with its own code', () => {
    it('malformed: not a code at all', async () => {
      const real = await sandbox.issueCode(EMPLOYEE.psnNo);
      for (const text of [
        'HELLO',
        'YB1',
        real.toLowerCase(),
        `${real}0`,
        real.replace(/.$/, 'I'),
        `YB2${real.slice(3)}`,
      ]) {
        const answer = await sandbox.scan(text);
        expect({ text, code: answer.code }).toEqual({ text, code: 'EC_CODE_MALFORMED' });
      }
    });

    it('forged: well-formed, but neither serial nor MAC was ever issued', async () => {
      const answer = await sandbox.scan('YB1ABCDEFGH0123456789ABCDEF');
      expect(answer.code).toBe('EC_CODE_MALFORMED'); // 27 characters: not even the format
      const forged = await sandbox.scan('YB1ABCDEFGH0123456789ABCD');
      expect(forged.code).toBe('EC_CODE_FORGED');
      expect(forged.message).toMatch(/非医保平台签发/);
    });

    it('altered: a real code with a character changed, in the MAC or in the serial', async () => {
      const real = await sandbox.issueCode(EMPLOYEE.psnNo);
      expect((await sandbox.scan(changeAt(real, 20))).code).toBe('EC_CODE_ALTERED');
      expect((await sandbox.scan(changeAt(real, 5))).code).toBe('EC_CODE_ALTERED');
      // The altered copies did not use up the real code.
      expect((await sandbox.scan(real)).code).toBe('0');
    });

    it('used: a code scanned once is refused the second time', async () => {
      const code = await sandbox.issueCode(EMPLOYEE.psnNo);
      expect((await sandbox.scan(code)).code).toBe('0');
      const again = await sandbox.scan(code);
      expect(again.code).toBe('EC_CODE_USED');
      expect(again.message).toMatch(/已被使用/);
    });

    it('expired: valid for 60 s and not a millisecond more', async () => {
      const onTime = await sandbox.issueCode(EMPLOYEE.psnNo);
      const late = await sandbox.issueCode(EMPLOYEE.psnNo);
      sandbox.advance(60_000);
      expect((await sandbox.scan(onTime)).code).toBe('0');
      sandbox.advance(1);
      const answer = await sandbox.scan(late);
      expect(answer.code).toBe('EC_CODE_EXPIRED');
      const status = (await sandbox.channel.call('code.status', { code: late })) as { status: string };
      expect(status.status).toBe('expired');
    });
  });

  it('lets exactly one of two counters scanning the same code at once succeed', async () => {
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    const answers = await Promise.all([
      sandbox.scan(code, { institution: DEMO_INSTITUTIONS.pharmacy }),
      sandbox.scan(code, { institution: '231200P00002' }),
    ]);
    expect(answers.map((answer) => answer.code).sort()).toEqual(['0', 'EC_CODE_USED']);
    expect(sandbox.count('SELECT COUNT(*) FROM ec_tokens WHERE code = ?', code)).toBe(1);
  });

  it('refuses institutions that are unknown or do not take the e-voucher', async () => {
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    expect((await sandbox.scan(code, { institution: '999999P99999' })).code).toBe('EC_ORG_UNKNOWN');
    expect((await sandbox.scan(code, { institution: DEMO_INSTITUTIONS.pharmacyWithoutEc })).code).toBe(
      'EC_ORG_NOT_SUPPORTED',
    );
    expect((await sandbox.scan(code)).code).toBe('0'); // the refusals left the code unused
  });

  it('refuses bad input and unknown transaction types with signed refusals', async () => {
    const missing = await sandbox.ec({ orgId: DEMO_INSTITUTIONS.pharmacy, ecQrCode: 'x' });
    expect(missing.code).toBe('EC_INPUT_INVALID');
    expect(missing.message).toMatch(/businessType/);
    const badType = await sandbox.ec({
      orgId: DEMO_INSTITUTIONS.pharmacy,
      businessType: '2121',
      operatorId: 'OP',
      operatorName: '甲',
      ecQrCode: 'x',
    });
    expect(badType.code).toBe('EC_INPUT_INVALID');
    expect((await sandbox.ec({}, 'ec.unknown')).code).toBe('EC_UNKNOWN_TRANS');
  });

  describe('reads the transaction from the signed head, named as terminals and channel clients name it', () => {
    const his = () => createEnvelopeCodec({ primitives: nodePrimitives, now: sandbox.now });
    /** A scan sealed by a HIS with the given head, as it goes on the wire. */
    async function sealedScan(head: EnvelopeHead) {
      const code = await sandbox.issueCode(EMPLOYEE.psnNo);
      // A plain record, so that a test can change, rename or drop any field of it.
      const sealed: Record<string, unknown> = {
        ...his().seal(
          sandbox.hisView,
          {
            orgId: DEMO_INSTITUTIONS.pharmacy,
            businessType: '02121',
            operatorId: 'OP001',
            operatorName: '收款员甲',
            ecQrCode: code,
          },
          head,
        ),
      };
      return { code, sealed };
    }

    /** Posts an envelope; the e-voucher centre's answer, opened when it is signed. */
    async function send(envelope: unknown) {
      const { status, json } = await sandbox.post(PATHS.ecGateway, envelope);
      if (!json.encData) return { status, signed: false, code: json.code, message: json.message };
      const opened = his().open(json, (appId) => (appId === HIS_APP_ID ? sandbox.hisView : undefined));
      return { status, signed: true, code: opened.code, message: opened.message, data: opened.data as Loose };
    }

    it('decodes the code for a terminal that sends transType "ec.query" and orgId, and no method', async () => {
      const { sealed } = await sealedScan({ transType: 'ec.query', orgId: DEMO_INSTITUTIONS.pharmacy });
      expect(sealed).toMatchObject({ transType: 'ec.query', orgId: DEMO_INSTITUTIONS.pharmacy });
      expect(sealed).not.toHaveProperty('method');
      const answer = await send(sealed);
      expect(answer).toMatchObject({ status: 200, signed: true, code: '0' });
      expect(answer.data).toMatchObject({ userName: EMPLOYEE.name, idNo: EMPLOYEE.docNumber });
      expect(answer.data?.ecToken).toMatch(/^231200[0-9A-F]{32}$/);
    });

    it('still decodes it for a client that names the transaction method', async () => {
      const { sealed } = await sealedScan({ method: 'ec.query' });
      expect(sealed).not.toHaveProperty('transType');
      const answer = await send(sealed);
      expect(answer).toMatchObject({ signed: true, code: '0', data: { userName: EMPLOYEE.name } });
    });

    it('decodes it when method and transType both name ec.query', async () => {
      const { sealed } = await sealedScan({ method: 'ec.query', transType: 'ec.query' });
      expect((await send(sealed)).code).toBe('0');
    });

    it('refuses an envelope whose method and transType differ with ENVELOPE_MALFORMED, decoding nothing', async () => {
      for (const head of [
        { method: 'ec.query', transType: 'ec.unknown' },
        { method: 'ec.unknown', transType: 'ec.query' },
      ]) {
        const { code, sealed } = await sealedScan(head);
        expect(await send(sealed)).toEqual({
          status: 400,
          signed: false,
          code: 'ENVELOPE_MALFORMED',
          message: ERRORS.ENVELOPE_MALFORMED.message,
        });
        // Nothing was decoded: the code is still unused.
        expect((await sandbox.scan(code)).code).toBe('0');
      }
    });

    it('refuses a head changed after signing (transType, orgId) as a bad signature', async () => {
      const { code, sealed } = await sealedScan({ transType: 'ec.query', orgId: DEMO_INSTITUTIONS.pharmacy });
      const { transType, ...withoutTransType } = sealed;
      const changes: [string, Record<string, unknown>][] = [
        ['transType changed', { ...sealed, transType: 'ec.unknown' }],
        ['transType renamed to method', { ...withoutTransType, method: transType }],
        ['transType dropped, method added', { ...withoutTransType, method: 'ec.unknown' }],
        ['orgId changed', { ...sealed, orgId: '231200P00002' }],
      ];
      for (const [label, changed] of changes) {
        const answer = await send(changed);
        expect({ label, status: answer.status, code: answer.code }).toEqual({
          label,
          status: 401,
          code: 'ENVELOPE_SIGNATURE_INVALID',
        });
      }
      // The envelope as signed is good, and none of the altered copies used the code.
      expect((await send(sealed)).code).toBe('0');
      expect((await sandbox.scan(code)).code).toBe('EC_CODE_USED');
    });

    it('takes the institution from the signed head when data leaves it out, and refuses two that differ', async () => {
      const code = await sandbox.issueCode(EMPLOYEE.psnNo);
      const fromHead = await send(
        his().seal(
          sandbox.hisView,
          { businessType: '02121', operatorId: 'OP001', operatorName: '收款员甲', ecQrCode: code },
          { transType: 'ec.query', orgId: DEMO_INSTITUTIONS.hospital },
        ),
      );
      expect(fromHead.code).toBe('0');
      const row = sandbox.db.prepare('SELECT org_id FROM codes WHERE code = ?').get(code) as {
        org_id: string;
      };
      expect(row.org_id).toBe(DEMO_INSTITUTIONS.hospital);

      const { code: other, sealed } = await sealedScan({
        transType: 'ec.query',
        orgId: DEMO_INSTITUTIONS.hospital,
      });
      const mismatch = await send(sealed);
      expect(mismatch).toMatchObject({ signed: true, code: 'EC_INPUT_INVALID' });
      expect(mismatch.message).toMatch(/orgId/);
      expect((await sandbox.scan(other)).code).toBe('0');
    });
  });

  it('answers envelopes it cannot trust without decoding anything', async () => {
    const stranger = {
      appId: HIS_APP_ID,
      appSecret: 'his-secret-0123456789',
      ownKeys: generateSm2KeyPair(),
      peerPublicKey: testChannel().platformKeys.publicKey,
    };
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    const sealed = createEnvelopeCodec({ primitives: nodePrimitives, now: sandbox.now }).seal(
      stranger,
      {
        orgId: DEMO_INSTITUTIONS.pharmacy,
        businessType: '02121',
        operatorId: 'x',
        operatorName: 'x',
        ecQrCode: code,
      },
      { method: 'ec.query' },
    );
    const { status, json } = await sandbox.post(PATHS.ecGateway, sealed);
    expect(status).toBe(401);
    expect(json.code).toBe('ENVELOPE_SIGNATURE_INVALID');
    expect((await sandbox.scan(code)).code).toBe('0');
  });
});
