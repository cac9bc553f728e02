// What each 62xx transaction answers (camelCase as the platform sends it), amounts as yuan
// strings on the wire and integer fen once parsed. A refused 6203 carries data too:
// refStatus FAIL with the order and the refund serial.
import '../../zod-setup';
import { z } from 'zod';

import { listOf, orNull } from '../wire';
import { yuan } from './fields';
import { ORD_STAS_VALUES } from './ord-stas';

const ordStas = z.enum(ORD_STAS_VALUES);
const refdType = z.enum(['ALL', 'CASH', 'HI']);
/** SUCC done, FAIL refused (nothing changed), EXP abnormal (query again). */
const refStatus = z.enum(['SUCC', 'FAIL', 'EXP']);

/** An order's split: total = fund + personal account + own payment (cash). */
const split = { feeSumamt: yuan, fundPay: yuan, psnAcctPay: yuan, ownPayAmt: yuan };

const refundAmounts = { totlRefdAmt: yuan, cashRefdAmt: yuan, psnAcctRefdAmt: yuan, fundRefdAmt: yuan };

/** 6201: the order, pre-settled (ordStas 1) with the split the rules give today. */
export const UploadFeesAnswer = z.object({
  payOrdId: z.string(),
  payToken: z.string(),
  ordStas,
  medOrgOrd: z.string(),
  ...split,
});

/** 6202: the insurance part paid; ordStas 2 while a cash part waits, else 6. */
export const PayOrderAnswer = z.object({
  payOrdId: z.string(),
  orgBizSer: z.string(),
  ordStas,
  ...split,
  setlId: z.string(),
  /** The personal account's balance after payment; null without an account. */
  balc: orNull(yuan),
  /** yyyy-MM-dd HH:mm:ss, Beijing time. */
  hiChrgTime: z.string(),
});

/** 6203: SUCC with the state after the refund. */
export const RefundOrderAnswer = z.object({
  payOrdId: z.string(),
  appRefdSn: z.string(),
  refStatus,
  ordStas,
  refdType,
  ...refundAmounts,
  refdTime: z.string(),
});

/** 6203 refused (REFUND_AMOUNT_MISMATCH, ORDER_NOT_REFUNDABLE): the answer's data. */
export const RefundRefusedData = z.object({ payOrdId: z.string(), appRefdSn: z.string(), refStatus });

/** 6301: where the order stands, what was settled of it and every refund. */
export const QueryOrderAnswer = z.object({
  payOrdId: z.string(),
  medOrgOrd: orNull(z.string()),
  ordStas,
  ...split,
  /** What was settled: insurance and cash (ALL), insurance only (HI), cash only (CASH); absent before 6202. */
  setlType: z.enum(['ALL', 'HI', 'CASH']).optional(),
  setlId: orNull(z.string()),
  /** When the order last changed, yyyy-MM-dd HH:mm:ss. */
  traceTime: z.string(),
  revsToken: orNull(z.string()),
  cashRefdSumamt: yuan,
  refunds: listOf(
    z.object({ appRefdSn: z.string(), refdType, ...refundAmounts, refStatus, refdTime: z.string() }),
  ),
});

/** 6401: the order withdrawn (ordStas 12). */
export const RevokeOrderAnswer = z.object({ payOrdId: z.string(), ordStas, revokeTime: z.string() });
