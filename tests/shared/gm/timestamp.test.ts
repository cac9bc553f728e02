import { formatTimestamp, parseTimestamp } from '@ybm/shared/gm';

// 2024-03-05 14:30:15 in China Standard Time.
const AFTERNOON_CST = Date.UTC(2024, 2, 5, 6, 30, 15);

describe('formatTimestamp', () => {
  it('writes yyyyMMddHHmmss in UTC+8', () => {
    expect(formatTimestamp(AFTERNOON_CST, 'yyyyMMddHHmmss')).toBe('20240305143015');
  });

  it('rolls over to the next day and year at 16:00 UTC', () => {
    expect(formatTimestamp(Date.UTC(2023, 11, 31, 16, 0, 0), 'yyyyMMddHHmmss')).toBe('20240101000000');
    expect(formatTimestamp(Date.UTC(2023, 11, 31, 15, 59, 59), 'yyyyMMddHHmmss')).toBe('20231231235959');
  });

  it('writes epoch milliseconds as an integer', () => {
    expect(formatTimestamp(AFTERNOON_CST + 0.7, 'epochMs')).toBe(String(AFTERNOON_CST));
  });
});

describe('parseTimestamp', () => {
  it('reads yyyyMMddHHmmss as UTC+8', () => {
    expect(parseTimestamp('20240305143015')).toBe(AFTERNOON_CST);
    expect(parseTimestamp('20240101000000')).toBe(Date.UTC(2023, 11, 31, 16, 0, 0));
  });

  it('reads epoch milliseconds as a string or a number', () => {
    expect(parseTimestamp(String(AFTERNOON_CST))).toBe(AFTERNOON_CST);
    expect(parseTimestamp(AFTERNOON_CST)).toBe(AFTERNOON_CST);
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parseTimestamp('20240229120000')).toBe(Date.UTC(2024, 1, 29, 4, 0, 0));
    expect(parseTimestamp('20230229120000')).toBeUndefined();
  });

  it.each([
    ['30 February', '20240230120000'],
    ['month 13', '20241305120000'],
    ['month 00', '20240005120000'],
    ['day 00', '20240300120000'],
    ['hour 24', '20240305240000'],
    ['minute 60', '20240305126000'],
    ['second 60', '20240305120060'],
    ['a formatted date', '2024-03-05 14:30:15'],
    ['epoch seconds', '1709620215'],
    ['text', 'yesterday'],
    ['an empty string', ''],
  ])('refuses %s', (_label, value) => {
    expect(parseTimestamp(value)).toBeUndefined();
  });
});
