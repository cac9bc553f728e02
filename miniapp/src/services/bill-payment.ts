// Paying a bill with medical insurance: the password is SM2-encrypted on the phone with the
// platform's key and sent with the attempt's idempotency key; a request lost on the network (or
// refused for a moment by a BFF whose platform is down) is sent again with the same key by the
// client's retry policy (api.ts), so the BFF answers it with the first outcome instead of paying
// twice. Imported only by the pay page, so sm-crypto-v2 stays in its sub-package.
import type { Bill } from '@ybm/shared';

import { call, type ApiError } from './api';
import { encryptPassword } from './crypto';

/** payauth + 6202 can take a while on the platform side. */
export const PAY_TIMEOUT_MS = 20_000;

export interface PayAttempt {
  useAccount: boolean;
  /** The six digits, straight from the keypad; only their ciphertext leaves this function. */
  password: string;
  /** One per attempt (newRequestId); the client's retries reuse it. */
  requestId: string;
  /** A family member's bill: whose personal account pays (家庭共济: 'guardian'). */
  accountOf?: 'member' | 'guardian';
}

export async function payBill(billId: string, attempt: PayAttempt): Promise<Bill> {
  const { publicKeyHex } = await call('passwordKey');
  const passwordCipher = await encryptPassword(attempt.password, publicKeyHex);
  return call('payBill', {
    params: { billId },
    body: {
      useAccount: attempt.useAccount,
      passwordCipher,
      requestId: attempt.requestId,
      ...(attempt.accountOf ? { accountOf: attempt.accountOf } : {}),
    },
    timeoutMs: PAY_TIMEOUT_MS,
  });
}

/** "密码错误，还可尝试N次" when the BFF says how many tries remain. */
export function passwordWrongMessage(error: ApiError): string {
  const remaining = (error.details as { remaining?: unknown } | undefined)?.remaining;
  return typeof remaining === 'number' ? `密码错误，还可尝试${remaining}次` : error.message;
}
