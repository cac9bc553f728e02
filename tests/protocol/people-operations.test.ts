// The channel operations for people, accounts, records, family, directories and remote
// care, driven over HTTP through the BFF's insurance client against the seeded sandbox.
import { createHash } from 'node:crypto';

import { createEnvelopeCodec } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';

import { createInsuranceTransport, InsuranceRefusal } from '../../bff/src/clients/insurance';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS, residentId } from '../../bff/sandbox/insurance/seed';
import { testChannel } from '../support/keys';
import { startInsuranceSandbox } from '../support/servers';

const NOW = Date.parse('2026-03-15T02:00:00Z');
type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A repeatable byte source, so ids the sandbox makes are the same on every run. */
function seededRandom() {
  let counter = 0;
  return (size: number) => {
    counter += 1;
    return new Uint8Array(createHash('sha256').update(`people-${counter}`).digest().subarray(0, size));
  };
}

let sandbox: Awaited<ReturnType<typeof startInsuranceSandbox>>;
let client: ReturnType<typeof createInsuranceTransport>;

beforeAll(async () => {
  sandbox = await startInsuranceSandbox({ now: () => NOW, random: seededRandom(), seed: true });
  client = createInsuranceTransport({
    baseUrl: sandbox.url,
    channel: testChannel().bffView,
    codec: createEnvelopeCodec({ primitives: nodePrimitives, now: () => NOW }),
    timeoutMs: 5000,
  });
});
afterAll(() => sandbox.close());

const call = async (method: string, data: Record<string, unknown>) =>
  ((await client.call(method, data)) ?? {}) as Data;

/** The platform's refusal code for a call that must fail. */
async function refusal(method: string, data: Record<string, unknown>): Promise<string> {
  const error = await client.call(method, data).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InsuranceRefusal);
  return (error as InsuranceRefusal).code;
}

const doc = (key: keyof typeof PERSONAS) => {
  const { docType, docNumber, name } = PERSONAS[key];
  return { docType, docNumber, name };
};

describe('person.lookup', () => {
  it('finds a person by document and name and describes them with the document masked', async () => {
    const person = await call('person.lookup', doc('employee'));
    expect(person).toMatchObject({
      psnNo: PERSONAS.employee.psnNo,
      name: '张伟',
      gender: '1',
      age: 41,
      regionCode: '231200',
      regionName: '绥化市',
      hasPhone: true,
      maskedPhone: '139****0001',
      hasAccount: true,
      insurance: { insutype: '310', personType: 'employed', status: 'active', insuredDate: '2010-07-01' },
    });
    expect(person.maskedDocNumber).toBe(`231${'*'.repeat(11)}${PERSONAS.employee.docNumber.slice(-4)}`);
    expect(JSON.stringify(person)).not.toContain(PERSONAS.employee.docNumber);
  });

  it('reads documents and Latin names the way people type them', async () => {
    const { docNumber } = PERSONAS.foreignPassport;
    const person = await call('person.lookup', {
      docType: 'passport',
      docNumber: ` ${docNumber} `,
      name: 'john  smith',
    });
    expect(person).toMatchObject({ psnNo: PERSONAS.foreignPassport.psnNo, nationality: 'USA' });
    const child = await call('person.lookup', doc('child'));
    expect(child).toMatchObject({
      hasPhone: false,
      hasAccount: false,
      insurance: { personType: 'resident' },
    });
  });

  it('refuses each way a look-up can fail with its own code', async () => {
    const stranger = residentId('231202', '1990-01-01', '999');
    expect(
      await refusal('person.lookup', { docType: 'resident_id', docNumber: stranger, name: '无此人' }),
    ).toBe('PERSON_NOT_FOUND');
    expect(await refusal('person.lookup', { ...doc('employee'), name: '张三' })).toBe('NAME_MISMATCH');
    expect(await refusal('person.lookup', doc('duplicateRecords'))).toBe('MULTIPLE_PERSON_RECORDS');
    const badCheck = `${PERSONAS.employee.docNumber.slice(0, 17)}${PERSONAS.employee.docNumber.endsWith('0') ? '1' : '0'}`;
    expect(await refusal('person.lookup', { ...doc('employee'), docNumber: badCheck })).toBe(
      'DOCUMENT_INVALID',
    );
    expect(await refusal('person.lookup', { docType: 'resident_id', docNumber: stranger })).toBe(
      'INPUT_INVALID',
    );
  });
});

