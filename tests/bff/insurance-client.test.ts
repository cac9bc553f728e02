// The typed insurance client's one exchange, on a scripted platform: an answer that does not
// fit its operation's schema is UPSTREAM_BAD_RESPONSE (502) with what did not fit logged; a
// refusal becomes the BFF's error code by the one table; amounts and order states come back
// in the product's terms.
import { Writable } from 'node:stream';

import request from 'supertest';

import { createInsuranceClient, InsuranceRefusal } from '../../bff/src/clients/insurance';
import { AppError, UpstreamError } from '../../bff/src/errors';
import { createLogger } from '../../bff/src/logger';
import { buildTestApp, employeeBinding, scriptedTransport } from '../support/bff';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  });
  return { logger, lines };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('an answer that does not fit its schema', () => {
  it('is UPSTREAM_BAD_RESPONSE, with the paths that did not fit logged and no value', async () => {
    const { logger, lines } = capturedLogger();
    const client = createInsuranceClient(
      scriptedTransport({ call: async () => ({ code: 12345, issuedAt: '2026-11-22T02:00:00Z' }) }),
      { logger },
    );
    const error = await failure(client.issueCode('23120000000001'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect([error.code, error.status]).toEqual(['UPSTREAM_BAD_RESPONSE', 502]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      operation: 'code.issue',
      issues: [
        { code: 'invalid_type', path: 'code' },
        { code: 'invalid_type', path: 'expiresAt' },
      ],
    });
    expect(JSON.stringify(lines[0])).not.toContain('12345');
  });

  it('reaches the phone as 502 UPSTREAM_BAD_RESPONSE when it is a code', async () => {
    const { app, deps } = buildTestApp(
      {},
      { insuranceTransport: { wechat: scriptedTransport({ call: async () => ({ code: 'YB1' }) }) } },
    );
    await deps.bindings.save(employeeBinding('openid-bad-answer', '23120000000001'));
    const { token } = await deps.sessions.create({
      platform: 'weapp',
      channel: 'wechat',
      platformUserId: 'openid-bad-answer',
    });
    const res = await request(app.callback())
      .get('/api/v1/voucher/code')
      .set('Authorization', `Bearer ${token}`)
      .expect(502);
    expect(res.body.error).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: '医保平台返回异常，请稍后重试',
    });
  });

  it('is UPSTREAM_BAD_RESPONSE for a 62xx answer too (an amount that is not yuan)', async () => {
    const client = createInsuranceClient(
      scriptedTransport({
        request: async () => ({ payOrdId: 'O1', ordStas: '6', feeSumamt: 'lots', fundPay: '1.00' }),
      }),
    );
    const error = await failure(client.queryOrder({ billId: 'O1', payToken: 'T1' }));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('the refusal table', () => {
  const refusedWith = (code: string, message = '') =>
    createInsuranceClient(
      scriptedTransport({
        call: async () => {
          throw new InsuranceRefusal(code, message);
        },
      }),
    );

  it.each([
    ['ORDER_ALREADY_PAID', 'BILL_ALREADY_PAID', 409],
    ['ORDER_REVOKED', 'BILL_REVOKED', 409],
    ['ORDER_NOT_FOUND', 'BILL_NOT_FOUND', 404],
    ['ORDER_NOT_AWAITING_CASH', 'BILL_NOT_AWAITING_CASH', 409],
    ['PASSWORD_LOCKED', 'PASSWORD_LOCKED', 423],
    ['PAY_AUTH_USED', 'UPSTREAM_BAD_RESPONSE', 502],
  ])('turns the platform’s %s into %s (%d)', async (platformCode, code, status) => {
    const error = await failure(refusedWith(platformCode).confirmCash('23120000000001', 'O1'));
    expect(error).not.toBeInstanceOf(UpstreamError);
    expect([error.code, error.status, error.details]).toEqual([code, status, { platformCode }]);
  });

  it('keeps the tries left of a wrong password, and renames a page position or a record it does not find', async () => {
    const wrong = await failure(
      refusedWith('PASSWORD_WRONG', '支付密码错误，今日还可尝试3次').authorisePayment('P1', 'O1', 'cipher'),
    );
    expect(wrong.details).toMatchObject({ remaining: 3 });
    const cursor = await failure(
      refusedWith('SETTLEMENT_NOT_FOUND').listSettlements('P1', { before: 'S', limit: 5 }),
    );
    expect(cursor.code).toBe('PAGE_CURSOR_INVALID');
    const settlement = await failure(refusedWith('SETTLEMENT_NOT_FOUND').getSettlement('S'));
    expect(settlement.code).toBe('RECORD_NOT_FOUND');
  });
});

describe('what issue 17 reads through the client', () => {
  /** A settlement as the platform describes it: a resident's purchase the fund paid nothing of. */
  const settlement = (fundZeroReason: string) => ({
    setlId: 'S1',
    mdtrtId: 'M1',
    psnNo: 'P1',
    kind: 'pharmacy',
    status: 'settled',
    insutype: '390',
    certType: '01',
    code: 'YB1',
    totalFen: 5_360,
    fundFen: 0,
    accountFen: 0,
    cashFen: 5_360,
    fulamtOwnpayFen: 0,
    overlmtFen: 0,
    preselfpayFen: 0,
    inscpFen: 5_360,
    deductibleFen: 0,
    poolPropSelfpayFen: 0,
    settledAt: '2026-11-22T02:05:00.000Z',
    fundZeroReason,
    institution: {
      code: 'P1',
      name: '绥化市第一大药房',
      kind: 'pharmacy',
      regionCode: '231200',
      regionName: '绥化市',
    },
  });

  it('keeps why the fund paid nothing on a record, and drops a reason it does not know', async () => {
    const client = createInsuranceClient(
      scriptedTransport({
        call: async () => ({
          count: 2,
          settlements: [settlement('pharmacy_not_pooled'), settlement('martian')],
        }),
      }),
    );
    const { records } = await client.listSettlements('P1', { limit: 5 });
    expect(records.map((record) => record.fundZeroReason)).toEqual(['pharmacy_not_pooled', undefined]);
    expect(records[1]).not.toHaveProperty('fundZeroReason');
  });

  it('names the reserved phone that stopped working, masked, as the platform did', async () => {
    const client = createInsuranceClient(
      scriptedTransport({
        call: async () => {
          throw new InsuranceRefusal(
            'RESERVED_PHONE_OUT_OF_SERVICE',
            '预留手机号138****1234已停机或销号，无法接收验证码，请到医保经办机构变更预留手机号',
          );
        },
      }),
    );
    const refused = await failure(
      client.startActivation({ docType: 'resident_id', docNumber: 'X', name: '王五', platformUserId: 'o1' }),
    );
    expect([refused.code, refused.details]).toEqual([
      'RESERVED_PHONE_OUT_OF_SERVICE',
      { platformCode: 'RESERVED_PHONE_OUT_OF_SERVICE', maskedPhone: '138****1234' },
    ]);
  });
});

describe('order states and amounts', () => {
  const order = (ordStas: string) => ({
    payOrdId: 'O1',
    medOrgOrd: 'HIS-1',
    ordStas,
    feeSumamt: '125.30',
    fundPay: '80.00',
    psnAcctPay: '40.30',
    ownPayAmt: '5.00',
    setlId: 'S1',
    traceTime: '2026-11-22 10:00:00',
    cashRefdSumamt: '0.00',
  });

  it.each([
    ['1', 'unpaid'],
    ['2', 'awaiting_cash'],
    ['6', 'paid'],
    ['7', 'refunded'],
    ['9', 'partly_refunded'],
    ['12', 'revoked'],
    ['15', 'unpaid'],
  ])('reads ordStas %s as %s, the split in fen', async (ordStas, status) => {
    const client = createInsuranceClient(scriptedTransport({ request: async () => order(ordStas) }));
    expect(await client.queryOrder({ billId: 'O1', payToken: 'T1' })).toEqual({
      status,
      paid: { fundFen: 8000, accountFen: 4030, cashFen: 500, setlId: 'S1' },
    });
  });
});
