// 2101/2102/2103 at a pharmacy, end to end over HTTP: scan → 1101 → pre-settlement →
// second scan → settlement; the account and ledger move by exactly acct_pay, the code
// shows the settlement, a reversal gives it all back to the fen.
import {
  basketTotalFen,
  DEMO_CATALOGUE,
  drugInput,
  PERSONAS,
  setlFen,
  setupCounter,
  type BasketLine,
  type Sandbox,
  type Loose,
} from './fsi-support';

const EMPLOYEE = PERSONAS.employee;
const BASKET: BasketLine[] = [
  { item: DEMO_CATALOGUE.classA, qty: 2 },
  { item: DEMO_CATALOGUE.classB, qty: 1 },
  { item: DEMO_CATALOGUE.classC, qty: 1 },
];

describe('pharmacy settlement (2101/2102/2103)', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await setupCounter();
    await sandbox.signIn();
  });
  afterEach(() => sandbox.close());

  async function tokenFor(psnNo: string): Promise<{ code: string; token: string }> {
    const code = await sandbox.issueCode(psnNo);
    const scanned = await sandbox.scan(code);
    expect(scanned.code).toBe('0');
    return { code, token: scanned.data.ecToken as string };
  }

  it('pre-settles without writing anything, then settles with a second code', async () => {
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const first = await tokenFor(EMPLOYEE.psnNo);
    const info = await sandbox.fsi('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: first.token } });
    expect(info.infcode).toBe(0);
    const preview = await sandbox.fsi(
      '2101',
      drugInput(EMPLOYEE.psnNo, BASKET, { type: '01', no: first.token }),
    );
    expect(preview.infcode).toBe(0);
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before);
    expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(0);

    const second = await tokenFor(EMPLOYEE.psnNo);
    const settled = await sandbox.fsi(
      '2102',
      drugInput(EMPLOYEE.psnNo, BASKET, { type: '01', no: second.token }),
    );
    expect(settled.infcode).toBe(0);
    const split = setlFen(settled.output.setlinfo);
    expect(split.total).toBe(basketTotalFen(BASKET));
    expect(split.fund + split.account + split.cash).toBe(split.total);
    // The pre-settlement promised the same split.
    expect(setlFen(preview.output.setlinfo)).toMatchObject({ total: split.total, account: split.account });
    expect(split.account).toBeGreaterThan(0);
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - split.account);
    expect(split.balance).toBe(before - split.account);
    expect(sandbox.ledgerSum(EMPLOYEE.psnNo)).toBe(sandbox.balance(EMPLOYEE.psnNo));
    const entry = sandbox.db
      .prepare('SELECT kind, amount_fen, ref_id FROM ledger WHERE psn_no = ? ORDER BY id DESC LIMIT 1')
      .get(EMPLOYEE.psnNo);
    expect(entry).toEqual({
      kind: 'payment',
      amount_fen: -split.account,
      ref_id: settled.output.setlinfo.setl_id,
    });
  });

  it('answers every setlinfo amount field of PROTOCOL.md §1, unmodelled funds as 0', async () => {
    const { token } = await tokenFor(EMPLOYEE.psnNo);
    const settled = await sandbox.fsi('2102', drugInput(EMPLOYEE.psnNo, BASKET, { type: '01', no: token }));
    const setlinfo = settled.output.setlinfo;
    for (const field of [
      'medfee_sumamt',
      'fulamt_ownpay_amt',
      'overlmt_selfpay',
      'preselfpay_amt',
      'inscp_scp_amt',
      'act_pay_dedc',
      'hifp_pay',
      'pool_prop_selfpay',
      'cvlserv_pay',
      'hifes_pay',
      'hifmi_pay',
      'hifob_pay',
      'maf_pay',
      'oth_pay',
      'fund_pay_sumamt',
      'psn_part_amt',
      'acct_pay',
      'psn_cash_pay',
      'hosp_part_amt',
      'balc',
      'acct_mulaid_pay',
    ]) {
      expect({ field, type: typeof setlinfo[field] }).toEqual({ field, type: 'number' });
    }
    expect(setlinfo).toMatchObject({ cvlserv_pay: 0, hifmi_pay: 0, maf_pay: 0, psn_no: EMPLOYEE.psnNo });
    expect(setlinfo.setl_id).toMatch(/^SETL\d{22}$/);
    // 丙 (vitamin E) is wholly self-paid.
    expect(Math.round(setlinfo.fulamt_ownpay_amt * 100)).toBe(DEMO_CATALOGUE.classC.priceFen);
  });

  it('moves the code to settled so the phone shows amount, time and place', async () => {
    const { code, token } = await tokenFor(EMPLOYEE.psnNo);
    const settled = await sandbox.fsi('2102', drugInput(EMPLOYEE.psnNo, BASKET, { type: '01', no: token }));
    const split = setlFen(settled.output.setlinfo);
    const status = (await sandbox.channel.call('code.status', { code })) as Loose;
    expect(status.status).toBe('settled');
    expect(status.settlement).toMatchObject({
      setlId: settled.output.setlinfo.setl_id,
      totalFen: split.total,
      fundFen: split.fund,
      accountFen: split.account,
      cashFen: split.cash,
      balanceAfterFen: split.balance,
      institutionName: '国药控股绥化大药房（中直路店）',
      regionName: '绥化市',
    });
    const event = sandbox.db
      .prepare("SELECT app_id, payload_json FROM events WHERE type = 'settlement.completed'")
      .get() as Loose;
    expect(JSON.parse(event.payload_json)).toMatchObject({
      code,
      accountFen: split.account,
      totalFen: split.total,
    });
  });

  it('refuses a second settlement with the same ecToken', async () => {
    const { token } = await tokenFor(EMPLOYEE.psnNo);
    expect(
      (await sandbox.fsi('2102', drugInput(EMPLOYEE.psnNo, BASKET, { type: '01', no: token }))).infcode,
    ).toBe(0);
    const again = await sandbox.fsi('2102', drugInput(EMPLOYEE.psnNo, BASKET, { type: '01', no: token }));
    expect(again).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/已用于结算/) });
    expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(1);
  });

  it('has a resident (no personal account, no pooling at pharmacies) pay it all in cash', async () => {
    const resident = PERSONAS.resident;
    const { token } = await tokenFor(resident.psnNo);
    const settled = await sandbox.fsi(
      '2102',
      drugInput(resident.psnNo, BASKET, { type: '01', no: token }, { insutype: '390' }),
    );
    expect(settled.infcode).toBe(0);
    expect(setlFen(settled.output.setlinfo)).toEqual({
      total: basketTotalFen(BASKET),
      fund: 0,
      account: 0,
      cash: basketTotalFen(BASKET),
      balance: 0,
    });
  });

  it('settles with a social security card and its card_sn', async () => {
    const cardNo = 'A23000001';
    const cardSn = sandbox.cardSn(cardNo);
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const settled = await sandbox.fsi(
      '2102',
      drugInput(EMPLOYEE.psnNo, BASKET, { type: '03', no: cardNo, cardSn }),
    );
    expect(settled.infcode).toBe(0);
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - setlFen(settled.output.setlinfo).account);
    const wrongSn = await sandbox.fsi(
      '2102',
      drugInput(EMPLOYEE.psnNo, BASKET, { type: '03', no: cardNo, cardSn: 'X' }),
    );
    expect(wrongSn).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/card_sn/) });
  });

  describe('with an ID number (02)', () => {
    beforeEach(() => sandbox.setPassword(EMPLOYEE.psnNo));
    const byId = (extra: { pwd?: string } = {}) =>
      drugInput(EMPLOYEE.psnNo, BASKET, { type: '02', no: EMPLOYEE.docNumber, ...extra });

    it('requires the voucher password when the account pays', async () => {
      const answer = await sandbox.fsi('2102', byId());
      expect(answer).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/psn_pwd/) });
      expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(0);
    });

    it('settles with the right password, SM2-encrypted for the platform', async () => {
      const before = sandbox.balance(EMPLOYEE.psnNo);
      const answer = await sandbox.fsi('2102', byId({ pwd: sandbox.passwordCipher() }));
      expect(answer.infcode).toBe(0);
      expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - setlFen(answer.output.setlinfo).account);
    });

    it('refuses a wrong password, counts the try and writes nothing', async () => {
      const before = sandbox.balance(EMPLOYEE.psnNo);
      const answer = await sandbox.fsi('2102', byId({ pwd: sandbox.passwordCipher('135790') }));
      expect(answer).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/还可尝试4次/) });
      expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before);
      expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(0);
    });

    it('needs no password when the account does not pay', async () => {
      const answer = await sandbox.fsi('2102', {
        ...byId(),
        druginfo: { ...byId().druginfo, acct_used_flag: '0' },
      });
      expect(answer.infcode).toBe(0);
      expect(setlFen(answer.output.setlinfo).account).toBe(0);
    });
  });

  it('reverses a settlement (2103) and restores the balance to the fen', async () => {
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const { token } = await tokenFor(EMPLOYEE.psnNo);
    const settled = await sandbox.fsi('2102', drugInput(EMPLOYEE.psnNo, BASKET, { type: '01', no: token }));
    const { setl_id, mdtrt_id } = settled.output.setlinfo;
    const reversed = await sandbox.fsi('2103', { data: { setl_id, mdtrt_id, psn_no: EMPLOYEE.psnNo } });
    expect(reversed.infcode).toBe(0);
    const split = setlFen(reversed.output.setlinfo);
    expect(split.total).toBe(-basketTotalFen(BASKET));
    expect(split.balance).toBe(before);
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before);
    expect(sandbox.ledgerSum(EMPLOYEE.psnNo)).toBe(before);
    const twice = await sandbox.fsi('2103', { data: { setl_id, mdtrt_id, psn_no: EMPLOYEE.psnNo } });
    expect(twice).toMatchObject({ infcode: -1, err_msg: '该结算已撤销' });
    const wrongPerson = await sandbox.fsi('2103', {
      data: { setl_id, mdtrt_id, psn_no: PERSONAS.retiree.psnNo },
    });
    expect(wrongPerson.infcode).toBe(-1);
  });
});
