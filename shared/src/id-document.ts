// ID documents the voucher accepts (the design's list) and their format rules.
// The 居民身份证 check digit is GB 11643-1999's ISO 7064 MOD 11-2; the 外国人永久居留身份证
// (2023) uses the same 18-character layout and check digit.

export const DOCUMENT_TYPES = [
  'resident_id', // 居民身份证
  'passport', // 护照
  'hk_macao_permit', // 港澳居民来往内地通行证
  'taiwan_permit', // 台湾居民来往大陆通行证
  'foreign_permanent_residence', // 外国人永久居留身份证
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_NAMES: Record<DocumentType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent_residence: '外国人永久居留身份证',
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function hasValidCheckChar(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && residentIdCheckChar(id.slice(0, 17)) === id[17];
}

export function isValidResidentId(value: string): boolean {
  const id = normaliseDocumentNumber(value);
  return hasValidCheckChar(id) && isRealDate(id.slice(6, 14));
}

/** Birth date (YYYY-MM-DD) carried in a 居民身份证 number, or undefined. */
export function birthDateFromResidentId(value: string): string | undefined {
  const id = normaliseDocumentNumber(value);
  if (!isValidResidentId(id)) return undefined;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

const RULES: Record<DocumentType, (id: string) => boolean> = {
  resident_id: isValidResidentId,
  // ICAO 9303 allows up to 9 characters in the MRZ field but real numbers run 5–17;
  // require at least one digit so a name typed in the wrong box is caught.
  passport: (id) => /^[A-Z0-9]{5,17}$/.test(id) && /\d/.test(id),
  // H/M + 8 digits (card since 2013), optionally + 2 digits of issue count.
  hk_macao_permit: (id) => /^[HM]\d{8}(\d{2})?$/.test(id),
  // 8 digits (card since 2015); older booklets: 10 digits with an optional letter.
  taiwan_permit: (id) => /^\d{8}$/.test(id) || /^\d{10}[A-Z]?$/.test(id),
  // 2023 card: 18 characters starting with 9, GB 11643 check digit; earlier cards: 3 letters + 12 digits.
  foreign_permanent_residence: (id) =>
    (/^9\d{16}[\dX]$/.test(id) && hasValidCheckChar(id)) || /^[A-Z]{3}\d{12}$/.test(id),
};

/** Upper-cases and strips spaces, the way people type document numbers. */
export function normaliseDocumentNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function isValidDocument(type: DocumentType, value: string): boolean {
  return RULES[type](normaliseDocumentNumber(value));
}
