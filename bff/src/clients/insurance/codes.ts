// The person's one-time code: issued for 60 s, then followed through the counter's scans
// (issued → scanned → verified → settled, or expired). issueCode is on the path of every
// code the phone shows: the answer is parsed once and returned as parsed, no copy.
import type { SettlementSplit } from '@ybm/shared';

import type { Exchange } from './exchange';

export interface IssuedCode {
  code: string;
  issuedAt: string;
  expiresAt: string;
}

export type CodeStage = 'issued' | 'scanned' | 'verified' | 'settled' | 'expired';

export interface CodeStatus {
  stage: CodeStage;
  issuedAt: string;
  expiresAt: string;
  institutionName?: string;
  scannedAt?: string;
  verifiedAt?: string;
  /** Once settled: the split, and whether the counter reversed it afterwards. */
  settlement?: SettlementSplit & { regionName: string; reversed: boolean };
}

/** A link that ended or never went live is no member of this guardian's, as far as the phone knows. */
const MEMBER_REFUSALS = {
  FAMILY_LINK_NOT_FOUND: 'FAMILY_MEMBER_NOT_FOUND',
  FAMILY_LINK_PENDING: 'FAMILY_CONSENT_PENDING',
} as const;

export function codeMethods(exchange: Exchange) {
  return {
    /** With `guardianPsnNo`: a family member's code on the guardian's phone (family activation). */
    issueCode(psnNo: string, guardianPsnNo?: string): Promise<IssuedCode> {
      return guardianPsnNo
        ? exchange.channel('code.issue', { psnNo, guardianPsnNo }, MEMBER_REFUSALS)
        : exchange.channel('code.issue', { psnNo });
    },

    async codeStatus(code: string): Promise<CodeStatus> {
      const { status, settlement, ...times } = await exchange.channel('code.status', { code });
      if (!settlement) return { stage: status, ...times };
      const { balanceAfterFen, ...split } = settlement;
      return {
        stage: status,
        ...times,
        settlement: { ...split, ...(balanceAfterFen === null ? {} : { balanceAfterFen }) },
      };
    },
  };
}
