// 1101 人员信息获取 with each certificate type: 01 an ecToken (bound to the scanning
// institution, one visit of 30 minutes; marks the code verified), 02 an ID document
// number (optionally with the voucher password), 03 a social security card with card_sn.
import { DEMO_INSTITUTIONS, PERSONAS, setupCounter, type Sandbox } from './fsi-support';

const EMPLOYEE = PERSONAS.employee;

describe('1101 person information', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await setupCounter();
    await sandbox.signIn();
  });
  afterEach(() => sandbox.close());

  const query = (data: Record<string, unknown>, opts = {}) => sandbox.fsi('1101', { data }, opts);

  async function token(institution: string = DEMO_INSTITUTIONS.pharmacy) {
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    const scanned = await sandbox.scan(code, { institution });
    return { code, token: scanned.data.ecToken as string };
  }

  describe('01 ecToken', () => {
    it('answers identity, insurance and balance, and moves the code to verified', async () => {
      const { code, token: ecToken } = await token();
      const answer = await query({ mdtrt_cert_type: '01', mdtrt_cert_no: ecToken });
      expect(answer.infcode).toBe(0);
      expect(answer.output.baseinfo).toEqual({
        psn_no: EMPLOYEE.psnNo,
        psn_cert_type: '01',
        certno: EMPLOYEE.docNumber,
        psn_name: EMPLOYEE.name,
        gend: '1',
        naty: '01',
        brdy: '1985-03-12',
        age: 39,
      });
      expect(answer.output.insuinfo).toEqual([
        expect.objectContaining({
          insutype: '310',
          psn_type: '11',
          psn_insu_stas: '1',
          insuplc_admdvs: '231200',
          balc: sandbox.balance(EMPLOYEE.psnNo) / 100,
        }),
      ]);
      const status = (await sandbox.channel.call('code.status', { code })) as { status: string };
      expect(status.status).toBe('verified');
    });

    it('refuses a token presented by another institution than the one that scanned', async () => {
      await sandbox.signIn('231200P00002');
      const { token: ecToken } = await token(DEMO_INSTITUTIONS.pharmacy);
      const answer = await query(
        { mdtrt_cert_type: '01', mdtrt_cert_no: ecToken },
        { institution: '231200P00002' },
      );
      expect(answer).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/不是本机构扫码/) });
    });

    it('keeps a token for one visit of 30 minutes', async () => {
      const { token: ecToken } = await token();
      sandbox.advance(30 * 60_000);
      expect((await query({ mdtrt_cert_type: '01', mdtrt_cert_no: ecToken })).infcode).toBe(0);
      sandbox.advance(1_000);
      const late = await query({ mdtrt_cert_type: '01', mdtrt_cert_no: ecToken });
      expect(late).toMatchObject({ infcode: -1, err_msg: '电子凭证令牌已过期，请重新扫码' });
    });

    it('refuses a token it never issued', async () => {
      const answer = await query({ mdtrt_cert_type: '01', mdtrt_cert_no: `231200${'0'.repeat(32)}` });
      expect(answer).toMatchObject({ infcode: -1, err_msg: '电子凭证令牌无效' });
    });
  });

  describe('02 ID number', () => {
    it('finds the person by resident ID', async () => {
      const answer = await query({
        mdtrt_cert_type: '02',
        mdtrt_cert_no: EMPLOYEE.docNumber,
        psn_cert_type: '01',
      });
      expect(answer.output.baseinfo.psn_no).toBe(EMPLOYEE.psnNo);
    });

    it('finds foreign and 港澳 document holders by their document type', async () => {
      const passport = await query({
        mdtrt_cert_type: '02',
        mdtrt_cert_no: PERSONAS.foreignPassport.docNumber,
        psn_cert_type: '08',
      });
      expect(passport.output.baseinfo).toMatchObject({
        psn_no: PERSONAS.foreignPassport.psnNo,
        psn_cert_type: '08',
      });
      const permit = await query({
        mdtrt_cert_type: '02',
        mdtrt_cert_no: PERSONAS.hkMacaoPermit.docNumber,
        psn_cert_type: '04',
      });
      expect(permit.output.baseinfo.psn_no).toBe(PERSONAS.hkMacaoPermit.psnNo);
    });

    it('refuses a number that two insured person records share, where a card still works', async () => {
      const answer = await query({
        mdtrt_cert_type: '02',
        mdtrt_cert_no: PERSONAS.duplicateRecords.docNumber,
      });
      expect(answer).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/对应多条参保人员记录/) });
      const card = await query({
        mdtrt_cert_type: '03',
        mdtrt_cert_no: 'A23000009',
        card_sn: sandbox.cardSn('A23000009'),
      });
      expect(card.output.baseinfo.psn_no).toBe(PERSONAS.duplicateRecords.psnNo);
    });

    it('shows a suspended person as suspended (psn_insu_stas 2)', async () => {
      const answer = await query({ mdtrt_cert_type: '02', mdtrt_cert_no: PERSONAS.suspended.docNumber });
      expect(answer.output.insuinfo[0]).toMatchObject({ psn_insu_stas: '2', paus_insu_date: '2024-06-30' });
    });

    it('refuses an unknown number and a name that does not match', async () => {
      expect(await query({ mdtrt_cert_type: '02', mdtrt_cert_no: '110101199001011234' })).toMatchObject({
        infcode: -1,
        err_msg: '未查询到该证件号码的参保人员',
      });
      expect(
        await query({ mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber, psn_name: '李四' }),
      ).toMatchObject({ infcode: -1, err_msg: '人员姓名与证件信息不符' });
    });

    it('checks the voucher password when the counter sends one', async () => {
      await sandbox.setPassword(EMPLOYEE.psnNo);
      const good = await query({
        mdtrt_cert_type: '02',
        mdtrt_cert_no: EMPLOYEE.docNumber,
        psn_pwd: sandbox.passwordCipher(),
      });
      expect(good.infcode).toBe(0);
      const bad = await query({
        mdtrt_cert_type: '02',
        mdtrt_cert_no: EMPLOYEE.docNumber,
        psn_pwd: sandbox.passwordCipher('135790'),
      });
      expect(bad).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/密码错误/) });
      const garbage = await query({
        mdtrt_cert_type: '02',
        mdtrt_cert_no: EMPLOYEE.docNumber,
        psn_pwd: 'zz',
      });
      expect(garbage).toMatchObject({ infcode: -1, err_msg: '密码密文格式错误' });
    });
  });

  describe('03 social security card', () => {
    it('needs the card number and its card_sn', async () => {
      const cardSn = sandbox.cardSn('A23000001');
      const answer = await query({ mdtrt_cert_type: '03', mdtrt_cert_no: 'A23000001', card_sn: cardSn });
      expect(answer.output.baseinfo.psn_no).toBe(EMPLOYEE.psnNo);
      expect(await query({ mdtrt_cert_type: '03', mdtrt_cert_no: 'A23000001' })).toMatchObject({
        infcode: -1,
        err_msg: expect.stringMatching(/card_sn/),
      });
      expect(
        await query({ mdtrt_cert_type: '03', mdtrt_cert_no: 'A99999999', card_sn: cardSn }),
      ).toMatchObject({
        infcode: -1,
        err_msg: '社会保障卡不存在',
      });
    });

    it('refuses a replaced card but keeps the balance on the person with the new one', async () => {
      const person = PERSONAS.cardReplaced;
      const old = await query({
        mdtrt_cert_type: '03',
        mdtrt_cert_no: 'A23000112',
        card_sn: sandbox.cardSn('A23000112'),
      });
      expect(old).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/挂失或注销/) });
      const current = await query({
        mdtrt_cert_type: '03',
        mdtrt_cert_no: 'A23000012',
        card_sn: sandbox.cardSn('A23000012'),
      });
      expect(current.output.insuinfo[0].balc).toBe(sandbox.balance(person.psnNo) / 100);
      expect(current.output.insuinfo[0].balc).toBeGreaterThan(0);
    });
  });
});
