// A 两定 transaction refused with a Chinese err_msg (infcode -1), and the other modules'
// refusals read as one: every refusal a transaction can meet has a message for the counter.
import { PlatformRefusal } from '../channel/operation';
import { CodeRefusal } from '../domain/codes';
import { EcTokenRefusal } from '../domain/ec-token';
import { InsufficientBalance } from '../domain/ledger';
import { RegionRuleMissing } from '../domain/people';
import { SettlementRefusal } from '../domain/settle';

export class FsiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FsiError';
  }
}

/** The err_msg for a known refusal; undefined for anything else (a bug, logged). */
export function refusalMessage(error: unknown): string | undefined {
  if (
    error instanceof FsiError ||
    error instanceof SettlementRefusal ||
    error instanceof EcTokenRefusal ||
    error instanceof CodeRefusal ||
    error instanceof PlatformRefusal
  ) {
    return error.message;
  }
  if (error instanceof InsufficientBalance) return '个人账户余额不足';
  if (error instanceof RegionRuleMissing) return '参保地未配置该险种的待遇政策';
  return undefined;
}
