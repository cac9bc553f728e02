import { maskIdNumber, maskName, maskPhone } from '@ybm/shared';

describe('maskIdNumber', () => {
  it('keeps the first 3 and last 4 characters of a 居民身份证 number', () => {
    expect(maskIdNumber('230102199003071234')).toBe('230***********1234');
  });

  it('keeps an X check character visible', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });

  it('masks other documents the same way', () => {
    expect(maskIdNumber('E12345678')).toBe('E12**5678');
    expect(maskIdNumber('H12345678')).toBe('H12**5678');
  });

  it('masks a value of 7 characters or fewer entirely', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('12')).toBe('**');
  });

  it('ignores surrounding spaces', () => {
    expect(maskIdNumber(' 230102199003071234 ')).toBe('230***********1234');
  });
});

describe('maskName', () => {
  it('keeps the surname of a two-character name', () => {
    expect(maskName('刘畅')).toBe('刘*');
  });

  it('keeps only the given name’s last character when asked to keep the last', () => {
    expect(maskName('刘畅', 'last')).toBe('*畅');
    expect(maskName('张三丰', 'last')).toBe('**丰');
  });

  it('keeps the first and last characters of a three-character name', () => {
    expect(maskName('张三丰')).toBe('张*丰');
  });

  it('masks every middle character of a longer name', () => {
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
  });

  it('masks a single character, and leaves an empty name empty', () => {
    expect(maskName('刘')).toBe('*');
    expect(maskName('  ')).toBe('');
  });

  it('treats a character outside the BMP as one character', () => {
    expect(maskName('𠮷畅')).toBe('𠮷*');
    expect(maskName('𠮷野家', 'last')).toBe('**家');
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks a short number entirely', () => {
    expect(maskPhone('110')).toBe('***');
  });
});
