// Why the pooled fund (医保统筹) paid nothing of a settlement or a pre-settled bill, as a code:
// the platform decides it with its rules and says it in its settlement and bill events, the
// BFF passes it on, and the phone words it in Chinese. Codes, not prose, cross the wire.
import '../zod-setup';
import { z } from 'zod';

export const FUND_ZERO_REASONS = [
  'class_c', // every item is 丙类: fully self-paid
  'self_pay_items', // nothing in policy: 丙类, over the price limit, or 乙类's first self-pay share
  'deductible', // the year's 起付线 is not reached yet: the in-policy amount counts toward it
  'pharmacy_not_pooled', // the region's rules: pooling does not pay at pharmacies
  'outpatient_not_pooled', // the region's rules: pooling does not pay for outpatient visits
  'cap_reached', // the year's 封顶线 is reached
] as const;

export type FundZeroReason = (typeof FUND_ZERO_REASONS)[number];

/**
 * An optional reason, read forgivingly: a code this side does not know yet (a newer platform)
 * is dropped rather than making the whole settlement unreadable.
 */
export const FundZeroReasonSchema = z.enum(FUND_ZERO_REASONS).optional().catch(undefined);
