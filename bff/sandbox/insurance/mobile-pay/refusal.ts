// How 62xx says no: a PlatformRefusal (code + Chinese message) that may carry answer data
// (6203's refStatus FAIL), and the translation of other areas' refusals into that form.
import type { MobilePayRefusalCode, RefundRefusedData } from '@ybm/shared/protocol';
import type { z } from 'zod';

import { PlatformRefusal } from '../channel/operation';
import { EcTokenRefusal } from '../domain/ec-token';
import { InsufficientBalance } from '../domain/ledger';
import { RegionRuleMissing } from '../domain/people';
import { SettlementRefusal } from '../domain/settle';

export class MobilePayRefusal extends PlatformRefusal {
  constructor(
    code: MobilePayRefusalCode,
    message: string,
    readonly data?: z.input<typeof RefundRefusedData>,
  ) {
    super(code, message);
    this.name = 'MobilePayRefusal';
  }
}

/** The refusal for an error from settle/ledger/people, or undefined for a genuine fault. */
export function asRefusal(error: unknown): PlatformRefusal | undefined {
  if (error instanceof PlatformRefusal) return error;
  if (error instanceof SettlementRefusal) return new PlatformRefusal(error.code, error.message);
  if (error instanceof EcTokenRefusal) return new PlatformRefusal('EC_TOKEN_INVALID', error.message);
  if (error instanceof InsufficientBalance) {
    return new PlatformRefusal('INSUFFICIENT_BALANCE', '个人账户余额不足');
  }
  if (error instanceof RegionRuleMissing) {
    return new PlatformRefusal('REGION_RULE_MISSING', '参保地待遇规则未配置，暂不能结算');
  }
  return undefined;
}
