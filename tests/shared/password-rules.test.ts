import { weakPasswordReason } from '@ybm/shared';

const BORN = '1990-03-07';

describe('weakPasswordReason', () => {
  it.each(['582914', '305817', '902718'])('accepts %s', (password) => {
    expect(weakPasswordReason(password, BORN)).toBeUndefined();
  });

  it.each([
    ['12345', 'not_six_digits'],
    ['12345a', 'not_six_digits'],
    ['000000', 'repeated'],
    ['777777', 'repeated'],
    ['123456', 'sequential'],
    ['654321', 'sequential'],
    ['789012', 'sequential'],
    ['210987', 'sequential'],
  ] as const)('refuses %s as %s', (password, reason) => {
    expect(weakPasswordReason(password)).toBe(reason);
  });

  it.each(['900307', '070390', '199003', '030790', '120307', '030799'])(
    'refuses %s for someone born on 1990-03-07',
    (password) => {
      expect(weakPasswordReason(password, BORN)).toBe('birthday');
      expect(weakPasswordReason(password)).toBeUndefined();
    },
  );
});
