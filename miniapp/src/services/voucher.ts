// Wording for the voucher summary the BFF sends (always masked).
import { INSURANCE_TYPE_NAMES } from '@ybm/shared';

/** 职工基本医疗保险 for '310'; a name the BFF already spelt out is shown as it is. */
export function insuranceTypeName(insuranceType: string): string {
  return (INSURANCE_TYPE_NAMES as Record<string, string | undefined>)[insuranceType] ?? insuranceType;
}
