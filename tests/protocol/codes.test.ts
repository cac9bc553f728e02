// code.issue and code.status through the channel API (the BFF's client, real HTTP and
// envelope): a QR-friendly one-time code for an activated person, followed by the phone.
import { createEnvelopeCodec, DEFAULT_SM2_USER_ID, generateSm2KeyPair } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';

import { createInsuranceTransport, InsuranceRefusal } from '../../bff/src/clients/insurance';
import { testChannel } from '../support/keys';
import { PERSONAS, setupCounter, type Sandbox } from './fsi-support';

const EMPLOYEE = PERSONAS.employee;

interface IssuedCode {
  code: string;
  issuedAt: string;
  expiresAt: string;
}

describe('code.issue and code.status', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await setupCounter();
  });
  afterAll(() => sandbox.close());

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as InsuranceRefusal,
    );

  it('issues a 25-character code in QR alphanumeric characters, valid for 60 s', async () => {
    sandbox.activate(EMPLOYEE.psnNo);
    const issued = (await sandbox.channel.call('code.issue', {
      psnNo: EMPLOYEE.psnNo,
    })) as unknown as IssuedCode;
    expect(issued.code).toMatch(/^YB1[0-9A-HJKMNP-TV-Z]{22}$/);
    expect(Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt)).toBe(60_000);
    expect(issued.issuedAt).toBe(new Date(sandbox.now()).toISOString());
    const status = (await sandbox.channel.call('code.status', { code: issued.code })) as Record<
      string,
      unknown
    >;
    expect(status).toEqual({ status: 'issued', issuedAt: issued.issuedAt, expiresAt: issued.expiresAt });
  });

  it('gives every call a new code', async () => {
    sandbox.activate(EMPLOYEE.psnNo);
    const codes = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      codes.add(
        ((await sandbox.channel.call('code.issue', { psnNo: EMPLOYEE.psnNo })) as { code: string }).code,
      );
    }
    expect(codes.size).toBe(20);
  });

  it('refuses a person whose voucher is not active on this channel', async () => {
    const error = await refusal(sandbox.channel.call('code.issue', { psnNo: PERSONAS.retiree.psnNo }));
    expect(error).toBeInstanceOf(InsuranceRefusal);
    expect(error?.code).toBe('VOUCHER_NOT_ACTIVE');
    sandbox.db.prepare("UPDATE vouchers SET status = 'revoked' WHERE psn_no = ?").run(EMPLOYEE.psnNo);
    expect((await refusal(sandbox.channel.call('code.issue', { psnNo: EMPLOYEE.psnNo })))?.code).toBe(
      'VOUCHER_NOT_ACTIVE',
    );
    expect((await refusal(sandbox.channel.call('code.issue', {})))?.code).toBe('INPUT_INVALID');
  });

  it('shows a code only to the channel that issued it', async () => {
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    const other = { appId: 'YBMALMP000000001', appSecret: 'alipay-secret-0123', keys: generateSm2KeyPair() };
    sandbox.context.channels.register({
      appId: other.appId,
      name: 'alipay',
      appSecret: other.appSecret,
      sm2UserId: DEFAULT_SM2_USER_ID,
      publicKey: other.keys.publicKey,
    });
    const alipay = createInsuranceTransport({
      baseUrl: sandbox.url,
      channel: {
        appId: other.appId,
        appSecret: other.appSecret,
        ownKeys: other.keys,
        peerPublicKey: testChannel().platformKeys.publicKey,
      },
      codec: createEnvelopeCodec({ primitives: nodePrimitives, now: sandbox.now }),
      timeoutMs: 5000,
    });
    expect((await refusal(alipay.call('code.status', { code })))?.code).toBe('CODE_NOT_FOUND');
    expect((await refusal(sandbox.channel.call('code.status', { code: 'YB1NOTACODE' })))?.code).toBe(
      'CODE_NOT_FOUND',
    );
  });
});