describe('account.summary and account.ledger', () => {
  it('gives the balance, insurance and this year’s rule for an employee', async () => {
    const summary = await call('account.summary', { psnNo: PERSONAS.employee.psnNo });
    expect(summary).toMatchObject({
      hasAccount: true,
      balanceFen: 21_460 * 12,
      regionName: '绥化市',
      insurance: { insutypeName: '职工基本医疗保险', personTypeName: '在职', statusName: '正常参保' },
      thisYear: { year: 2026, deductibleFen: 20_000, capFen: 15_000_000, pharmacyPooling: true },
    });
  });

  it('says a resident has no account, and keeps a suspended person’s balance', async () => {
    const resident = await call('account.summary', { psnNo: PERSONAS.resident.psnNo });
    expect(resident.hasAccount).toBe(false);
    expect(resident.balanceFen).toBeUndefined();
    expect(resident.thisYear).toMatchObject({ pharmacyPooling: false, outpatientPooling: true });
    const suspended = await call('account.summary', { psnNo: PERSONAS.suspended.psnNo });
    expect(suspended).toMatchObject({ insurance: { status: 'suspended', suspendedDate: '2024-06-30' } });
    expect(suspended.balanceFen).toBeGreaterThan(0);
    expect(await refusal('account.summary', { psnNo: '99999999' })).toBe('PERSON_NOT_FOUND');
  });

  it('pages the ledger newest first by keyset until the last page', async () => {
    const psnNo = PERSONAS.employee.psnNo;
    const seen: Data[] = [];
    let beforeId: number | undefined;
    const sizes: number[] = [];
    do {
      const page = await call('account.ledger', { psnNo, limit: 5, ...(beforeId ? { beforeId } : {}) });
      sizes.push(page.count);
      seen.push(...(page.entries ?? []));
      beforeId = page.nextBeforeId;
    } while (beforeId);
    expect(sizes).toEqual([5, 5, 2]);
    expect(seen[0]).toMatchObject({ kind: 'contribution', amountFen: 21_460, memo: '2026-02 个人账户划入' });
    expect(seen.map((entry) => entry.id)).toEqual([...seen.map((entry) => entry.id)].sort((a, b) => b - a));
    expect(await refusal('account.ledger', { psnNo: PERSONAS.resident.psnNo, limit: 5 })).toBe(
      'NO_PERSONAL_ACCOUNT',
    );
    expect(await refusal('account.ledger', { psnNo, limit: 500 })).toBe('INPUT_INVALID');
  });
});

