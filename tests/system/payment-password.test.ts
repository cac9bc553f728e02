// The payment password when one person pays several bills at once, through the real pieces
// over HTTP (hospital 6201 → bill.created → BFF → payauth.issue → 6202): only a wrong
// password costs one of the day's five tries, however many checks are in flight, and a lock
// once reached holds against the right password.
import { type Bill } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { passwordState } from '../../bff/sandbox/insurance/domain/password';
import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { buildTestApp, employeeBinding } from '../support/bff';
import { testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  consultationBill,
  encryptPassword,
  hisClient,
  registerChannel,
  webhookEvents,
} from '../support/payments';
import { listen, startInsuranceSandbox } from '../support/servers';

jest.setTimeout(60_000);

const EMPLOYEE = PERSONAS.employee;
const OPENID = 'openid-employee-password';
const PASSWORD = '358024';
const WRONG = '111333';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };

async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  await activateOnPlatform(
    channelClient(sandbox.url, testChannel().bffView, Date.now),
    EMPLOYEE,
    OPENID,
    PASSWORD,
  );
  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const { app, deps } = buildTestApp({
    INSURANCE_BASE_URL: sandbox.url,
    WECHAT_API_BASE: wechatServer.url,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
    // Twenty password hashes share the machine's cores: this is about counting, not latency.
    INSURANCE_TIMEOUT_MS: '10000',
  });
  const bff = await listen(app);
  await deps.bindings.save(employeeBinding(OPENID, EMPLOYEE.psnNo));
  const { token } = await deps.sessions.create({
    platform: 'weapp',
    channel: 'wechat',
    platformUserId: OPENID,
  });
  const events = webhookEvents(sandbox.context, bff.url);

  let serial = 0;
  /** The hospital pushes `count` consultation bills; the BFF hears of every one. */
  async function hospitalBills(count: number): Promise<string[]> {
    const billIds: string[] = [];
    for (let i = 0; i < count; i += 1) {
      serial += 1;
      const answer = await his.call(PATHS.uploadFees, consultationBill(EMPLOYEE.psnNo, `HIS-PW-${serial}`));
      expect(answer.code).toBe('0');
      billIds.push(answer.data?.payOrdId as string);
    }
    for (let round = 0; round < 20; round += 1) {
      if ((await events.drainOnce()).delivered === 0) break;
    }
    for (const billId of billIds) expect((await deps.bills.get(billId))?.status).toBe('unpaid');
    return billIds;
  }

  const http = request(bff.url);
  let requests = 0;
  const pay = (billId: string, password: string) =>
    http
      .post(`/api/v1/bills/${billId}/pay`)
      .set('Authorization', `Bearer ${token}`)
      .send({
        useAccount: true,
        passwordCipher: encryptPassword(password),
        requestId: `pw-${Date.now()}-${(requests += 1)}-abcdef`,
      });
  /** What the platform itself holds: the day's tries left and whether it is locked. */
  const platformPassword = () => passwordState(sandbox.context, EMPLOYEE.psnNo);

  return {
    deps,
    hospitalBills,
    pay,
    platformPassword,
    close: async () => {
      await bff.close();
      await wechatServer.close();
      await sandbox.close();
    },
  };
}

describe('the payment password under concurrent payments of one person', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('pays 20 bills paid at the same moment with the right password, and counts no failure', async () => {
    const billIds = await s.hospitalBills(20);
    const answers = await Promise.all(billIds.map((billId) => s.pay(billId, PASSWORD)));
    expect(answers.map((res) => [res.status, res.body.error?.code])).toEqual(
      billIds.map(() => [200, undefined]),
    );
    for (const res of answers) expect((res.body as Bill).status).toMatch(/^(paid|awaiting_cash)$/);
    for (const billId of billIds)
      expect((await s.deps.bills.get(billId))?.status).toMatch(/^(paid|awaiting_cash)$/);
    expect(s.platformPassword()).toEqual({ set: true, remaining: 5, locked: false });
  });

  it('counts N wrong passwords sent at the same moment as exactly N of the day’s tries', async () => {
    const n = 3;
    const billIds = await s.hospitalBills(n);
    const answers = await Promise.all(billIds.map((billId) => s.pay(billId, WRONG)));
    for (const res of answers) expect(res.status).toBe(400);
    // Each answer says one try fewer than the one before it: 4, 3, 2, never a repeat or a gap.
    const remaining = answers.map((res) => res.body.error.details.remaining as number);
    expect(remaining.sort()).toEqual([2, 3, 4]);
    expect(s.platformPassword()).toEqual({ set: true, remaining: 5 - n, locked: false });
    for (const billId of billIds) expect((await s.deps.bills.get(billId))?.status).toBe('unpaid');

    // The right password still pays, and gives the tries back.
    expect((await s.pay(billIds[0]!, PASSWORD)).status).toBe(200);
    expect(s.platformPassword()).toEqual({ set: true, remaining: 5, locked: false });
  });

  it('holds the lock once six wrong tries reached it: the right password is then refused', async () => {
    const [target, ...others] = await s.hospitalBills(7);
    const wrong = await Promise.all(others.map((billId) => s.pay(billId, WRONG)));
    const codes = wrong.map((res) => res.body.error.code as string).sort();
    // Four say how many tries remain; the fifth locks; the sixth finds it locked.
    expect(codes).toEqual([
      'PASSWORD_LOCKED',
      'PASSWORD_LOCKED',
      'PASSWORD_WRONG',
      'PASSWORD_WRONG',
      'PASSWORD_WRONG',
      'PASSWORD_WRONG',
    ]);
    expect(s.platformPassword()).toEqual({ set: true, remaining: 0, locked: true });

    const right = await s.pay(target!, PASSWORD);
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('PASSWORD_LOCKED');
    expect((await s.deps.bills.get(target!))?.status).toBe('unpaid');
    expect(s.platformPassword()).toEqual({ set: true, remaining: 0, locked: true });
  });
});
