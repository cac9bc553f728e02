import { fenToYuan, formatYuan, isFen, sumFen, yuanToFen } from '@ybm/shared';

describe('yuanToFen', () => {
  it.each([
    ['12.30', 1230],
    ['12.3', 1230],
    ['12', 1200],
    ['0.05', 5],
    ['0', 0],
    [' 8.00 ', 800],
    ['9999999999999.99', 999_999_999_999_999],
  ])('reads %j as %i fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it('is exact where floating point is not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(yuanToFen('0.1') + yuanToFen('0.2')).toBe(yuanToFen('0.3'));
    expect(yuanToFen('0.3')).toBe(30);
    // 19.99 * 100 and 4.35 * 100 are 1998.9999999999998 and 434.99999999999994 in floating point.
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('4.35')).toBe(435);
    expect(yuanToFen('1.13')).toBe(113);
  });

  it('reads negative amounts, and "-0" as plain zero', () => {
    expect(yuanToFen('-0.05')).toBe(-5);
    expect(yuanToFen('-12.3')).toBe(-1230);
    expect(Object.is(yuanToFen('-0'), 0)).toBe(true);
    expect(Object.is(yuanToFen('-0.00'), 0)).toBe(true);
  });

  it.each([
    ['a float string with three decimals', '1.234'],
    ['a half-fen', '1.005'],
    ['letters', 'abc'],
    ['exponent notation', '1e3'],
    ['an empty string', ''],
    ['a trailing dot', '1.'],
    ['a leading dot', '.5'],
    ['an explicit plus sign', '+1'],
    ['thousands separators', '1,234.00'],
    ['a currency sign', '¥12.30'],
    ['full-width digits', '１２'],
    ['more than 13 integer digits', '12345678901234'],
    ['a double minus', '--1'],
  ])('refuses %s', (_label, yuan) => {
    expect(() => yuanToFen(yuan)).toThrow(RangeError);
  });
});

describe('fenToYuan', () => {
  it.each([
    [1230, '12.30'],
    [5, '0.05'],
    [0, '0.00'],
    [-5, '-0.05'],
    [-1230, '-12.30'],
    [100_000, '1000.00'],
  ])('writes %i fen as %j', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it('round-trips with yuanToFen', () => {
    for (const fen of [0, 1, 9, 10, 99, 100, 101, 123_456, -7, 999_999_999_999_999]) {
      expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    }
  });

  it.each([
    ['a fraction of a fen', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['an unsafe integer', 2 ** 53],
  ])('refuses %s', (_label, fen) => {
    expect(() => fenToYuan(fen)).toThrow(RangeError);
  });
});

describe('formatYuan', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [99_999, '¥999.99'],
    [100_000, '¥1,000.00'],
    [123_456, '¥1,234.56'],
    [123_456_789, '¥1,234,567.89'],
    [-123_456, '-¥1,234.56'],
  ])('writes %i fen as %j', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});

describe('sumFen', () => {
  it('adds integer amounts exactly', () => {
    expect(sumFen([])).toBe(0);
    expect(sumFen([10, 20])).toBe(30);
    expect(sumFen([3650, -1200, 5])).toBe(2455);
  });

  it('refuses an amount that is not an integer number of fen', () => {
    expect(() => sumFen([10, 0.5])).toThrow(RangeError);
    expect(() => sumFen([10, Number.NaN])).toThrow(RangeError);
  });
});

describe('isFen', () => {
  it('accepts safe integers only', () => {
    expect(isFen(1230)).toBe(true);
    expect(isFen(-1)).toBe(true);
    expect(isFen(12.3)).toBe(false);
    expect(isFen('1230')).toBe(false);
    expect(isFen(2 ** 53)).toBe(false);
  });
});
