// The voucher password: exactly six digits, and not one a stranger would guess first.
// Checked on the phone before encryption (the BFF never sees it in clear) and again by
// the platform after decryption.

export type WeakPasswordReason = 'not_six_digits' | 'repeated' | 'sequential' | 'birthday';

export const WEAK_PASSWORD_MESSAGES: Record<WeakPasswordReason, string> = {
  not_six_digits: '密码须为6位数字',
  repeated: '密码不能是相同的数字，如000000',
  sequential: '密码不能是连续的数字，如123456',
  birthday: '密码不能包含您的出生日期',
};

/** Every step +1 or every step −1, wrapping past 9 (123456, 789012, 654321, 210987). */
function isRun(digits: number[]): boolean {
  const steps = digits.slice(1).map((digit, i) => (digit - (digits[i] ?? 0) + 10) % 10);
  return steps.every((step) => step === 1) || steps.every((step) => step === 9);
}

/**
 * Why a password is weak, or undefined when it is fine. The phone and the platform apply
 * the same rules. `birthDate` (YYYY-MM-DD), when known, refuses the birthday as YYMMDD,
 * DDMMYY or YYYYMM and any password containing its MMDD (born 1990-03-07: 900307, 070390,
 * 199003, 030790, 120307).
 */
export function weakPasswordReason(password: string, birthDate?: string): WeakPasswordReason | undefined {
  if (!/^\d{6}$/.test(password)) return 'not_six_digits';
  const digits = Array.from(password, Number);
  if (digits.every((digit) => digit === digits[0])) return 'repeated';
  if (isRun(digits)) return 'sequential';
  const match = birthDate ? /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(birthDate) : null;
  if (match) {
    const [, century = '', yy = '', mm = '', dd = ''] = match;
    const whole = [yy + mm + dd, dd + mm + yy, century + yy + mm];
    if (whole.includes(password) || password.includes(mm + dd)) return 'birthday';
  }
  return undefined;
}
