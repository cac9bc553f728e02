// Paying an in-consultation bill: the platform checks the voucher password and authorises
// one payment of the bill, the order is placed with that authorisation (6202), its state can
// be asked at any time (6301), and the cashier confirms the cash part. Order states come
// back as the bill's status, amounts in fen.
import type { Bill, BillStatus } from '@ybm/shared';
import { ORD_STAS, type MobilePayAnswer, type OrdStas } from '@ybm/shared/protocol';

import type { Exchange } from './exchange';

/** A bill as the platform's order: its id and the token the order was created with. */
export interface OrderRef {
  billId: string;
  payToken: string;
}

/** The platform's leave to pay one bill once, for a few minutes. */
export interface PaymentAuthorisation {
  id: string;
  billId: string;
  expiresAt: string;
}

/** What a payment paid (the bill's result, less the time the BFF records it). */
export type PaymentSplit = Omit<NonNullable<Bill['result']>, 'paidAt'>;

export interface OrderOutcome {
  status: BillStatus;
  paid: PaymentSplit;
}

/**
 * The order's state as our bill status (PROTOCOL.md §3). Refunded in full is 'refunded';
 * the states that leave a part paid are 'partly_refunded' (one with nothing paid in cash may
 * be whole too: the refund events, which carry each refund's split, settle the bill's status).
 */
const STATUS_OF_ORDER: Record<OrdStas, BillStatus> = {
  [ORD_STAS.saved]: 'unpaid',
  [ORD_STAS.preSettled]: 'unpaid',
  [ORD_STAS.awaitingCash]: 'awaiting_cash',
  [ORD_STAS.selfPaid]: 'paid',
  [ORD_STAS.insurancePaid]: 'paid',
  [ORD_STAS.hospitalSettled]: 'paid',
  [ORD_STAS.settled]: 'paid',
  [ORD_STAS.refunded]: 'refunded',
  [ORD_STAS.hiRefunded]: 'partly_refunded',
  [ORD_STAS.cashRefunded]: 'partly_refunded',
  [ORD_STAS.cashPartRefunded]: 'partly_refunded',
  [ORD_STAS.hiAndCashPartRefunded]: 'partly_refunded',
  [ORD_STAS.revoked]: 'revoked',
  [ORD_STAS.hiRevoked]: 'revoked',
  // Failed and rolled back on the platform: never paid.
  [ORD_STAS.abnormal]: 'unpaid',
  [ORD_STAS.failed]: 'unpaid',
  [ORD_STAS.hiFailedCashReversalFailed]: 'unpaid',
};

function outcomeOf(order: MobilePayAnswer<'6202'> | MobilePayAnswer<'6301'>): OrderOutcome {
  const { setlId } = order;
  const balance = 'balc' in order ? order.balc : null;
  return {
    status: STATUS_OF_ORDER[order.ordStas],
    paid: {
      fundFen: order.fundPay,
      accountFen: order.psnAcctPay,
      cashFen: order.ownPayAmt,
      ...(setlId ? { setlId } : {}),
      ...(balance === null ? {} : { balanceAfterFen: balance }),
    },
  };
}

export function paymentMethods(exchange: Exchange) {
  return {
    /** Checks the voucher password (SM2 ciphertext); a wrong one says how many tries are left. */
    /**
     * With `guardian` (the guardian's person number): a guardian pays a family member's bill with the guardian's own password;
     * `accountOf: 'guardian'` is 家庭共济 (the guardian's personal account pays the account part).
     */
    async authorisePayment(
      psnNo: string,
      billId: string,
      passwordCipher: string,
      guardian?: { guardian: string; accountOf: 'member' | 'guardian' },
    ): Promise<PaymentAuthorisation> {
      const acting = guardian ? { guardianPsnNo: guardian.guardian, accountOf: guardian.accountOf } : {};
      const auth = await exchange.channel(
        'payauth.issue',
        { psnNo, payOrdId: billId, passwordCipher, ...acting },
        { FAMILY_LINK_NOT_FOUND: 'BILL_NOT_FOUND', FAMILY_LINK_PENDING: 'BILL_NOT_FOUND' },
      );
      return { id: auth.payAuthNo, billId: auth.payOrdId, expiresAt: auth.expiresAt };
    },

    /**
     * Pays the insurance part (and the account part from the personal account when
     * `useAccount`). `serial` is this payment's own id: the same serial again returns the
     * first outcome, never a second payment.
     */
    async placeOrder(
      order: OrderRef,
      payment: { authorisation: PaymentAuthorisation; serial: string; useAccount: boolean },
    ): Promise<OrderOutcome> {
      return outcomeOf(
        await exchange.mobilePay('6202', {
          payAuthNo: payment.authorisation.id,
          payOrdId: order.billId,
          payToken: order.payToken,
          orgBizSer: payment.serial,
          acctUsedFlag: payment.useAccount ? '1' : '0',
        }),
      );
    },

    /** Where the order stands now: what to record of a payment whose answer was lost. */
    async queryOrder(order: OrderRef): Promise<OrderOutcome> {
      return outcomeOf(
        await exchange.mobilePay('6301', { payOrdId: order.billId, payToken: order.payToken }),
      );
    },

    /**
     * The cashier (WeChat Pay / Alipay) took the cash part: the bill is paid. With `guardian`
     * (the guardian's person number), a guardian paid a family member's cash part.
     */
    async confirmCash(
      psnNo: string,
      billId: string,
      guardian?: string,
    ): Promise<{ status: BillStatus; cashFen: number; paidAt: string }> {
      const confirmed = await exchange.channel(
        'cashier.confirm',
        { psnNo, payOrdId: billId, ...(guardian ? { guardianPsnNo: guardian } : {}) },
        { FAMILY_LINK_NOT_FOUND: 'BILL_NOT_FOUND', FAMILY_LINK_PENDING: 'BILL_NOT_FOUND' },
      );
      return {
        status: STATUS_OF_ORDER[confirmed.ordStas],
        cashFen: confirmed.cashFen,
        paidAt: confirmed.cashPaidAt,
      };
    },
  };
}
