// The demo people: one persona per path the product must handle (an employee with a
// balance, a retiree, a resident without an account, someone insured a month ago, a
// suspended person, foreign and 港澳台 documents, a family, duplicate person records…).
// Documents are valid (GB 11643 check digits computed here); psnNo = region + serial.
import { residentIdCheckChar, type DocumentType } from '@ybm/shared';

export interface Persona {
  key: string;
  psnNo: string;
  name: string;
  docType: DocumentType;
  docNumber: string;
  phone: string | null;
  regionCode: string;
  insutype: '310' | '390';
  note: string;
}

/** Everything the seed writes for a persona beyond the Persona summary. */
export interface PersonaSeed extends Persona {
  gender: '1' | '2';
  birthDate: string;
  nationality: string;
  psnType: '11' | '21' | '';
  status: 'active' | 'suspended';
  /** A date, or days before the seeding clock for personas defined by "how long ago". */
  insured: string | { daysBeforeNow: number };
  suspendedDate: string | null;
  empName: string | null;
  /** What the carriers' number check told the platform about the reserved phone (default in service). */
  phoneStatus?: 'in_service' | 'out_of_service';
  /** Monthly personal-account credit in fen; null: no personal account (residents). */
  monthlyCreditFen: number | null;
  card: { cardNo: string; replaced?: string } | null;
}