describe('settlement.list and settlement.get', () => {
  beforeAll(() => {
    // Settlements as the counter flows write them (their module is tested on its own).
    const insert = sandbox.db.prepare(
      `INSERT INTO settlements (setl_id, mdtrt_id, psn_no, fixmedins_code, kind, status, insutype, cert_type,
         total_fen, fund_fen, account_fen, cash_fen, fulamt_ownpay_fen, overlmt_fen, preselfpay_fen, inscp_fen,
         deductible_fen, balance_after_fen, settled_at)
       VALUES (?, ?, ?, ?, ?, 'settled', '310', '01', ?, ?, ?, ?, 0, 0, 0, ?, 0, 100000, ?)`,
    );
    const places = [DEMO_INSTITUTIONS.pharmacy, DEMO_INSTITUTIONS.hospital, DEMO_INSTITUTIONS.xianHospital];
    for (let i = 1; i <= 5; i += 1) {
      const fixmedins = places[i % 3] ?? DEMO_INSTITUTIONS.pharmacy;
      const total = 1_000 * i;
      insert.run(`SETL${i}`, `MDTRT${i}`, PERSONAS.employee.psnNo, fixmedins, i % 2 ? 'pharmacy' : 'outpatient',
        total, total / 2, total / 2, 0, total, `2026-03-0${i}T02:00:00.000Z`); // prettier-ignore
    }
  });

  it('lists a person’s settlements newest first with the split and where they happened', async () => {
    const first = await call('settlement.list', { psnNo: PERSONAS.employee.psnNo, limit: 2 });
    expect(first.settlements.map((s: Data) => s.setlId)).toEqual(['SETL5', 'SETL4']);
    expect(first.settlements[0]).toMatchObject({
      totalFen: 5_000,
      fundFen: 2_500,
      accountFen: 2_500,
      cashFen: 0,
      settledAt: '2026-03-05T02:00:00.000Z',
      institution: {
        code: DEMO_INSTITUTIONS.xianHospital,
        name: '西安交通大学第一附属医院',
        regionName: '西安市',
      },
    });
    const second = await call('settlement.list', {
      psnNo: PERSONAS.employee.psnNo,
      limit: 2,
      before: first.nextBefore,
    });
    expect(second.settlements.map((s: Data) => s.setlId)).toEqual(['SETL3', 'SETL2']);
    const last = await call('settlement.list', {
      psnNo: PERSONAS.employee.psnNo,
      limit: 2,
      before: second.nextBefore,
    });
    expect(last).toMatchObject({ count: 1 });
    expect(last.nextBefore).toBeUndefined();
    expect(await call('settlement.list', { psnNo: PERSONAS.retiree.psnNo, limit: 2 })).toEqual({ count: 0 });
    expect(
      await refusal('settlement.list', { psnNo: PERSONAS.retiree.psnNo, limit: 2, before: 'SETL1' }),
    ).toBe('SETTLEMENT_NOT_FOUND');
  });

  it('gives one settlement in full, to its own person only', async () => {
    const detail = await call('settlement.get', { setlId: 'SETL1', psnNo: PERSONAS.employee.psnNo });
    expect(detail).toMatchObject({
      setlId: 'SETL1',
      kind: 'pharmacy',
      inscpFen: 1_000,
      balanceAfterFen: 100_000,
    });
    expect(detail.institution.name).toBe('绥化市第一医院');
    expect(await refusal('settlement.get', { setlId: 'SETL1', psnNo: PERSONAS.retiree.psnNo })).toBe(
      'SETTLEMENT_NOT_FOUND',
    );
    expect(await refusal('settlement.get', { setlId: 'NOPE' })).toBe('SETTLEMENT_NOT_FOUND');
  });
});

