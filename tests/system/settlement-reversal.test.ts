// A settlement taken back at the counter, through the real pieces over HTTP: the pharmacy
// reverses it (2103) or corrects a message it was unsure of (2601), the platform's
// settlement.reversed / settlement.reinstated reaches the BFF's webhook, and the phone hears
// of it — on the code page's long-poll, in the inbox and in the records.
import { formatYuan } from '@ybm/shared';
import request from 'supertest';

import { buildTestApp } from '../support/bff';
import { testRecordId } from '../support/keys';
import { listen } from '../support/servers';
import { DEMO_CATALOGUE, PERSONAS, setupCounter } from '../protocol/fsi-support';
import { dispatcherTo, pharmacyCounter, signedInEmployee } from './code-flow-support';

const EMPLOYEE = PERSONAS.employee;
const BASKET = [
  { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
  { code: DEMO_CATALOGUE.classB.code, qty: 1, priceFen: DEMO_CATALOGUE.classB.priceFen },
];

interface Message {
  kind: string;
  title: string;
  body: string;
  setlId?: string;
}

async function setup() {
  const sandbox = await setupCounter({ realClock: true });
  const { app, deps } = buildTestApp({ INSURANCE_BASE_URL: sandbox.url });
  const bff = await listen(app);
  const http = request(bff.url);
  const dispatcher = dispatcherTo(sandbox, bff.url);
  const auth = await signedInEmployee(sandbox, deps, EMPLOYEE.psnNo);
  const counter = pharmacyCounter(sandbox);
  const balance = () =>
    sandbox.context.db
      .prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?')
      .pluck()
      .get(EMPLOYEE.psnNo) as number;
  /** The msgid the counter sent a message about a settlement with (what 2601 names). */
  const msgidOf = (infno: string, setlId: string) =>
    sandbox.context.db
      .prepare('SELECT msgid FROM fsi_messages WHERE infno = ? AND ref_id = ? AND infcode = 0')
      .pluck()
      .get(infno, setlId) as string;
  const correct = (omsgid: string, oinfno: string) =>
    sandbox.fsi('2601', { data: { psn_no: EMPLOYEE.psnNo, omsgid, oinfno } });
  const inbox = async () =>
    (await http.get('/api/v1/inbox').set('Authorization', auth).expect(200)).body.messages as Message[];
  const record = async (setlId: string) =>
    (
      (await http.get('/api/v1/records').set('Authorization', auth).expect(200)).body.records as {
        recordId: string;
        status: string;
        reversedAt?: string;
      }[]
    ).find((r) => r.recordId === testRecordId(EMPLOYEE.psnNo, setlId));
  /** The phone's long-poll from `cursor`, answered when the next event arrives. */
  const poll = (cursor: number) =>
    http.get('/api/v1/voucher/events').query({ cursor, wait: 20 }).set('Authorization', auth);
  return {
    http,
    auth,
    counter,
    dispatcher,
    balance,
    msgidOf,
    correct,
    inbox,
    record,
    poll,
    sandbox,
    deps,
    close: async () => {
      await bff.close();
      await sandbox.close();
    },
  };
}

describe('a settlement taken back at the counter', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
    await s.sandbox.signIn();
  });
  afterAll(() => s.close());

  it('reaches the open code page, the inbox and the records when the pharmacy reverses it (2103), and again when a 2601 undoes that', async () => {
    const before = s.balance();
    const first = await s.http.get('/api/v1/voucher/code').set('Authorization', s.auth).expect(200);
    const visit = await s.counter.scanIdentity(first.body.code, BASKET);
    const second = await s.http.get('/api/v1/voucher/code').set('Authorization', s.auth).expect(200);
    const settled = await s.counter.settle(second.body.code, visit);
    await s.dispatcher.drainOnce();
    const shown = await s.poll(first.body.cursor).expect(200);
    expect(shown.body.events.at(-1)).toMatchObject({ kind: 'settled' });
    expect(settled.accountFen).toBeGreaterThan(0);

    // The settlement is on the phone's screen; the pharmacy takes it back.
    const waiting = s.poll(shown.body.cursor);
    await s.counter.reverse(settled.setlId);
    await s.dispatcher.drainOnce();
    const reversed = (await waiting.expect(200)).body.events;
    expect(reversed).toEqual([
      expect.objectContaining({
        kind: 'reversed',
        code: second.body.code,
        settlement: expect.objectContaining({
          setlId: settled.setlId,
          totalFen: settled.totalFen,
          accountFen: settled.accountFen,
          balanceAfterFen: before,
        }),
      }),
    ]);
    expect(s.balance()).toBe(before);

    const [notice] = await s.inbox();
    expect(notice).toMatchObject({ kind: 'reversal', title: '结算已撤销', setlId: settled.setlId });
    expect(notice!.body).toContain(`个人账户支付的${formatYuan(settled.accountFen)}已退回您的个人账户`);
    expect(notice!.body).toContain('已由机构撤销');
    expect(await s.record(settled.setlId)).toMatchObject({
      status: 'reversed',
      reversedAt: expect.any(String),
    });
    expect((await s.deps.audit.ofPerson(EMPLOYEE.psnNo))[0]).toMatchObject({
      action: 'settlement.reversed',
      outcome: 'ok',
      detail: { setlId: settled.setlId, accountFen: settled.accountFen, cause: 'reversed', byCode: true },
    });

    // The pharmacy was unsure its 2103 went through and corrects it: the settlement stands again.
    const waitingAgain = s.poll(reversed[0].id);
    expect((await s.correct(s.msgidOf('2103', settled.setlId), '2103')).infcode).toBe(0);
    await s.dispatcher.drainOnce();
    expect((await waitingAgain.expect(200)).body.events).toEqual([
      expect.objectContaining({
        kind: 'reinstated',
        settlement: expect.objectContaining({ setlId: settled.setlId }),
      }),
    ]);
    expect(s.balance()).toBe(before - settled.accountFen);
    const [reinstated] = await s.inbox();
    expect(reinstated).toMatchObject({ kind: 'reinstatement', title: '结算已恢复', setlId: settled.setlId });
    expect(await s.record(settled.setlId)).toMatchObject({ status: 'settled' });
    expect((await s.deps.audit.ofPerson(EMPLOYEE.psnNo))[0]).toMatchObject({
      action: 'settlement.reinstated',
    });
  });

  it('tells the person when a 2601 correction reverses a card settlement (no code to follow)', async () => {
    const card = s.sandbox.context.db
      .prepare(
        "SELECT card_no AS cardNo, card_sn AS cardSn FROM social_cards WHERE psn_no = ? AND status = 'active'",
      )
      .get(EMPLOYEE.psnNo) as { cardNo: string; cardSn: string };
    const before = s.balance();
    const settled = await s.counter.settleWithCard(card.cardNo, card.cardSn, BASKET);
    expect((await s.correct(s.msgidOf('2102', settled.setlId), '2102')).infcode).toBe(0);
    await s.dispatcher.drainOnce();
    expect(s.balance()).toBe(before);
    const [notice] = await s.inbox();
    expect(notice).toMatchObject({ kind: 'reversal', title: '结算已撤销', setlId: settled.setlId });
    expect(notice!.body).toContain('因机构冲正已撤销');
    expect(await s.record(settled.setlId)).toMatchObject({ status: 'reversed' });
    expect((await s.deps.audit.ofPerson(EMPLOYEE.psnNo))[0]).toMatchObject({
      action: 'settlement.reversed',
      detail: { setlId: settled.setlId, cause: 'corrected', byCode: false },
    });
  });
});
