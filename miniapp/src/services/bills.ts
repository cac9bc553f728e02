// In-consultation bills (诊间支付) on the phone: where the pay page is, the words for a bill's
// state, the split to expect with or without the personal account, and the idempotency key
// of a payment attempt. No crypto here: the inbox imports this too.
import type { Bill, BillStatus } from '@ybm/shared';

/** The page the WeChat subscribe message and the Alipay template message open. */
export const PAY_PAGE = '/pages/pay/index';

export function payPageUrl(billId: string): string {
  return `${PAY_PAGE}?billId=${encodeURIComponent(billId)}`;
}

export const BILL_STATUS_LABELS: Record<BillStatus, string> = {
  unpaid: '待支付',
  paying: '支付处理中',
  awaiting_cash: '待支付现金部分',
  paid: '已支付',
  partly_refunded: '部分退款',
  refunded: '已退款',
  revoked: '已撤销',
};

export const ACCOUNT_TO_CASH_NOTE = '个人账户部分将改为现金支付';

export type Split = Bill['preSettled'];

/**
 * The split to expect: the platform pre-settled with the personal account; without it
 * (acctUsedFlag 0) the fund pays the same and the account's part is paid in cash.
 */
export function expectedSplit(preSettled: Split, useAccount: boolean): Split {
  if (useAccount) return preSettled;
  return {
    fundFen: preSettled.fundFen,
    accountFen: 0,
    cashFen: preSettled.cashFen + preSettled.accountFen,
  };
}

/** 32 symbols, so each random byte's low five bits pick one without bias. */
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A fresh idempotency key for one payment attempt (PayBillSchema: 16–64 of [A-Za-z0-9_-]).
 * Not a secret (the BFF checks the bill is the person's before looking the key up), but it
 * comes from the same secure source as SM2's randomness all the same: never Math.random.
 */
export function newRequestId(randomBytes: (length: number) => Uint8Array, now: number = Date.now()): string {
  const tail = Array.from(randomBytes(16), (byte) => ID_ALPHABET[byte & 31]).join('');
  return `pay-${now.toString(36)}-${tail}`;
}
