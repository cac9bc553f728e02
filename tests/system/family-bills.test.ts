// A family member's bill through the real pieces over HTTP: the hospital bills the elderly
// father (6201), the bill reaches his son's inbox and push (亲情账户), the son opens it — it
// says whose it is — and pays it with his own password, from his own personal account
// (家庭共济) or from his father's; a stranger gets 404.
import type { Bill, InboxMessage } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';
import request from 'supertest';

import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createWechatSandbox } from '../../bff/sandbox/wechat/app';
import { buildTestApp, employeeBinding } from '../support/bff';
import { testChannel } from '../support/keys';
import {
  activateOnPlatform,
  channelClient,
  encryptPassword,
  feesOf,
  hisClient,
  registerChannel,
  webhookEvents,
} from '../support/payments';
import { listen, startInsuranceSandbox } from '../support/servers';

const PARENT = PERSONAS.parent;
const ELDER = PERSONAS.elder;
const OPENID = 'openid-parent-pay';
const PASSWORD = '358024';
const WECHAT = { appId: 'wxtest0000000001', appSecret: 'wechat-test-secret' };
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest];

let serial = 0;
async function setup() {
  const sandbox = await startInsuranceSandbox({ seed: true });
  const his = hisClient(sandbox.url, registerChannel(sandbox.context.channels, 'YBMHIS0000000001'), Date.now);
  const platform = channelClient(sandbox.url, testChannel().bffView, Date.now);
  await activateOnPlatform(platform, PARENT, OPENID, PASSWORD);
  await activateOnPlatform(platform, PERSONAS.employee, 'openid-stranger', PASSWORD);
  const wechat = createWechatSandbox(WECHAT);
  const wechatServer = await listen(wechat.app);
  const { app, deps } = buildTestApp({
    INSURANCE_BASE_URL: sandbox.url,
    WECHAT_API_BASE: wechatServer.url,
    WECHAT_APP_ID: WECHAT.appId,
    WECHAT_APP_SECRET: WECHAT.appSecret,
  });
  const bff = await listen(app);
  await deps.bindings.save({ ...employeeBinding(OPENID, PARENT.psnNo), maskedName: '赵*' });
  await deps.bindings.save(employeeBinding('openid-stranger', PERSONAS.employee.psnNo));
  await request(wechatServer.url).post('/dev/subscription').send({ openid: OPENID, count: 100 }).expect(200);
  const auth = `Bearer ${(await deps.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId: OPENID })).token}`;
  const stranger = `Bearer ${(await deps.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId: 'openid-stranger' })).token}`;
  const events = webhookEvents(sandbox.context, bff.url);
  const http = request(bff.url);
  // The parent's family list gives the BFF its memberIds (the seeded links).
  await http.get('/api/v1/family').set('Authorization', auth).expect(200);
  const balance = (psnNo: string) =>
    sandbox.db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(psnNo) as number;
  const ledger = (psnNo: string) =>
    sandbox.db.prepare('SELECT SUM(amount_fen) FROM ledger WHERE psn_no = ?').pluck().get(psnNo) as number;

  async function fatherBill(): Promise<string> {
    serial += 1;
    const answer = await his.call(PATHS.uploadFees, {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `HIS-FAMILY-${serial}`,
      psnNo: ELDER.psnNo,
      deptName: '老年病科',
      drName: '王医生',
      ...feesOf(ITEMS),
    });
    expect(answer.code).toBe('0');
    await events.drainOnce();
    return answer.data?.payOrdId as string;
  }
  let requests = 0;
  const pay = (billId: string, body: Record<string, unknown>, as = auth) =>
    http
      .post(`/api/v1/bills/${billId}/pay`)
      .set('Authorization', as)
      .send({
        useAccount: true,
        passwordCipher: encryptPassword(PASSWORD),
        requestId: `req-family-${Date.now()}-${(requests += 1)}`,
        ...body,
      });
  return {
    http,
    auth,
    stranger,
    deps,
    wechat,
    balance,
    ledger,
    fatherBill,
    pay,
    close: async () => {
      await bff.close();
      await wechatServer.close();
      await sandbox.close();
    },
  };
}

describe('a family member’s bill', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  it('reaches the guardian’s inbox and push, says whose it is, and is paid by 家庭共济 from the guardian’s account', async () => {
    const billId = await s.fatherBill();
    await s.deps.pushDispatcher.drainOnce();
    expect(
      s.wechat.state.messages.some(
        (m) => m.touser === OPENID && m.page === `pages/pay/index?billId=${billId}`,
      ),
    ).toBe(true);
    const inbox = await s.http.get('/api/v1/inbox').set('Authorization', s.auth).expect(200);
    expect(inbox.body.messages.map((m: InboxMessage) => m.billId)).toContain(billId);

    const bill = (await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200))
      .body as Bill;
    expect(bill.forMember).toEqual({ maskedName: '赵*福', relationName: '父母', mutualAid: true });
    // Someone with no link to the father: no such bill.
    await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.stranger).expect(404);

    const parentBefore = s.balance(PARENT.psnNo);
    const elderBefore = s.balance(ELDER.psnNo);
    const paid = (await s.pay(billId, { accountOf: 'guardian' }).expect(200)).body as Bill;
    expect(paid.status).toMatch(/paid|awaiting_cash/);
    const accountFen = paid.result!.accountFen;
    expect(accountFen).toBeGreaterThan(0);
    expect(parentBefore - s.balance(PARENT.psnNo)).toBe(accountFen);
    expect(s.balance(ELDER.psnNo)).toBe(elderBefore);
    for (const psnNo of [PARENT.psnNo, ELDER.psnNo]) expect(s.ledger(psnNo)).toBe(s.balance(psnNo));
    // The paid bill says which account paid — his own — with its balance after, not his father's;
    // and no person number.
    expect(paid).toMatchObject({
      result: { accountOf: 'guardian', balanceAfterFen: s.balance(PARENT.psnNo) },
      paidBy: { account: 'you' },
    });
    const again = await s.http.get(`/api/v1/bills/${billId}`).set('Authorization', s.auth).expect(200);
    expect(again.body).toMatchObject({ result: { accountOf: 'guardian' }, paidBy: { account: 'you' } });
    for (const psnNo of [PARENT.psnNo, ELDER.psnNo]) expect(again.text).not.toContain(psnNo);
  });

  it('pays from the member’s own account when asked, with the guardian’s password', async () => {
    const billId = await s.fatherBill();
    const elderBefore = s.balance(ELDER.psnNo);
    const paid = (await s.pay(billId, { accountOf: 'member' }).expect(200)).body as Bill;
    expect(elderBefore - s.balance(ELDER.psnNo)).toBe(paid.result!.accountFen);
  });

  it('refuses 家庭共济 on one’s own bill and a stranger paying the member’s bill', async () => {
    const billId = await s.fatherBill();
    const refused = await s.pay(billId, { accountOf: 'guardian' }, s.stranger).expect(404);
    expect(refused.body.error.code).toBe('BILL_NOT_FOUND');
  });
});