/** 18-character 居民身份证 number: area (6) + birth date (8) + sequence (3) + check character. */
export function residentId(area: string, birthDate: string, sequence: string): string {
  const first17 = `${area}${birthDate.replaceAll('-', '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

type Spec = Omit<PersonaSeed, 'key' | 'docType' | 'docNumber' | 'gender'> & {
  doc?: { type: DocumentType; number: string };
  /** Resident-id area code and sequence; the 17th digit's parity gives the gender. */
  area?: string;
  seq?: string;
  gender?: '1' | '2';
};

function persona(key: string, spec: Spec): PersonaSeed {
  const { doc, area, seq, gender, ...rest } = spec;
  const docNumber = doc?.number ?? residentId(area ?? '', spec.birthDate, seq ?? '');
  const genderDigit = Number((seq ?? '').slice(-1));
  return {
    key,
    docType: doc?.type ?? 'resident_id',
    docNumber,
    gender: gender ?? (genderDigit % 2 === 1 ? '1' : '2'),
    ...rest,
  };
}

const SUIHUA = '231200';
const XIAN = '610100';
const HANGZHOU = '330100';
const BEILIN = '231202'; // 绥化市北林区
const common = { nationality: 'CHN', suspendedDate: null, status: 'active' as const };
const employee = { insutype: '310' as const, psnType: '11' as const };
const retiree = { insutype: '310' as const, psnType: '21' as const };
const resident = { insutype: '390' as const, psnType: '' as const, monthlyCreditFen: null, empName: null };

// A table, one line per row: easier to read and review than one field per line.
// prettier-ignore
const LIST: PersonaSeed[] = [
  persona('employee', { ...common, ...employee, psnNo: '23120000000001', name: '张伟', area: BEILIN, seq: '011', birthDate: '1985-03-12', phone: '13945500001', regionCode: SUIHUA, insured: '2010-07-01', empName: '国网绥化供电公司', monthlyCreditFen: 21460, card: { cardNo: 'A23000001' }, note: '在职职工，个人账户有余额，绥化' }),
  persona('retiree', { ...common, ...retiree, psnNo: '23120000000002', name: '王秀英', area: BEILIN, seq: '022', birthDate: '1956-08-20', phone: '13945500002', regionCode: SUIHUA, insured: '1995-01-01', empName: '绥化市纺织厂（退休）', monthlyCreditFen: 15830, card: { cardNo: 'A23000002' }, note: '退休人员，统筹比例更高' }),
  persona('resident', { ...common, ...resident, psnNo: '23120000000003', name: '李娜', area: '231221', seq: '024', birthDate: '1978-04-15', phone: '13945500003', regionCode: SUIHUA, insured: '2016-01-01', card: { cardNo: 'A23000003' }, note: '城乡居民（390），无个人账户，药店购药现金支付' }),
  persona('newlyInsured', { ...common, ...employee, psnNo: '23120000000004', name: '刘洋', area: BEILIN, seq: '013', birthDate: '1998-07-06', phone: '13945500004', regionCode: SUIHUA, insured: { daysBeforeNow: 30 }, empName: '绥化市新城物流有限公司', monthlyCreditFen: 19870, card: null, note: '参保 30 天（不足两个月），暂不能激活' }),
  persona('suspended', { ...common, ...employee, psnNo: '23120000000005', name: '陈静', area: BEILIN, seq: '026', birthDate: '1982-09-19', phone: '13945500005', regionCode: SUIHUA, insured: '2009-03-01', status: 'suspended', suspendedDate: '2024-06-30', empName: '绥化市百货大楼', monthlyCreditFen: 18650, card: { cardNo: 'A23000005' }, note: '暂停参保（2024-06-30 起），个人账户余额保留' }),
  persona('parent', { ...common, ...employee, psnNo: '23120000000006', name: '赵磊', area: BEILIN, seq: '031', birthDate: '1987-02-03', phone: '13945500006', regionCode: SUIHUA, insured: '2011-09-01', empName: '绥化市第三中学', monthlyCreditFen: 24390, card: { cardNo: 'A23000006' }, note: '亲情账户持有人：女儿赵子涵、父亲赵德福' }),
  persona('child', { ...common, ...resident, psnNo: '23120000000007', name: '赵子涵', area: BEILIN, seq: '042', birthDate: '2017-06-01', phone: null, regionCode: SUIHUA, insured: '2017-09-01', card: null, note: '未满 16 周岁，无手机号，由父亲赵磊代管' }),
  persona('elder', { ...common, ...retiree, psnNo: '23120000000008', name: '赵德福', area: BEILIN, seq: '051', birthDate: '1948-11-05', phone: null, regionCode: SUIHUA, insured: '1998-12-01', empName: '绥化市农机厂（退休）', monthlyCreditFen: 12960, card: { cardNo: 'A23000008' }, note: '老人，无手机号，退休职工，由儿子赵磊代管' }),
  persona('spouse', { ...common, ...employee, psnNo: '23120000000014', name: '钱芳', area: BEILIN, seq: '086', birthDate: '1989-05-16', phone: '13945500014', regionCode: SUIHUA, insured: '2012-03-01', empName: '绥化市第二医院', monthlyCreditFen: 20150, card: { cardNo: 'A23000014' }, note: '赵磊的妻子，尚未加入亲情账户（添加时须本人人脸核验和短信验证）' }),
  persona('duplicateRecords', { ...common, ...employee, psnNo: '23120000000009', name: '孙丽', area: BEILIN, seq: '062', birthDate: '1990-01-10', phone: '13945500009', regionCode: SUIHUA, insured: '2013-04-01', empName: '绥化市北林区税务局', monthlyCreditFen: 17520, card: { cardNo: 'A23000009' }, note: '同一身份证有两条人员记录（另一条 23120000000010），激活须先到经办机构合并' }),
  persona('duplicateRecordsSecond', { ...common, ...resident, psnNo: '23120000000010', name: '孙丽', area: BEILIN, seq: '062', birthDate: '1990-01-10', phone: '13945500009', regionCode: SUIHUA, insured: '2008-01-01', card: null, note: '孙丽的第二条人员记录（早年居民参保）' }),
  persona('xian', { ...common, ...employee, psnNo: '61010000000001', name: '杨帆', area: '610113', seq: '017', birthDate: '1992-05-12', phone: '13991800001', regionCode: XIAN, insured: '2015-08-01', empName: '西安高新区软件园', monthlyCreditFen: 20880, card: { cardNo: 'A61000001' }, note: '西安在职职工' }),
  persona('phoneChanged', { ...common, ...employee, psnNo: '23120000000011', name: '周敏', area: BEILIN, seq: '068', birthDate: '1988-08-24', phone: '13945500011', phoneStatus: 'out_of_service', regionCode: SUIHUA, insured: '2014-05-01', empName: '绥化市第一医院', monthlyCreditFen: 18210, card: { cardNo: 'A23000011' }, note: '平台预留手机号 13945500011 已停用（本人现用 13945500099，未在平台更新），收不到验证码' }),
  persona('cardReplaced', { ...common, ...employee, psnNo: '23120000000012', name: '吴刚', area: BEILIN, seq: '075', birthDate: '1975-03-12', phone: '13945500012', regionCode: SUIHUA, insured: '2005-07-01', empName: '绥化市热电公司', monthlyCreditFen: 26740, card: { cardNo: 'A23000012', replaced: 'A23000112' }, note: '社保卡补换：旧卡 A23000112 已注销，新卡 A23000012 有效，余额不受影响' }),
  persona('lowBalance', { ...common, ...employee, psnNo: '23120000000013', name: '郑丽', area: BEILIN, seq: '084', birthDate: '1995-02-27', phone: '13945500013', regionCode: SUIHUA, insured: '2021-03-01', empName: '灵活就业', monthlyCreditFen: 150, card: { cardNo: 'A23000013' }, note: '个人账户余额仅 18.00 元（账户不足，余下现金支付）' }),
  persona('hangzhou', { ...common, ...employee, psnNo: '33010000000001', name: '徐婷', area: '330106', seq: '046', birthDate: '1993-09-18', phone: '13857100001', regionCode: HANGZHOU, insured: '2016-09-01', empName: '杭州西湖科技有限公司', monthlyCreditFen: 31250, card: { cardNo: 'A33000001' }, note: '杭州在职职工（药店不走统筹，只用个人账户）' }),
  persona('foreignPassport', { ...common, ...employee, psnNo: '33010000000002', name: 'JOHN SMITH', doc: { type: 'passport', number: '563820194' }, gender: '1', birthDate: '1980-02-14', nationality: 'USA', phone: '13857100002', regionCode: HANGZHOU, insured: '2019-03-01', empName: '杭州国际学校', monthlyCreditFen: 45600, card: null, note: '外籍（护照）在职职工' }),
  persona('hkMacaoPermit', { ...common, ...employee, psnNo: '33010000000003', name: '陈家豪', doc: { type: 'hk_macao_permit', number: 'H60321578' }, gender: '1', birthDate: '1989-10-03', nationality: 'HKG', phone: '13857100003', regionCode: HANGZHOU, insured: '2020-06-01', empName: '杭州港信贸易有限公司', monthlyCreditFen: 28800, card: null, note: '港澳居民来往内地通行证持有人，在职职工' }),
  persona('taiwanPermit', { ...common, ...resident, psnNo: '61010000000002', name: '林志明', doc: { type: 'taiwan_permit', number: '05123467' }, gender: '1', birthDate: '1985-07-21', nationality: 'TWN', phone: '13991800002', regionCode: XIAN, insured: '2022-01-01', card: null, note: '台湾居民来往大陆通行证持有人，城乡居民' }),
  persona('foreignPermanentResidence', { ...common, ...employee, psnNo: '33010000000004', name: 'ANNA MULLER', doc: { type: 'foreign_permanent_residence', number: residentId('933276', '1988-04-12', '002') }, gender: '2', birthDate: '1988-04-12', nationality: 'DEU', phone: '13857100004', regionCode: HANGZHOU, insured: '2018-10-01', empName: '杭州德美精密机械有限公司', monthlyCreditFen: 39900, card: null, note: '外国人永久居留身份证（2023 版）持有人' }),
];

export const PERSONA_SEEDS: readonly PersonaSeed[] = LIST;

export type PersonaKey =
  | 'employee'
  | 'retiree'
  | 'resident'
  | 'newlyInsured'
  | 'suspended'
  | 'parent'
  | 'child'
  | 'elder'
  | 'spouse'
  | 'duplicateRecords'
  | 'duplicateRecordsSecond'
  | 'xian'
  | 'phoneChanged'
  | 'cardReplaced'
  | 'lowBalance'
  | 'hangzhou'
  | 'foreignPassport'
  | 'hkMacaoPermit'
  | 'taiwanPermit'
  | 'foreignPermanentResidence';

function summary(seed: PersonaSeed): Persona {
  const { key, psnNo, name, docType, docNumber, phone, regionCode, insutype, note } = seed;
  return { key, psnNo, name, docType, docNumber, phone, regionCode, insutype, note };
}

export const PERSONAS: Readonly<Record<PersonaKey, Persona>> = Object.freeze(
  Object.fromEntries(LIST.map((seed) => [seed.key, Object.freeze(summary(seed))])) as Record<
    PersonaKey,
    Persona
  >,
);

/** Family links the seed creates: owner → member (钱芳, the spouse, is left for the demo to add). */
export const FAMILY_SEEDS = [
  { id: 1, owner: 'parent', member: 'child', relation: 'child' },
  { id: 2, owner: 'parent', member: 'elder', relation: 'parent' },
] as const satisfies readonly { id: number; owner: PersonaKey; member: PersonaKey; relation: string }[];