describe('family.*', () => {
  const owner = PERSONAS.parent.psnNo;
  const add = (member: keyof typeof PERSONAS, extra: Record<string, unknown> = {}, ownerPsnNo = owner) =>
    call('family.add', { ownerPsnNo, member: doc(member), relation: 'other', ...extra });
  const addRefusal = (
    member: keyof typeof PERSONAS,
    extra: Record<string, unknown> = {},
    ownerPsnNo = owner,
  ) => refusal('family.add', { ownerPsnNo, member: doc(member), relation: 'other', ...extra });

  it('lists the seeded child and elderly father of the parent', async () => {
    const family = await call('family.list', { ownerPsnNo: owner });
    expect(family).toMatchObject({ count: 2, limit: 5 });
    expect(family.members).toMatchObject([
      { psnNo: PERSONAS.child.psnNo, relation: 'child', relationName: '子女', age: 8, hasPhone: false },
      { psnNo: PERSONAS.elder.psnNo, relation: 'parent', hasPhone: false, hasAccount: true },
    ]);
  });

  it('links a child on the guardian’s attestation and keeps anyone from 16 pending until they consent', async () => {
    const other = PERSONAS.employee.psnNo;
    expect(await addRefusal('child', {}, other)).toBe('FAMILY_GUARDIAN_ATTESTATION_REQUIRED');
    const child = await add('child', { guardianAttested: true, relation: 'child' }, other);
    expect(child).toMatchObject({ psnNo: PERSONAS.child.psnNo, relationName: '子女', linkStatus: 'active' });
    const spouse = await add('spouse', { relation: 'spouse' });
    expect(spouse).toMatchObject({ linkStatus: 'pending', maskedPhone: '139****0014' });
    const consent = { ownerPsnNo: owner, memberPsnNo: PERSONAS.spouse.psnNo };
    // No code for a member who has not consented; the consent needs the face check and the SMS code.
    expect(await refusal('code.issue', { psnNo: PERSONAS.spouse.psnNo, guardianPsnNo: owner })).toBe(
      'FAMILY_LINK_PENDING',
    );
    expect(await refusal('family.consent', { ...consent, faceVerified: true })).toBe(
      'FAMILY_CONSENT_REQUIRED',
    );
    expect(await refusal('family.consent', { ...consent, faceVerified: false, smsVerified: true })).toBe(
      'FAMILY_CONSENT_REQUIRED',
    );
    expect(await call('family.contact', consent)).toEqual({ hasPhone: true, phone: PERSONAS.spouse.phone });
    const live = await call('family.consent', { ...consent, faceVerified: true, smsVerified: true });
    expect(live).toMatchObject({ linkStatus: 'active' });
    await call('family.remove', consent);
  });

  it('refuses oneself, someone already linked, someone not insured and a person with several records', async () => {
    expect(await addRefusal('parent')).toBe('FAMILY_SELF');
    expect(await addRefusal('child', { guardianAttested: true })).toBe('FAMILY_ALREADY_LINKED');
    expect(await addRefusal('duplicateRecords')).toBe('MULTIPLE_PERSON_RECORDS');
    expect(await refusal('family.add', { ownerPsnNo: owner, member: doc('retiree'), relation: 'boss' })).toBe(
      'INPUT_INVALID',
    );
  });

  it('takes five members at most (pending ones count), and makes room again when one is removed', async () => {
    for (const key of ['retiree', 'resident', 'xian'] as const) await add(key);
    expect((await call('family.list', { ownerPsnNo: owner })).count).toBe(5);
    expect(await addRefusal('hangzhou')).toBe('FAMILY_LIMIT_REACHED');

    const removed = await call('family.remove', { ownerPsnNo: owner, memberPsnNo: PERSONAS.xian.psnNo });
    expect(removed).toMatchObject({ removed: true, memberPsnNo: PERSONAS.xian.psnNo });
    expect(await refusal('family.remove', { ownerPsnNo: owner, memberPsnNo: PERSONAS.xian.psnNo })).toBe(
      'FAMILY_LINK_NOT_FOUND',
    );
    await add('hangzhou');
    expect((await call('family.list', { ownerPsnNo: owner })).count).toBe(5);
  });

  it('issues a member’s code only to a guardian whose voucher is active on the channel, under a live link', async () => {
    // The parent's voucher is not active on the test channel in this seed: no family activation.
    expect(await refusal('code.issue', { psnNo: PERSONAS.child.psnNo, guardianPsnNo: owner })).toBe(
      'VOUCHER_NOT_ACTIVE',
    );
    // Someone who is not the child's guardian.
    expect(
      await refusal('code.issue', { psnNo: PERSONAS.child.psnNo, guardianPsnNo: PERSONAS.hangzhou.psnNo }),
    ).toBe('FAMILY_LINK_NOT_FOUND');
  });
});

