// 2601 冲正 by omsgid/oinfno: a settlement the counter is unsure of is reversed to the fen;
// a reversal undone puts the settlement back; what never succeeded is not reversible.
import {
  DEMO_CATALOGUE,
  DEMO_INSTITUTIONS,
  drugInput,
  PERSONAS,
  setupCounter,
  type Sandbox,
} from './fsi-support';

const EMPLOYEE = PERSONAS.employee;
const BASKET = [
  { item: DEMO_CATALOGUE.classA, qty: 3 },
  { item: DEMO_CATALOGUE.classB, qty: 1 },
];
const PHARMACY = DEMO_INSTITUTIONS.pharmacy;

describe('2601 冲正', () => {
  let sandbox: Sandbox;
  let seq = 100;
  beforeEach(async () => {
    sandbox = await setupCounter();
    await sandbox.signIn();
  });
  afterEach(() => sandbox.close());

  const msgid = () => `${PHARMACY}20250303093000${String((seq += 1))}`.padEnd(30, '0').slice(0, 30);
  const byCard = () =>
    drugInput(EMPLOYEE.psnNo, BASKET, { type: '03', no: 'A23000001', cardSn: sandbox.cardSn('A23000001') });
  const correct = (omsgid: string, oinfno: string, psnNo = EMPLOYEE.psnNo) =>
    sandbox.fsi('2601', { data: { psn_no: psnNo, omsgid, oinfno } });

  it('reverses a 2102 by its msgid and restores the balance to the fen', async () => {
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const id = msgid();
    const settled = await sandbox.fsi('2102', byCard(), { msgid: id });
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBeLessThan(before);
    const answer = await correct(id, '2102');
    expect(answer.infcode).toBe(0);
    expect(answer.output.data).toMatchObject({
      omsgid: id,
      setl_id: settled.output.setlinfo.setl_id,
      setl_stas: '0',
    });
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before);
    expect(sandbox.ledgerSum(EMPLOYEE.psnNo)).toBe(before);
    expect(await correct(id, '2102')).toMatchObject({ infcode: -1, err_msg: '该结算已撤销' });
  });

  it('undoes a 2103: the settlement stands again and the account part is taken again', async () => {
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const settled = await sandbox.fsi('2102', byCard());
    const { setl_id, mdtrt_id, acct_pay } = settled.output.setlinfo;
    const reversalId = msgid();
    await sandbox.fsi('2103', { data: { setl_id, mdtrt_id, psn_no: EMPLOYEE.psnNo } }, { msgid: reversalId });
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before);
    const answer = await correct(reversalId, '2103');
    expect(answer.infcode).toBe(0);
    expect(answer.output.data.setl_stas).toBe('1');
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - Math.round(acct_pay * 100));
    expect(sandbox.ledgerSum(EMPLOYEE.psnNo)).toBe(sandbox.balance(EMPLOYEE.psnNo));
    expect(sandbox.db.prepare('SELECT status FROM settlements WHERE setl_id = ?').pluck().get(setl_id)).toBe(
      'settled',
    );
  });

  /** The events queued for the BFF of one type, their payloads oldest first. */
  const events = (type: string) =>
    (
      sandbox.db
        .prepare('SELECT payload_json FROM events WHERE type = ? ORDER BY rowid')
        .pluck()
        .all(type) as string[]
    ).map((json) => JSON.parse(json) as Record<string, unknown>);

  it('tells the BFF of a 2103 reversal, of its 2601 undoing, and of a 2601 of a settlement', async () => {
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const settled = await sandbox.fsi('2102', byCard());
    const { setl_id, mdtrt_id, acct_pay, fund_pay_sumamt, psn_cash_pay } = settled.output.setlinfo;
    const split = {
      setlId: setl_id,
      psnNo: EMPLOYEE.psnNo,
      kind: 'pharmacy',
      fixmedinsCode: PHARMACY,
      institutionName: expect.any(String),
      fundFen: Math.round(fund_pay_sumamt * 100),
      accountFen: Math.round(acct_pay * 100),
      cashFen: Math.round(psn_cash_pay * 100),
    };
    const reversalId = msgid();
    await sandbox.fsi('2103', { data: { setl_id, mdtrt_id, psn_no: EMPLOYEE.psnNo } }, { msgid: reversalId });
    expect(events('settlement.reversed')).toEqual([
      expect.objectContaining({
        ...split,
        cause: 'reversed',
        code: null, // a card settlement: no code on a phone to follow
        balanceAfterFen: before,
        reversedAt: expect.any(String),
      }),
    ]);

    expect((await correct(reversalId, '2103')).infcode).toBe(0);
    expect(events('settlement.reinstated')).toEqual([
      expect.objectContaining({
        ...split,
        balanceAfterFen: before - split.accountFen,
        reinstatedAt: expect.any(String),
      }),
    ]);

    const id = msgid();
    const again = await sandbox.fsi('2102', byCard(), { msgid: id });
    expect((await correct(id, '2102')).infcode).toBe(0);
    expect(events('settlement.reversed')[1]).toMatchObject({
      setlId: again.output.setlinfo.setl_id,
      cause: 'corrected',
    });
    // A refused correction announces nothing.
    expect((await correct(id, '2102')).infcode).toBe(-1);
    expect(events('settlement.reversed')).toHaveLength(2);
  });

  it('refuses what cannot be corrected, each with its reason', async () => {
    expect(await correct(`${PHARMACY}202503030930009999`, '2102')).toMatchObject({
      infcode: -1,
      err_msg: expect.stringMatching(/原交易.*不存在/),
    });
    const failed = msgid();
    await sandbox.fsi(
      '2102',
      { ...byCard(), druginfo: { ...byCard().druginfo, medfee_sumamt: 1 } },
      { msgid: failed },
    );
    expect(await correct(failed, '2102')).toMatchObject({ infcode: -1, err_msg: '原交易未成功，无需冲正' });
    const ok = msgid();
    await sandbox.fsi('2102', byCard(), { msgid: ok });
    expect(await correct(ok, '2207')).toMatchObject({
      infcode: -1,
      err_msg: expect.stringMatching(/oinfno/),
    });
    expect(await correct(ok, '2102', PERSONAS.retiree.psnNo)).toMatchObject({
      infcode: -1,
      err_msg: '人员编号与原交易不符',
    });
    const query = msgid();
    await sandbox.fsi(
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber } },
      { msgid: query },
    );
    expect(await correct(query, '1101')).toMatchObject({ infcode: -1, err_msg: '交易[1101]不支持冲正' });
  });

  it('only corrects messages of the same institution', async () => {
    const id = msgid();
    await sandbox.fsi('2102', byCard(), { msgid: id });
    await sandbox.signIn('231200P00002');
    const answer = await sandbox.fsi(
      '2601',
      { data: { psn_no: EMPLOYEE.psnNo, omsgid: id, oinfno: '2102' } },
      { institution: '231200P00002' },
    );
    expect(answer.infcode).toBe(-1);
  });
});
