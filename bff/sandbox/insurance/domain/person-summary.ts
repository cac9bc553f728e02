// A person as the channel API describes them: identity (documents masked), region,
// latest insurance record and whether they have a personal account — and looking a
// person up by document and name, with the platform's refusals.
import {
  isValidDocument,
  maskIdNumber,
  maskPhone,
  normaliseDocumentNumber,
  type DocumentType,
} from '@ybm/shared';

import { PlatformRefusal } from '../channel/operation';
import type { SandboxContext } from '../context';
import { balanceOf } from './ledger';
import {
  activeInsurance,
  ageOn,
  findPersonByDocument,
  getPerson,
  shanghaiDate,
  type InsuranceRecord,
  type PersonRecord,
} from './people';
import { preparedFor } from './prepared';

type Ctx = Pick<SandboxContext, 'db' | 'now'>;

const INSUTYPE_NAMES = { '310': '职工基本医疗保险', '390': '城乡居民基本医疗保险' } as const;

/** psn_type → readable person type; residents (390) have none of their own. */
export function personType(record: Pick<InsuranceRecord, 'insutype' | 'psnType'>) {
  if (record.insutype === '390') return { personType: 'resident', personTypeName: '城乡居民' } as const;
  if (record.psnType === '21') return { personType: 'retired', personTypeName: '退休' } as const;
  return { personType: 'employed', personTypeName: '在职' } as const;
}

const statements = preparedFor((db) => ({
  regionName: db.prepare<[string], string>('SELECT name FROM regions WHERE code = ?').pluck(),
}));

export function regionName(ctx: Pick<SandboxContext, 'db'>, code: string): string | null {
  return statements(ctx.db).regionName.get(code) ?? null;
}

export function insuranceSummary(ctx: Pick<SandboxContext, 'db'>, record: InsuranceRecord) {
  return {
    insutype: record.insutype,
    insutypeName: INSUTYPE_NAMES[record.insutype],
    psnType: record.psnType,
    ...personType(record),
    status: record.status,
    statusName: record.status === 'active' ? '正常参保' : '暂停参保',
    insuredDate: record.insuredDate,
    suspendedDate: record.suspendedDate,
    regionCode: record.regionCode,
    regionName: regionName(ctx, record.regionCode),
    empName: record.empName,
  };
}

export function personSummary(ctx: Ctx, person: PersonRecord) {
  const insurance = activeInsurance(ctx, person.psnNo);
  return {
    psnNo: person.psnNo,
    name: person.name,
    gender: person.gender,
    birthDate: person.birthDate,
    age: ageOn(person.birthDate, shanghaiDate(ctx.now())),
    nationality: person.nationality,
    docType: person.docType,
    maskedDocNumber: maskIdNumber(person.docNumber),
    regionCode: person.regionCode,
    regionName: regionName(ctx, person.regionCode),
    hasPhone: person.phone !== null,
    // Whole, for the claim flow's SMS to the reserved phone; never shown as is.
    phone: person.phone,
    maskedPhone: person.phone && maskPhone(person.phone),
    insurance: insurance ? insuranceSummary(ctx, insurance) : null,
    hasAccount: balanceOf(ctx, person.psnNo) !== undefined,
  };
}

/** Names compare without surrounding or repeated spaces and, for Latin names, case. */
export function sameName(a: string, b: string): boolean {
  const normal = (name: string) => name.trim().replace(/\s+/g, ' ').toUpperCase();
  return normal(a) === normal(b);
}

/** The one person with this document and name, or the platform's refusal saying why not. */
export function identifyPerson(
  ctx: Ctx,
  doc: { docType: DocumentType; docNumber: string; name: string },
): PersonRecord {
  const number = normaliseDocumentNumber(doc.docNumber);
  if (!isValidDocument(doc.docType, number))
    throw new PlatformRefusal('DOCUMENT_INVALID', '证件号码格式不正确');
  const records = findPersonByDocument(ctx, doc.docType, number);
  if (records.length === 0) throw new PlatformRefusal('PERSON_NOT_FOUND', '未查询到该证件的参保人员信息');
  const named = records.filter((record) => sameName(record.name, doc.name));
  const [first] = named;
  if (!first) throw new PlatformRefusal('NAME_MISMATCH', '姓名与证件号码不一致');
  if (new Set(named.map((record) => record.psnNo)).size > 1) {
    throw new PlatformRefusal(
      'MULTIPLE_PERSON_RECORDS',
      '该证件存在多条人员记录，请到参保地医保经办机构合并后再办理',
    );
  }
  return first;
}

export function requirePerson(ctx: Ctx, psnNo: string): PersonRecord {
  const person = getPerson(ctx, psnNo);
  if (!person) throw new PlatformRefusal('PERSON_NOT_FOUND', '未查询到该参保人员');
  return person;
}