describe('region.list, institution.search and catalogue.search', () => {
  it('lists the regions', async () => {
    const { regions } = await call('region.list', {});
    expect(regions.map((r: Data) => r.name)).toEqual(['绥化市', '杭州市', '西安市']);
  });

  it('finds institutions by region, kind, name and e-voucher support, in pages', async () => {
    const pharmacies = await call('institution.search', { regionCode: '231200', kind: 'pharmacy' });
    expect(pharmacies).toMatchObject({ count: 3, hasMore: false });
    expect(pharmacies.institutions[0]).toMatchObject({
      code: DEMO_INSTITUTIONS.pharmacy,
      kindName: '定点药店',
    });
    const noEc = await call('institution.search', { regionCode: '231200', supportsEc: false });
    expect(noEc.institutions.every((i: Data) => i.supportsEc === false)).toBe(true);
    const byName = await call('institution.search', { name: '老百姓' });
    expect(byName.institutions.map((i: Data) => i.regionCode).sort()).toEqual(['231200', '610100']);
    const all = await call('institution.search', { page: 2, pageSize: 10 });
    expect(all).toMatchObject({ page: 2, pageSize: 10, count: 10, hasMore: true });
  });

  it('sorts by distance from a point and says how far each one is', async () => {
    const { institutions } = await call('institution.search', {
      near: { lat: 34.2253, lng: 108.9425 },
      pageSize: 3,
    });
    expect(institutions[0]).toMatchObject({ code: DEMO_INSTITUTIONS.xianPharmacy });
    expect(institutions[0].distanceM).toBeLessThan(100);
    expect(institutions[1].distanceM).toBeGreaterThanOrEqual(institutions[0].distanceM);
  });

  it('pages through every match exactly once, in its order, with or without a point to sort by', async () => {
    const near = { lat: 46.6375, lng: 126.9694 };
    for (const sort of [{}, { near }]) {
      const whole = await call('institution.search', { ...sort, pageSize: 50 });
      expect(whole.hasMore).toBe(false);
      const paged: Data[] = [];
      for (let page = 1; ; page += 1) {
        const answer = await call('institution.search', { ...sort, page, pageSize: 7 });
        paged.push(...answer.institutions);
        if (!answer.hasMore) break;
      }
      expect(paged.map((i) => i.code)).toEqual(whole.institutions.map((i: Data) => i.code));
    }
    const byDistance = (await call('institution.search', { near, pageSize: 50 })).institutions as Data[];
    expect(byDistance.map((i) => i.distanceM)).toEqual(
      [...byDistance.map((i) => i.distanceM)].sort((a, b) => a - b),
    );
    const past = await call('institution.search', { page: 99, pageSize: 50 });
    expect(past).toMatchObject({ count: 0, page: 99, hasMore: false });
  });

  it('refuses an unknown or malformed region code', async () => {
    expect(await refusal('institution.search', { regionCode: '110100' })).toBe('REGION_NOT_FOUND');
    expect(await refusal('institution.search', { regionCode: '2312' })).toBe('INPUT_INVALID');
  });

  it('searches the catalogue by keyword, code, class and category', async () => {
    const amoxicillin = await call('catalogue.search', { keyword: '阿莫西林' });
    expect(amoxicillin).toMatchObject({ count: 4, hasMore: false });
    expect(amoxicillin.items[0]).toMatchObject({
      class: '01',
      className: '甲类',
      category: 'drug',
      unit: '盒',
    });
    const limited = DEMO_CATALOGUE.classBPriceLimited;
    const byCode = await call('catalogue.search', { code: limited.code });
    expect(byCode.items).toEqual([
      expect.objectContaining({
        code: limited.code,
        class: '02',
        selfpayPropBp: limited.selfpayPropBp,
        priceLimitFen: limited.priceLimitFen,
      }),
    ]);
    const classB = await call('catalogue.search', { class: '02', category: 'service', pageSize: 50 });
    expect(classB.items.every((i: Data) => i.class === '02' && i.category === 'service')).toBe(true);
    const everything = await call('catalogue.search', { pageSize: 50 });
    expect(everything).toMatchObject({ count: 50, hasMore: true });
  });

  it('leaves retired items out unless asked, or when looking at a date they were listed', async () => {
    const code = DEMO_CATALOGUE.retired.code;
    expect(await call('catalogue.search', { code })).toMatchObject({ count: 0 });
    expect(await call('catalogue.search', { code, includeRetired: true })).toMatchObject({ count: 1 });
    expect(await call('catalogue.search', { code, onDate: '2023-06-01' })).toMatchObject({ count: 1 });
    expect(await call('catalogue.search', { code, onDate: '2024-06-01' })).toMatchObject({ count: 0 });
    expect(await refusal('catalogue.search', { onDate: '2023-02-30' })).toBe('INPUT_INVALID');
  });
});

