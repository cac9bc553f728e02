// code.* operations: a one-time code for a person (valid 60 s), and where it stands —
// issued → scanned → verified → settled, or expired — with the settlement's amounts.
import '../../zod-setup';
import { z } from 'zod';

import { fen, maybeEmpty, orNull } from '../wire';

export const CODE_STATUSES = ['issued', 'scanned', 'verified', 'settled', 'expired'] as const;

const PsnNo = z.string().min(1).max(30);

export const CodeSettlement = z.object({
  setlId: z.string(),
  totalFen: fen,
  fundFen: fen,
  accountFen: fen,
  cashFen: fen,
  balanceAfterFen: orNull(fen),
  settledAt: z.string(),
  institutionName: z.string(),
  regionName: maybeEmpty,
  /** The counter reversed the settlement afterwards (2103/2208/2601). */
  reversed: z.boolean(),
});

export const CODE_OPERATIONS = {
  'code.issue': {
    // guardianPsnNo: a family member's code shown on a guardian's phone (family activation:
    // the link must be live and the guardian's voucher active on this channel).
    input: z.object({ psnNo: PsnNo, guardianPsnNo: PsnNo.optional() }),
    answer: z.object({ code: z.string(), issuedAt: z.string(), expiresAt: z.string() }),
  },
  'code.status': {
    input: z.object({ code: z.string().min(1).max(64) }),
    answer: z.object({
      status: z.enum(CODE_STATUSES),
      issuedAt: z.string(),
      expiresAt: z.string(),
      institutionName: z.string().optional(),
      scannedAt: z.string().optional(),
      verifiedAt: z.string().optional(),
      settlement: CodeSettlement.optional(),
    }),
  },
} as const;
