import {
  birthDateFromResidentId,
  DOCUMENT_TYPE_NAMES,
  DOCUMENT_TYPES,
  isValidDocument,
  isValidResidentId,
  normaliseDocumentNumber,
  residentIdCheckChar,
} from '@ybm/shared';

// Check characters below were computed independently of shared/src (GB 11643 weights
// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, remainders → "10X98765432").

describe('residentIdCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['23010219900307123', '7'],
    ['11010520000229001', '3'],
  ])('gives %s its GB 11643 check character %s', (first17, check) => {
    expect(residentIdCheckChar(first17)).toBe(check);
  });

  it('needs exactly 17 digits', () => {
    expect(() => residentIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckChar('1101051949123100X')).toThrow(RangeError);
  });
});

describe('isValidResidentId', () => {
  it.each([
    ['with an X check character', '11010519491231002X'],
    ['with a digit check character', '320106198510150522'],
    ['born on 1 January 1900, the earliest accepted', '310115190001010028'],
    ['born in 1990', '230102199003071237'],
    ['born on 29 February of a leap year', '110105200002290013'],
  ])('accepts a number %s', (_label, id) => {
    expect(isValidResidentId(id)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '230102199003071234'],
    ['X where a digit is due', '23010219900307123X'],
    ['30 February (0230), with a right check digit', '110105194902300020'],
    ['29 February 1900, not a leap year', '110105190002290017'],
    ['month 13', '110105194913010029'],
    ['day 00', '110105194912000021'],
    ['a birth year before 1900', '110105189912310023'],
    ['a birth year of 1880, in a widely quoted example number', '440524188001010014'],
    ['17 characters', '11010519491231002'],
    ['the old 15-digit form', '110105491231002'],
    ['a letter in the middle', '1101051949123100AX'],
  ])('refuses %s', (_label, id) => {
    expect(isValidResidentId(id)).toBe(false);
  });

  it('accepts a lower-case x and spaces the way people type them', () => {
    expect(isValidResidentId('110105 19491231 002x')).toBe(true);
  });
});

describe('birthDateFromResidentId', () => {
  it('reads the birth date of a valid number', () => {
    expect(birthDateFromResidentId('11010519491231002x')).toBe('1949-12-31');
  });

  it('gives nothing for an invalid number', () => {
    expect(birthDateFromResidentId('110105194902300020')).toBeUndefined();
  });
});

describe('isValidDocument', () => {
  it('knows a Chinese name for every document type', () => {
    for (const type of DOCUMENT_TYPES) expect(DOCUMENT_TYPE_NAMES[type]).toMatch(/^[\u4e00-\u9fff]+$/);
  });

  it.each([
    ['resident_id', '11010519491231002X'],
    ['passport', 'E12345678'],
    ['passport', 'G1234567'],
    ['passport', 'P0123456789'],
    ['hk_macao_permit', 'H12345678'],
    ['hk_macao_permit', 'M12345678'],
    ['hk_macao_permit', 'H1234567801'],
    ['taiwan_permit', '12345678'],
    ['taiwan_permit', '1234567890'],
    ['taiwan_permit', '1234567890B'],
    ['foreign_permanent_residence', '933110198501010035'],
    ['foreign_permanent_residence', 'USA330219850101'],
  ] as const)('accepts %s %s', (type, value) => {
    expect(isValidDocument(type, value)).toBe(true);
  });

  it.each([
    ['resident_id', '110105194902300020'],
    ['passport', 'ABCDEFG'],
    ['passport', 'E123'],
    ['passport', 'E12345678901234567'],
    ['passport', 'E1234-5678'],
    ['hk_macao_permit', 'A12345678'],
    ['hk_macao_permit', 'H1234567'],
    ['hk_macao_permit', 'H123456789'],
    ['taiwan_permit', '1234567'],
    ['taiwan_permit', '123456789'],
    ['taiwan_permit', 'T12345678'],
    ['foreign_permanent_residence', '933110198501010036'],
    ['foreign_permanent_residence', '11010519491231002X'],
    ['foreign_permanent_residence', 'US330219850101'],
  ] as const)('refuses %s %s', (type, value) => {
    expect(isValidDocument(type, value)).toBe(false);
  });

  it('normalises spaces and lower case before checking', () => {
    expect(isValidDocument('hk_macao_permit', 'h 1234 5678')).toBe(true);
    expect(isValidDocument('passport', ' e1234 5678 ')).toBe(true);
    expect(isValidDocument('foreign_permanent_residence', 'usa 330219850101')).toBe(true);
  });
});

describe('normaliseDocumentNumber', () => {
  it('removes all whitespace and upper-cases', () => {
    expect(normaliseDocumentNumber(' h12\t34 5678\n')).toBe('H12345678');
  });
});