describe('remoteCare.*', () => {
  const psnNo = PERSONAS.xian.psnNo; // insured in 西安
  const file = (extra: Record<string, unknown> = {}) => ({
    psnNo,
    careRegionCode: '330100',
    reason: 'posted_worker',
    beginDate: '2026-04-01',
    endDate: '2026-12-31',
    ...extra,
  });

  it('files care in another region, lists it and cancels it', async () => {
    const filed = await call('remoteCare.file', file({ hospitalCode: DEMO_INSTITUTIONS.hangzhouHospital }));
    expect(filed).toMatchObject({
      insuredRegion: '610100',
      insuredRegionName: '西安市',
      careRegion: '330100',
      careRegionName: '杭州市',
      reasonName: '常驻异地工作人员',
      status: 'filed',
      statusName: '已备案',
    });
    const listed = await call('remoteCare.list', { psnNo });
    expect(listed.filings.map((f: Data) => f.filingId)).toEqual([filed.filingId]);

    expect(await refusal('remoteCare.file', file({ beginDate: '2026-12-01', endDate: undefined }))).toBe(
      'REMOTE_CARE_OVERLAP',
    );
    const cancelled = await call('remoteCare.cancel', { psnNo, filingId: filed.filingId });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusName: '已撤销' });
    expect(await refusal('remoteCare.cancel', { psnNo, filingId: filed.filingId })).toBe(
      'REMOTE_CARE_ALREADY_CANCELLED',
    );
    expect(await call('remoteCare.file', file({ careRegionCode: '231200' }))).toMatchObject({
      status: 'filed',
    });
  });

  it('refuses the same region, bad region codes, bad dates, an unknown hospital and a suspended person', async () => {
    expect(await refusal('remoteCare.file', file({ careRegionCode: '610100' }))).toBe(
      'REMOTE_CARE_SAME_REGION',
    );
    expect(await refusal('remoteCare.file', file({ careRegionCode: '110100' }))).toBe('REGION_NOT_FOUND');
    expect(await refusal('remoteCare.file', file({ careRegionCode: '11010' }))).toBe('INPUT_INVALID');
    expect(await refusal('remoteCare.file', file({ beginDate: '2026-05-01', endDate: '2026-04-01' }))).toBe(
      'REMOTE_CARE_DATES_INVALID',
    );
    expect(
      await refusal(
        'remoteCare.file',
        file({ psnNo: PERSONAS.employee.psnNo, hospitalCode: DEMO_INSTITUTIONS.xianHospital }),
      ),
    ).toBe('INSTITUTION_NOT_FOUND');
    expect(await refusal('remoteCare.file', file({ psnNo: PERSONAS.suspended.psnNo }))).toBe(
      'INSURANCE_SUSPENDED',
    );
    expect(await refusal('remoteCare.cancel', { psnNo, filingId: 'RC0000' })).toBe('REMOTE_CARE_NOT_FOUND');
  });
});
