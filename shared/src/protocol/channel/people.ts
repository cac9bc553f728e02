// person.*, account.* and settlement.* operations: a person looked up by document, their
// account (balance, this year's use of the rules, the ledger) and their settlements, in
// readable camelCase with amounts in fen.
import '../../zod-setup';
import { z } from 'zod';

import { DOCUMENT_TYPES } from '../../id-document';
import { FundZeroReasonSchema } from '../../schemas/fund-reasons';
import { fen, int, listOf, orNull } from '../wire';
import { CareTreatment } from './directory';
import { documentInput, gender, insuranceSummary, insutype, limit, psnNo } from './schemas';

export const LEDGER_KINDS = ['contribution', 'payment', 'reversal', 'refund', 'adjustment'] as const;
export const SETTLEMENT_KINDS = ['pharmacy', 'outpatient', 'mobile'] as const;

export const PersonSummary = z.object({
  psnNo: z.string(),
  name: z.string(),
  gender,
  birthDate: z.string(),
  age: int,
  nationality: z.string(),
  docType: z.enum(DOCUMENT_TYPES),
  maskedDocNumber: z.string(),
  regionCode: z.string(),
  regionName: orNull(z.string()),
  hasPhone: z.boolean(),
  /** Whole, for the claim flow's SMS to the reserved phone; never shown as is. */
  phone: orNull(z.string()),
  maskedPhone: orNull(z.string()),
  insurance: orNull(insuranceSummary),
  hasAccount: z.boolean(),
});

/**
 * A settlement with its split, where it happened, what an online (62xx) one had refunded, and
 * why the fund paid nothing when it did not.
 */
export const SettlementView = z.object({
  setlId: z.string(),
  mdtrtId: z.string(),
  psnNo: z.string(),
  kind: z.enum(SETTLEMENT_KINDS),
  status: z.enum(['settled', 'reversed']),
  insutype,
  /** mdtrt_cert_type: 01 e-voucher, 02 ID document, 03 social security card. */
  certType: z.string(),
  code: orNull(z.string()),
  totalFen: fen,
  fundFen: fen,
  accountFen: fen,
  cashFen: fen,
  fulamtOwnpayFen: fen,
  overlmtFen: fen,
  preselfpayFen: fen,
  inscpFen: fen,
  deductibleFen: fen,
  /** pool_prop_selfpay: the in-policy amount above the 起付线 that the fund's ratio leaves to the person. */
  poolPropSelfpayFen: fen,
  balanceAfterFen: orNull(fen),
  settledAt: z.string(),
  reversedAt: orNull(z.string()),
  /** 家庭共济: the guardian whose personal account paid the account part; null: the person's own. */
  accountPsnNo: orNull(z.string()),
  /** A guardian who paid the cash part for the person (cashier.confirm); null: the person, or no cash. */
  cashPayerPsnNo: orNull(z.string()),
  /** Why the fund paid nothing (丙类, 起付线, the region's pooling rules, 封顶线); none when it paid. */
  fundZeroReason: FundZeroReasonSchema,
  refunds: listOf(z.object({ at: z.string(), fundFen: fen, accountFen: fen, cashFen: fen })),
  /** 异地就医: filed or not, and the points the region's rules moved the ratio by. */
  treatment: orNull(CareTreatment),
  /** settlement.get only: the lines, each with the person's self-paid part. */
  items: listOf(
    z.object({
      code: z.string(),
      name: z.string(),
      class: z.enum(['01', '02', '03']),
      qty: z.number(),
      priceFen: fen,
      amountFen: fen,
      selfpayFen: fen,
    }),
  ),
  institution: z.object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(['hospital', 'pharmacy', 'clinic']),
    regionCode: z.string(),
    regionName: z.string(),
  }),
});

const setlId = z.string().min(1).max(40);

export const PEOPLE_OPERATIONS = {
  'person.lookup': { input: z.object(documentInput), answer: PersonSummary },
  'account.summary': {
    input: z.object({ psnNo }),
    answer: z.object({
      psnNo: z.string(),
      name: z.string(),
      regionCode: z.string(),
      regionName: orNull(z.string()),
      insurance: orNull(insuranceSummary),
      hasAccount: z.boolean(),
      balanceFen: orNull(fen),
      // This year's use of the regional rule; null when not insured or no rule applies.
      thisYear: orNull(
        z.object({
          year: int,
          deductibleFen: fen,
          deductiblePaidFen: fen,
          capFen: fen,
          fundPaidFen: fen,
          pharmacyPooling: z.boolean(),
          outpatientPooling: z.boolean(),
        }),
      ),
      /** The account's monthly credits, newest first (at most twelve). */
      monthlyCredits: listOf(z.object({ month: z.string(), amountFen: fen })),
      /** This calendar year's settlements (reversed ones left out) and their split. */
      yearSpending: orNull(
        z.object({ year: int, totalFen: fen, fundFen: fen, accountFen: fen, cashFen: fen }),
      ),
    }),
  },
  'account.ledger': {
    input: z.object({ psnNo, beforeId: z.number().int().positive().optional(), limit }),
    answer: z.object({
      balanceFen: fen,
      count: int,
      entries: listOf(
        z.object({
          id: int,
          kind: z.enum(LEDGER_KINDS),
          amountFen: fen,
          refType: orNull(z.string()),
          refId: orNull(z.string()),
          memo: orNull(z.string()),
          createdAt: z.string(),
        }),
      ),
      nextBeforeId: orNull(int),
    }),
  },
  'settlement.list': {
    input: z.object({
      psnNo,
      before: z.string().min(1).max(40).optional(),
      limit,
      /** Only settlements of this calendar month in Asia/Shanghai (YYYY-MM). */
      month: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
        .optional(),
    }),
    answer: z.object({ count: int, settlements: listOf(SettlementView), nextBefore: orNull(z.string()) }),
  },
  'settlement.get': {
    input: z.object({ setlId, psnNo: psnNo.optional() }),
    answer: SettlementView,
  },
} as const;
