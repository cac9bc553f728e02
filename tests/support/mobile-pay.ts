// The 62xx test bench: a seeded sandbox on a hand-turned clock with the employee's voucher
// active on the test channel, a HIS channel, and helpers to upload, authorise and pay bills.
import { fenToYuan, yuanToFen } from '@ybm/shared';
import { type Json } from '@ybm/shared/gm';
import { PATHS } from '@ybm/shared/protocol';

import { InsuranceRefusal, type InsuranceTransport } from '../../bff/src/clients/insurance';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { testChannel } from './keys';
import { channelClient, encryptPassword, hisClient, registerChannel } from './payments';
import { startInsuranceSandbox } from './servers';

export const PASSWORD = '135790';
export const EMPLOYEE = PERSONAS.employee;
export const HOSPITAL = DEMO_INSTITUTIONS.hospital;
export const MINUTE = 60_000;

export const BASKET = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.mri, DEMO_CATALOGUE.classC];

export function feeDetails(items = BASKET) {
  return items.map((item, index) => ({
    feedetlSn: `F${index + 1}`,
    medListCodg: item.code,
    cnt: 1,
    pric: fenToYuan(item.priceFen),
    detItemFeeSumamt: fenToYuan(item.priceFen),
  }));
}

let serial = 0;
export function bill(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    orgCodg: HOSPITAL,
    medOrgOrd: `HIS-${serial}`,
    psnNo: EMPLOYEE.psnNo,
    deptName: '普通内科',
    drName: '李医生',
    medfeeSumamt: fenToYuan(BASKET.reduce((sum, item) => sum + item.priceFen, 0)),
    feedetail: feeDetails(),
    ...overrides,
  };
}

export async function setup() {
  let clock = Date.parse('2025-03-10T02:00:00Z');
  const now = () => clock;
  const sandbox = await startInsuranceSandbox({ now, seed: true });
  const hisView = registerChannel(sandbox.context.channels, 'YBMHIS0000000001');
  const his = hisClient(sandbox.url, hisView, now);
  const bff: InsuranceTransport = channelClient(sandbox.url, testChannel().bffView, now);
  const started = (await bff.call('activation.start', {
    docType: EMPLOYEE.docType,
    docNumber: EMPLOYEE.docNumber,
    name: EMPLOYEE.name,
    platformUserId: 'openid-employee',
  })) as Record<string, Json>;
  await bff.call('activation.finish', {
    activationId: started.activationId as string,
    passwordCipher: encryptPassword(PASSWORD),
  });
  const db = sandbox.db;
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const balance = () =>
    db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(EMPLOYEE.psnNo) as number;
  const ledgerSum = () =>
    db.prepare('SELECT SUM(amount_fen) FROM ledger WHERE psn_no = ?').pluck().get(EMPLOYEE.psnNo) as number;

  async function upload(overrides: Record<string, unknown> = {}) {
    const answer = await his.call(PATHS.uploadFees, bill(overrides));
    expect(answer).toMatchObject({ code: '0' });
    return answer.data as Record<string, string>;
  }
  async function authorise(payOrdId: string, password = PASSWORD) {
    const auth = (await bff.call('payauth.issue', {
      psnNo: EMPLOYEE.psnNo,
      payOrdId,
      passwordCipher: encryptPassword(password),
    })) as Record<string, string>;
    return auth.payAuthNo as string;
  }
  async function pay(order: Record<string, string>, extra: Record<string, unknown> = {}) {
    const payAuthNo = await authorise(order.payOrdId as string);
    return his.call(PATHS.payOrder, {
      payAuthNo,
      payOrdId: order.payOrdId,
      payToken: order.payToken,
      orgBizSer: `BIZ-${order.payOrdId}`,
      acctUsedFlag: '1',
      ...extra,
    });
  }
  return {
    sandbox,
    his,
    hisView,
    bff,
    db,
    count,
    balance,
    ledgerSum,
    upload,
    authorise,
    pay,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

export async function refusalOf(promise: Promise<unknown>): Promise<InsuranceRefusal> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InsuranceRefusal);
  return error as InsuranceRefusal;
}

export const fen = (answer: Record<string, Json> | undefined, field: string) =>
  yuanToFen(String(answer?.[field]));

export type MobilePayBench = Awaited<ReturnType<typeof setup>>;
