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

function isRun(digits: string, step: 1 | -1): boolean {
  for (let i = 1; i < digits.length; i += 1) {
    if (Number(digits[i]) - Number(digits[i - 1]) !== step) return false;
  }
  return true;
}

/**
 * Why a password is weak, or undefined when it is fine. `birthDate` (YYYY-MM-DD), when
 * known, refuses the birthday written as YYMMDD, MMDDYY, DDMMYY or YYYYMM
 * (born 1990-03-07: 900307, 030790, 070390, 199003).
 */
export function weakPasswordReason(password: string, birthDate?: string): WeakPasswordReason | undefined {
  if (!/^\d{6}$/.test(password)) return 'not_six_digits';
  if (/^(\d)\1{5}$/.test(password)) return 'repeated';
  if (isRun(password, 1) || isRun(password, -1)) return 'sequential';
  const match = birthDate ? /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(birthDate) : null;
  if (match) {
    const [, century = '', yy = '', mm = '', dd = ''] = match;
    const forms = [yy + mm + dd, mm + dd + yy, dd + mm + yy, century + yy + mm];
    if (forms.includes(password)) return 'birthday';
  }
  return undefined;
}
