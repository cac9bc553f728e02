// Masking for display and logs: enough to recognise one's own data, not enough to
// read someone else's from a screenshot or a log line.

/** 230102199003071234 → 230***********1234 (first 3, last 4 kept; other documents likewise). */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/**
 * 刘畅 → 刘*, 张三丰 → 张*丰 (first character kept, and the last for three or more);
 * `keep: 'last'` gives *畅, the form used where the surname is hidden.
 */
export function maskName(name: string, keep: 'first' | 'last' = 'first'): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (keep === 'last') return `${'*'.repeat(chars.length - 1)}${chars[chars.length - 1]}`;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
