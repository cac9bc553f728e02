// The masked voucher summary the phone shows, from a binding.
import { INSURANCE_TYPE_NAMES, type VoucherSummary } from '@ybm/shared';

import type { Binding } from '../store/records';

export function voucherSummaryOf(binding: Binding): VoucherSummary {
  return {
    maskedName: binding.maskedName,
    maskedIdNumber: binding.maskedIdNumber,
    insuranceType: INSURANCE_TYPE_NAMES[binding.insutype],
    regionName: binding.regionName,
    activatedAt: new Date(binding.activatedAt).toISOString(),
  };
}
