// The outpatient flow at a hospital over HTTP: 2201 register → 2203 visit info → 2204 fee
// upload (per-line class and amounts) → 2206 pre-settlement → 2207 settlement → 2208
// reversal, with the balance and ledger moving by exactly the account part; and undoing a
// visit backwards: 2205 fee revocation, 2202 registration cancellation.
import {
  DEMO_CATALOGUE,
  DEMO_INSTITUTIONS,
  infTime,
  PERSONAS,
  setlFen,
  setupCounter,
  START,
  yuan,
  type Sandbox,
} from './fsi-support';

const HOSPITAL = DEMO_INSTITUTIONS.hospital;
const RETIREE = PERSONAS.retiree;
const at = { institution: HOSPITAL };

const FEES = [
  { item: DEMO_CATALOGUE.consultation, qty: 1 },
  { item: DEMO_CATALOGUE.bloodTest, qty: 1 },
  { item: DEMO_CATALOGUE.classB, qty: 2 },
  { item: DEMO_CATALOGUE.classBPriceLimited, qty: 1 },
  { item: DEMO_CATALOGUE.classC, qty: 1 },
];
const TOTAL_FEN = FEES.reduce((sum, fee) => sum + fee.qty * fee.item.priceFen, 0);

describe('outpatient visit (2201–2208)', () => {
  let sandbox: Sandbox;
  let token: string;
  beforeEach(async () => {
    sandbox = await setupCounter();
    await sandbox.signIn(HOSPITAL);
    const code = await sandbox.issueCode(RETIREE.psnNo);
    token = (await sandbox.scan(code, { institution: HOSPITAL, businessType: '01101' })).data.ecToken;
  });
  afterEach(() => sandbox.close());

  async function register(): Promise<string> {
    const answer = await sandbox.fsi(
      '2201',
      {
        data: {
          psn_no: RETIREE.psnNo,
          insutype: '310',
          begntime: infTime(START),
          mdtrt_cert_type: '01',
          mdtrt_cert_no: token,
          ipt_otp_no: 'MZ20250303001',
          atddr_no: 'D001',
          dr_name: '刘医生',
          dept_code: 'A03',
          dept_name: '内科',
          caty: 'A03',
        },
      },
      at,
    );
    expect(answer.infcode).toBe(0);
    expect(answer.output.data).toMatchObject({ psn_no: RETIREE.psnNo, ipt_otp_no: 'MZ20250303001' });
    return answer.output.data.mdtrt_id;
  }

  const feedetail = (mdtrtId: string) =>
    FEES.map((fee, index) => ({
      feedetl_sn: `F${index + 1}`,
      mdtrt_id: mdtrtId,
      psn_no: RETIREE.psnNo,
      chrg_bchno: 'B1',
      med_list_codg: fee.item.code,
      medins_list_codg: `HIS-${index}`,
      det_item_fee_sumamt: yuan(fee.qty * fee.item.priceFen),
      cnt: fee.qty,
      pric: yuan(fee.item.priceFen),
    }));

  const settleInput = (mdtrtId: string, extra: Record<string, unknown> = {}) => ({
    data: {
      psn_no: RETIREE.psnNo,
      mdtrt_cert_type: '01',
      mdtrt_cert_no: token,
      med_type: '11',
      medfee_sumamt: yuan(TOTAL_FEN),
      psn_setlway: '01',
      mdtrt_id: mdtrtId,
      chrg_bchno: 'B1',
      insutype: '310',
      acct_used_flag: '1',
      ...extra,
    },
  });

  it('prices every uploaded line by the catalogue (2204)', async () => {
    const mdtrtId = await register();
    const info = await sandbox.fsi(
      '2203',
      {
        mdtrtinfo: {
          mdtrt_id: mdtrtId,
          psn_no: RETIREE.psnNo,
          med_type: '11',
          dise_codg: 'J06.900',
          dise_name: '上呼吸道感染',
        },
        diseinfo: [{ diag_type: '1', diag_code: 'J06.900', diag_name: '急性上呼吸道感染' }],
      },
      at,
    );
    expect(info.infcode).toBe(0);
    const upload = await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId) }, at);
    expect(upload.infcode).toBe(0);
    const [consultation, , classB, limited, classC] = upload.output.result;
    expect(consultation).toMatchObject({
      chrgitm_lv: '01',
      selfpay_prop: 0,
      fulamt_ownpay_amt: 0,
      preselfpay_amt: 0,
    });
    expect(classB.chrgitm_lv).toBe('02');
    expect(classB.selfpay_prop).toBeCloseTo(DEMO_CATALOGUE.classB.selfpayPropBp / 10_000);
    expect(Math.round(classB.preselfpay_amt * 100)).toBe(
      Math.round((2 * DEMO_CATALOGUE.classB.priceFen * DEMO_CATALOGUE.classB.selfpayPropBp) / 10_000),
    );
    expect(limited.overlmt_amt).toBeGreaterThan(0);
    expect(limited.pric_uplmt_amt).toBe(yuan(DEMO_CATALOGUE.classBPriceLimited.priceLimitFen ?? 0));
    expect(classC).toMatchObject({
      chrgitm_lv: '03',
      selfpay_prop: 1,
      fulamt_ownpay_amt: yuan(DEMO_CATALOGUE.classC.priceFen),
    });
    for (const line of upload.output.result) {
      const parts = [line.fulamt_ownpay_amt, line.overlmt_amt, line.preselfpay_amt, line.inscp_scp_amt];
      expect(Math.round(parts.reduce((a: number, b: number) => a + b, 0) * 100)).toBe(
        Math.round(line.det_item_fee_sumamt * 100),
      );
    }
    const again = await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId).slice(0, 1) }, at);
    expect(again).toMatchObject({ infcode: -1, err_msg: '费用明细流水号[F1]重复' });
  });

  it('pre-settles, settles and reverses, the balance moving by exactly the account part', async () => {
    const before = sandbox.balance(RETIREE.psnNo);
    const mdtrtId = await register();
    await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId) }, at);

    const preview = await sandbox.fsi('2206', settleInput(mdtrtId), at);
    expect(preview.infcode).toBe(0);
    expect(sandbox.balance(RETIREE.psnNo)).toBe(before);

    const settled = await sandbox.fsi('2207', settleInput(mdtrtId), at);
    expect(settled.infcode).toBe(0);
    const split = setlFen(settled.output.setlinfo);
    expect(split.total).toBe(TOTAL_FEN);
    expect(split.fund + split.account + split.cash).toBe(TOTAL_FEN);
    expect(split.fund).toBeGreaterThan(0); // past the retiree's 100-yuan deductible
    expect(setlFen(preview.output.setlinfo)).toEqual(split);
    expect(sandbox.balance(RETIREE.psnNo)).toBe(before - split.account);
    expect(sandbox.ledgerSum(RETIREE.psnNo)).toBe(before - split.account);

    const twice = await sandbox.fsi('2207', settleInput(mdtrtId), at);
    expect(twice.infcode).toBe(-1);

    const { setl_id } = settled.output.setlinfo;
    const reversed = await sandbox.fsi(
      '2208',
      { data: { setl_id, mdtrt_id: mdtrtId, psn_no: RETIREE.psnNo } },
      at,
    );
    expect(reversed.infcode).toBe(0);
    expect(sandbox.balance(RETIREE.psnNo)).toBe(before);
    expect(sandbox.ledgerSum(RETIREE.psnNo)).toBe(before);
    expect(setlFen(reversed.output.setlinfo).total).toBe(-TOTAL_FEN);
    // The BFF hears of it: the phone must not keep saying 结算成功.
    const event = sandbox.db
      .prepare("SELECT payload_json FROM events WHERE type = 'settlement.reversed'")
      .pluck()
      .all() as string[];
    expect(event.map((json) => JSON.parse(json))).toEqual([
      expect.objectContaining({
        setlId: setl_id,
        kind: 'outpatient',
        totalFen: TOTAL_FEN,
        accountFen: split.account,
        balanceAfterFen: before,
        cause: 'reversed',
      }),
    ]);
  });

  it('refuses a stated total that is not the sum of the uploaded lines', async () => {
    const mdtrtId = await register();
    await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId) }, at);
    const answer = await sandbox.fsi(
      '2207',
      settleInput(mdtrtId, { medfee_sumamt: yuan(TOTAL_FEN + 1) }),
      at,
    );
    expect(answer).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/与已上传明细合计.*不符/) });
    expect(sandbox.count('SELECT COUNT(*) FROM settlements')).toBe(0);
  });

  it('refuses settling a visit before any fee is uploaded, and a visit of another institution', async () => {
    const mdtrtId = await register();
    expect(await sandbox.fsi('2206', settleInput(mdtrtId), at)).toMatchObject({
      infcode: -1,
      err_msg: expect.stringMatching(/请先上传/),
    });
    await sandbox.signIn(DEMO_INSTITUTIONS.clinic);
    const elsewhere = await sandbox.fsi(
      '2203',
      { mdtrtinfo: { mdtrt_id: mdtrtId, psn_no: RETIREE.psnNo, med_type: '11' } },
      { institution: DEMO_INSTITUTIONS.clinic },
    );
    expect(elsewhere).toMatchObject({ infcode: -1, err_msg: `就诊ID[${mdtrtId}]不存在` });
  });

  it('refuses to register a suspended person', async () => {
    const answer = await sandbox.fsi(
      '2201',
      {
        data: {
          psn_no: PERSONAS.suspended.psnNo,
          insutype: '310',
          begntime: infTime(START),
          mdtrt_cert_type: '02',
          mdtrt_cert_no: PERSONAS.suspended.docNumber,
          ipt_otp_no: 'MZ2',
        },
      },
      at,
    );
    expect(answer).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/暂停参保/) });
  });

  describe('undoing a visit (2205, 2202)', () => {
    const revoke = (mdtrtId: string, batch: string) =>
      sandbox.fsi('2205', { data: { mdtrt_id: mdtrtId, chrg_bchno: batch, psn_no: RETIREE.psnNo } }, at);
    const cancel = (mdtrtId: string, iptOtpNo = 'MZ20250303001') =>
      sandbox.fsi('2202', { data: { psn_no: RETIREE.psnNo, mdtrt_id: mdtrtId, ipt_otp_no: iptOtpNo } }, at);
    /** The uploaded lines with the first two in charge batch B2 instead of B1. */
    const twoBatches = (mdtrtId: string) =>
      feedetail(mdtrtId).map((line, index) => (index < 2 ? { ...line, chrg_bchno: 'B2' } : line));
    const batchB2Fen = FEES.slice(0, 2).reduce((sum, fee) => sum + fee.qty * fee.item.priceFen, 0);

    it('revokes one charge batch, so settlement sees only the others, and takes its lines back', async () => {
      const mdtrtId = await register();
      await sandbox.fsi('2204', { feedetail: twoBatches(mdtrtId) }, at);
      expect(await revoke(mdtrtId, 'B2')).toMatchObject({ infcode: 0 });
      expect(await revoke(mdtrtId, 'B2')).toMatchObject({
        infcode: -1,
        err_msg: '收费批次号[B2]没有可撤销的费用明细',
      });

      // The stated total must now be the remaining batch's.
      expect(await sandbox.fsi('2206', settleInput(mdtrtId), at)).toMatchObject({
        infcode: -1,
        err_msg: expect.stringMatching(/与已上传明细合计.*不符/),
      });
      const rest = await sandbox.fsi(
        '2206',
        settleInput(mdtrtId, { chrg_bchno: '', medfee_sumamt: yuan(TOTAL_FEN - batchB2Fen) }),
        at,
      );
      expect(rest.infcode).toBe(0);
      expect(setlFen(rest.output.setlinfo).total).toBe(TOTAL_FEN - batchB2Fen);

      // Corrected lines come back under their serials.
      const again = await sandbox.fsi('2204', { feedetail: twoBatches(mdtrtId).slice(0, 2) }, at);
      expect(again.infcode).toBe(0);
      const whole = await sandbox.fsi('2206', settleInput(mdtrtId, { chrg_bchno: '' }), at);
      expect(setlFen(whole.output.setlinfo).total).toBe(TOTAL_FEN);
    });

    it('cancels a registration only once its fees are revoked, and then the visit takes nothing more', async () => {
      const mdtrtId = await register();
      await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId) }, at);
      expect(await cancel(mdtrtId)).toMatchObject({
        infcode: -1,
        err_msg: '该就诊还有未撤销的费用明细，请先撤销费用明细(2205)',
      });
      expect(await revoke(mdtrtId, '0000')).toMatchObject({ infcode: 0 });
      expect(await revoke(mdtrtId, '0000')).toMatchObject({
        infcode: -1,
        err_msg: '该就诊没有可撤销的费用明细',
      });
      expect(await cancel(mdtrtId, 'MZ-other')).toMatchObject({
        infcode: -1,
        err_msg: '门诊号(ipt_otp_no)与挂号信息不符',
      });
      expect(await cancel(mdtrtId)).toMatchObject({ infcode: 0 });

      expect(await cancel(mdtrtId)).toMatchObject({ infcode: -1, err_msg: '该就诊已撤销' });
      expect(await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId) }, at)).toMatchObject({
        infcode: -1,
        err_msg: '该就诊已撤销',
      });
      expect(await sandbox.fsi('2206', settleInput(mdtrtId), at)).toMatchObject({
        infcode: -1,
        err_msg: '该就诊已撤销',
      });
      expect(sandbox.count("SELECT COUNT(*) FROM fee_details WHERE status = 'active'")).toBe(0);
    });

    it('leaves a settled visit alone until 2208 reverses the settlement', async () => {
      const mdtrtId = await register();
      await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId) }, at);
      const settled = await sandbox.fsi('2207', settleInput(mdtrtId), at);
      expect(settled.infcode).toBe(0);
      expect(await revoke(mdtrtId, '0000')).toMatchObject({ infcode: -1, err_msg: '该就诊已结算' });
      expect(await cancel(mdtrtId)).toMatchObject({ infcode: -1, err_msg: '该就诊已结算' });

      const { setl_id } = settled.output.setlinfo;
      await sandbox.fsi('2208', { data: { setl_id, mdtrt_id: mdtrtId, psn_no: RETIREE.psnNo } }, at);
      expect(await revoke(mdtrtId, '0000')).toMatchObject({ infcode: 0 });
      expect(await cancel(mdtrtId)).toMatchObject({ infcode: 0 });
    });

    it("refuses another person's or another institution's visit, and incomplete input", async () => {
      const mdtrtId = await register();
      await sandbox.fsi('2204', { feedetail: feedetail(mdtrtId) }, at);
      const otherPerson = await sandbox.fsi(
        '2205',
        { data: { mdtrt_id: mdtrtId, chrg_bchno: '0000', psn_no: PERSONAS.employee.psnNo } },
        at,
      );
      expect(otherPerson).toMatchObject({ infcode: -1, err_msg: '就诊ID与人员编号不符' });
      await sandbox.signIn(DEMO_INSTITUTIONS.clinic);
      const elsewhere = await sandbox.fsi(
        '2202',
        { data: { psn_no: RETIREE.psnNo, mdtrt_id: mdtrtId, ipt_otp_no: 'MZ20250303001' } },
        { institution: DEMO_INSTITUTIONS.clinic },
      );
      expect(elsewhere).toMatchObject({ infcode: -1, err_msg: `就诊ID[${mdtrtId}]不存在` });
      const incomplete = await sandbox.fsi(
        '2205',
        { data: { mdtrt_id: mdtrtId, psn_no: RETIREE.psnNo } },
        at,
      );
      expect(incomplete).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/chrg_bchno/) });
      expect(sandbox.count("SELECT COUNT(*) FROM fee_details WHERE status = 'active'")).toBe(FEES.length);
    });
  });
});
