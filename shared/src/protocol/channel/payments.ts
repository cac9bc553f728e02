// payorder.*, payauth.*, cashier.* operations: what a pay page needs around 62xx — an order
// as the person sees it, a payAuthNo once the voucher password is verified (used once by
// 6202), and the cashier (standing for WeChat Pay / Alipay) confirming the cash part.
import '../../zod-setup';
import { z } from 'zod';

import { ORD_STAS_VALUES } from '../mobile-pay/ord-stas';
import { fen, listOf, orNull } from '../wire';

const orderOfPerson = z.object({ psnNo: z.string().min(1).max(32), payOrdId: z.string().min(1).max(40) });

export const PersonsOrder = z.object({
  payOrdId: z.string(),
  payToken: z.string(),
  psnNo: z.string(),
  ordStas: z.enum(ORD_STAS_VALUES),
  fixmedinsCode: z.string(),
  institutionName: orNull(z.string()),
  deptName: orNull(z.string()),
  doctorName: orNull(z.string()),
  items: listOf(z.object({ name: z.string(), qty: z.number(), priceFen: fen, amountFen: fen })),
  totalFen: fen,
  fundFen: fen,
  accountFen: fen,
  cashFen: fen,
  setlId: orNull(z.string()),
  createdAt: z.string(),
  /** When the insurance part was paid (6202). */
  paidAt: orNull(z.string()),
  cashPaidAt: orNull(z.string()),
});

export const PAYMENT_OPERATIONS = {
  'payorder.get': { input: orderOfPerson, answer: PersonsOrder },
  'payauth.issue': {
    // guardianPsnNo: a guardian pays a family member's order with the guardian's own password
    // (a live link, the guardian's voucher on the channel). accountOf 'guardian': 家庭共济, the
    // guardian's personal account pays the personal part (employees, for a spouse, parent or child).
    input: orderOfPerson.extend({
      passwordCipher: z.string().min(1).max(1024),
      guardianPsnNo: z.string().min(1).max(32).optional(),
      accountOf: z.enum(['member', 'guardian']).optional(),
    }),
    // Good for 5 minutes, for this order only, used once by 6202.
    answer: z.object({ payAuthNo: z.string(), payOrdId: z.string(), expiresAt: z.string() }),
  },
  'cashier.confirm': {
    // guardianPsnNo: the cash was paid through a guardian's own platform account, acting for a
    // family member (a live link, the guardian's voucher on the channel), as payauth.issue.
    input: orderOfPerson.extend({ guardianPsnNo: z.string().min(1).max(32).optional() }),
    answer: z.object({
      payOrdId: z.string(),
      ordStas: z.enum(ORD_STAS_VALUES),
      cashFen: fen,
      cashPaidAt: z.string(),
    }),
  },
} as const;
