// The BFF's typed insurance client against the seeded sandbox over real HTTP: every domain
// method sends what its operation takes, reads the answer with the protocol module's schema,
// and returns the product's types (fen, a BillStatus, settlement records); the platform's
// refusals come back as the BFF's own error codes.
import { BillSchema, RecordsPageSchema, RecordSchema } from '@ybm/shared';
import { PATHS } from '@ybm/shared/protocol';

import { createInsuranceClient, type InsuranceClient } from '../../bff/src/clients/insurance';
import { AppError } from '../../bff/src/errors';
import { DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { EMPLOYEE, PASSWORD, setup, type MobilePayBench } from '../support/mobile-pay';
import { encryptPassword } from '../support/payments';

let t: MobilePayBench;
let client: InsuranceClient;

beforeAll(async () => {
  t = await setup();
  client = createInsuranceClient(t.bff);
});
afterAll(() => t.sandbox.close());

/** The AppError a call is refused with. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const doc = (key: keyof typeof PERSONAS) => {
  const { docType, docNumber, name } = PERSONAS[key];
  return { docType, docNumber, name };
};

describe('the typed insurance client', () => {
  it('echoes, issues a code and follows it', async () => {
    expect(await client.echo('nonce-1')).toBe('nonce-1');
    const issued = await client.issueCode(EMPLOYEE.psnNo);
    expect(Object.keys(issued).sort()).toEqual(['code', 'expiresAt', 'issuedAt']);
    expect(await client.codeStatus(issued.code)).toMatchObject({
      stage: 'issued',
      issuedAt: issued.issuedAt,
    });
  });

  it('describes a person, their account and its ledger in fen', async () => {
    const person = await client.personSummary(doc('employee'));
    expect(person).toMatchObject({
      psnNo: EMPLOYEE.psnNo,
      gender: 'male',
      reservedPhone: EMPLOYEE.phone,
      insurance: { insutype: '310', typeName: '职工基本医疗保险', employerName: '国网绥化供电公司' },
    });
    const account = await client.accountSummary(EMPLOYEE.psnNo);
    expect(account).toMatchObject({
      psnNo: EMPLOYEE.psnNo,
      hasAccount: true,
      insurance: { status: 'active' },
    });
    expect(Number.isInteger(account.balanceFen)).toBe(true);
    const ledger = await client.accountLedger(EMPLOYEE.psnNo, { limit: 3 });
    expect(ledger.balanceFen).toBe(account.balanceFen);
    expect(ledger.entries).toHaveLength(3);
    expect(ledger.entries[0]).toMatchObject({
      kind: 'contribution',
      reference: { type: expect.any(String) },
    });
  });

  it('pays a bill: authorised, ordered, asked, the cash part confirmed — as bill statuses in fen', async () => {
    const order = await t.upload();
    const bill = { billId: order.payOrdId as string, payToken: order.payToken as string };
    const wrong = await refusal(
      client.authorisePayment(EMPLOYEE.psnNo, bill.billId, encryptPassword('802461')),
    );
    expect(wrong).toMatchObject({ code: 'PASSWORD_WRONG', details: { remaining: 4 } });

    const authorisation = await client.authorisePayment(
      EMPLOYEE.psnNo,
      bill.billId,
      encryptPassword(PASSWORD),
    );
    expect(authorisation.billId).toBe(bill.billId);
    // Without the personal account, what it would have paid is cash: the cashier has it to take.
    const payment = { authorisation, serial: `SER-${bill.billId}`, useAccount: false };
    const placed = await client.placeOrder(bill, payment);
    expect(placed.status).toBe('awaiting_cash');
    const result = BillSchema.shape.result.unwrap().omit({ paidAt: true }).strict().parse(placed.paid);
    expect(result.fundFen).toBeGreaterThan(0);
    expect(result.accountFen).toBe(0);
    expect(result.cashFen).toBeGreaterThan(0);
    // The same serial again: the first outcome, not a second payment.
    expect(await client.placeOrder(bill, payment)).toEqual(placed);

    const asked = await client.queryOrder(bill);
    expect(asked.status).toBe('awaiting_cash');
    expect(asked.paid).toMatchObject({
      fundFen: result.fundFen,
      cashFen: result.cashFen,
      setlId: result.setlId,
    });
    expect(await client.confirmCash(EMPLOYEE.psnNo, bill.billId)).toMatchObject({
      status: 'paid',
      cashFen: result.cashFen,
    });
    expect((await client.queryOrder(bill)).status).toBe('paid');

    // The settlement is the person's record now.
    const record = await client.getSettlement(result.setlId!, EMPLOYEE.psnNo);
    // The phone's record once the BFF seals its id (record-ids.ts): the platform's view but for the id.
    const { setlId, psnNo, accountPaidBy: _account, cashPaidBy: _cash, ...rest } = record;
    expect(setlId).toBe(result.setlId);
    expect(psnNo).toBe(EMPLOYEE.psnNo);
    expect(RecordSchema.parse({ ...rest, recordId: 'sealed' })).toMatchObject({
      medium: 'online',
      kind: 'mobile',
      cashFen: result.cashFen,
    });
    // The record's own page has the lines; a list page is the same record without them.
    expect(record.items?.map((item) => item.className)).toEqual(['甲类', '乙类', '丙类']);
    const page = await client.listSettlements(EMPLOYEE.psnNo, { limit: 5 });
    const { items: _lines, ...listed } = record;
    expect(page.records[0]).toEqual(listed);
    expect(() =>
      RecordsPageSchema.parse({
        records: page.records.map(({ setlId: _s, psnNo: _p, accountPaidBy: _a, cashPaidBy: _c, ...r }) => ({
          ...r,
          recordId: 'sealed',
        })),
      }),
    ).not.toThrow();
  });

  it('answers a paid or revoked bill with the BILL_* codes, and a bad page position with PAGE_CURSOR_INVALID', async () => {
    const paid = await t.upload();
    expect((await t.pay(paid)).code).toBe('0');
    const again = await refusal(
      client.authorisePayment(EMPLOYEE.psnNo, paid.payOrdId!, encryptPassword(PASSWORD)),
    );
    expect([again.code, again.status]).toEqual(['BILL_ALREADY_PAID', 409]);

    const revoked = await t.upload();
    await t.his.call(PATHS.revokeOrder, { payOrdId: revoked.payOrdId, payToken: revoked.payToken });
    const gone = await refusal(
      client.authorisePayment(EMPLOYEE.psnNo, revoked.payOrdId!, encryptPassword(PASSWORD)),
    );
    expect([gone.code, gone.status]).toEqual(['BILL_REVOKED', 409]);

    const cursor = await refusal(client.listSettlements(EMPLOYEE.psnNo, { before: 'SETLNOSUCH', limit: 5 }));
    expect(cursor.code).toBe('PAGE_CURSOR_INVALID');
  });

  it('lists, removes and adds family members', async () => {
    const owner = PERSONAS.parent.psnNo;
    const family = await client.listFamily(owner);
    expect(family.limit).toBe(5);
    expect(family.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          psnNo: PERSONAS.child.psnNo,
          relation: 'child',
          gender: expect.any(String),
        }),
      ]),
    );
    expect(await client.removeFamilyMember(owner, PERSONAS.child.psnNo)).toEqual({
      linkId: expect.any(Number),
    });
    const added = await client.addFamilyMember(owner, doc('child'), 'child', { attestedGuardian: true });
    expect(added).toMatchObject({ psnNo: PERSONAS.child.psnNo, relationName: '子女', hasPhone: false });
  });

  it('searches the directories in the BFF’s words', async () => {
    expect((await client.listRegions()).map((region) => region.name)).toContain('绥化市');
    const institutions = await client.searchInstitutions({ regionCode: '231200', kind: 'pharmacy' });
    expect(institutions.items).toHaveLength(3);
    expect(institutions.hasMore).toBe(false);
    expect(institutions.items[0]).toMatchObject({
      code: DEMO_INSTITUTIONS.pharmacy,
      acceptsVoucher: expect.any(Boolean),
      distanceMetres: null,
    });
    const withoutVoucher = await client.searchInstitutions({ regionCode: '231200', acceptsVoucher: false });
    expect(withoutVoucher.items.every((institution) => !institution.acceptsVoucher)).toBe(true);
    const drugs = await client.searchCatalogue({ text: '阿莫西林' });
    expect(drugs.items[0]).toMatchObject({ listClass: '01', listClassName: '甲类', category: 'drug' });
    const classB = await client.searchCatalogue({ listClass: '02', category: 'service', pageSize: 50 });
    expect(
      classB.items.every((item) => item.listClass === '02' && Number.isInteger(item.selfPayShareBp)),
    ).toBe(true);
  });

  it('files, lists and cancels care in another region', async () => {
    const psnNo = PERSONAS.xian.psnNo;
    const filed = await client.fileRemoteCare(psnNo, {
      careRegionCode: '330100',
      reason: 'posted_worker',
      beginDate: '2026-04-01',
      endDate: '2026-12-31',
    });
    expect(filed).toMatchObject({ insuredRegionCode: '610100', careRegionCode: '330100', status: 'filed' });
    expect((await client.listRemoteCare(psnNo)).map((filing) => filing.filingId)).toContain(filed.filingId);
    expect(await client.cancelRemoteCare(psnNo, filed.filingId)).toMatchObject({ status: 'cancelled' });
  });
});
