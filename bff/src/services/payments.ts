// Paying an in-consultation bill with medical insurance, exactly once: the password is
// verified by the platform (payauth.issue → payAuthNo), then 6202 places the order with an
// orgBizSer recorded before it is sent. A bill moves out of 'unpaid' by one conditional
// update, a retried request returns its first outcome once that outcome is final, and a
// payment whose outcome is unknown (timeout, crash) is settled by asking 6301, never by guessing.
import { createHash } from 'node:crypto';

import { yuanToFen, type Bill, type BillStatus, type ErrorCode, type PayBill } from '@ybm/shared';
import type { Logger } from 'pino';

import { InsuranceRefusal, type MobilePayApi } from '../clients/insurance';
import type { InsuranceChannels } from '../deps';
import { AppError, UpstreamError } from '../errors';
import type { AuditAction, AuditLog } from '../store/audit';
import type { BillRecord, BillStore } from '../store/bills';
import type { Binding, BindingStore } from '../store/bindings';
import type { SessionRecord } from '../store/sessions';
import { translateRefusal } from './insurance-refusals';

const PAY_ORDER_PATH = '/org/local/api/hos/pay_order';
const QUERY_ORDER_PATH = '/org/local/api/hos/query_order_info';

/** 6202/6301 answers: amounts in yuan strings (PROTOCOL.md §3). */
interface OrderAnswer {
  ordStas: string;
  fundPay?: string;
  psnAcctPay?: string;
  ownPayAmt?: string;
  setlId?: string;
  balc?: string;
  hiChrgTime?: string;
  traceTime?: string;
}

/**
 * ordStas → our bill status (PROTOCOL.md §3). 7 is refunded in full; 8–11 leave a part paid
 * (8 with nothing paid in cash is in full too: the refund.completed events, which carry each
 * refund's split, set the bill's refunds and final status).
 */
function statusOfOrder(ordStas: string): BillStatus {
  if (ordStas === '2') return 'awaiting_cash';
  if (['3', '4', '5', '6'].includes(ordStas)) return 'paid';
  if (ordStas === '7') return 'refunded';
  if (['8', '9', '10', '11'].includes(ordStas)) return 'partly_refunded';
  if (['12', '13'].includes(ordStas)) return 'revoked';
  // 0/1: never paid; 14–16: failed and rolled back on the platform.
  return 'unpaid';
}

const fen = (yuan: string | undefined) => (yuan ? yuanToFen(yuan) : 0);

/**
 * Refusals that answer a pay request for good: stored under its request id, so the same id
 * gets them back. A wrong password is one: the phone makes a new id for every password entry
 * (use-bill-payment.ts) and sends an id again only when the answer was lost on the way, with
 * the same cipher, so checking it again would spend a second of the day's tries on one entry.
 * A cipher the platform cannot read stays unreadable, and a paid or revoked bill stays so.
 * Every other refusal (the password locked, the platform busy or failing, a timeout, a
 * payment that ended unpaid, the balance short) tells of the moment, not of this request or
 * the bill: the same id is tried again, and the bill's one conditional move still pays it once.
 */
const FINAL_REFUSALS = new Set<ErrorCode>([
  'PASSWORD_WRONG',
  'PASSWORD_WEAK',
  'VALIDATION_ERROR',
  'BILL_ALREADY_PAID',
  'BILL_REVOKED',
]);

function resultOf(answer: OrderAnswer, now: number): NonNullable<Bill['result']> {
  return {
    fundFen: fen(answer.fundPay),
    accountFen: fen(answer.psnAcctPay),
    cashFen: fen(answer.ownPayAmt),
    ...(answer.setlId ? { setlId: answer.setlId } : {}),
    ...(answer.balc !== undefined ? { balanceAfterFen: fen(answer.balc) } : {}),
    paidAt: new Date(now).toISOString(),
  };
}

export function viewOf(bill: BillRecord): Bill {
  return {
    billId: bill.billId,
    status: bill.status,
    ...bill.details,
    createdAt: bill.createdAt,
    ...(bill.result ? { result: bill.result } : {}),
    refunds: bill.refunds,
  };
}

export interface PaymentServiceDeps {
  bills: BillStore;
  bindings: BindingStore;
  insurance: InsuranceChannels;
  mobilePay: { wechat: MobilePayApi; alipay?: MobilePayApi };
  audit: AuditLog;
  logger: Logger;
  now: () => number;
}

/**
 * Who may see and pay a bill: the insured person. This is the seam for 亲情账户: a
 * guardian linked to the person (family links on the platform) will be allowed here too,
 * paying from the member's personal account.
 */
function mayActFor(binding: Binding, psnNo: string): boolean {
  return binding.psnNo === psnNo;
}

export function createPaymentService(deps: PaymentServiceDeps) {
  function ownBill(session: SessionRecord, billId: string): { bill: BillRecord; binding: Binding } {
    const binding = deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    const bill = deps.bills.get(billId);
    // Someone else's bill is as unknown as a bill that does not exist.
    if (!bill || !mayActFor(binding, bill.psnNo)) throw new AppError('BILL_NOT_FOUND');
    return { bill, binding };
  }

  const channelOf = (binding: Binding) => {
    const insurance = deps.insurance[binding.channel];
    const mobilePay = deps.mobilePay[binding.channel];
    if (!insurance || !mobilePay) throw new AppError('UPSTREAM_UNAVAILABLE');
    return { insurance, mobilePay };
  };

  /** The answer for a bill that is already past 'unpaid'. */
  function answerSettled(bill: BillRecord): Bill {
    if (bill.status === 'paid' || bill.status === 'awaiting_cash') return viewOf(bill);
    if (bill.status === 'paying') throw new AppError('BILL_PAYMENT_IN_PROGRESS');
    if (bill.status === 'revoked') throw new AppError('BILL_REVOKED');
    throw new AppError('BILL_ALREADY_PAID');
  }

  /** Asks 6301 what became of a bill left 'paying', and records it. */
  async function reconcile(billId: string): Promise<BillRecord | undefined> {
    const bill = deps.bills.get(billId);
    if (!bill || bill.status !== 'paying') return bill;
    const binding = deps.bindings.ofPerson(bill.psnNo)[0];
    const mobilePay = binding ? deps.mobilePay[binding.channel] : deps.mobilePay.wechat;
    const answer = (await (mobilePay ?? deps.mobilePay.wechat).request(QUERY_ORDER_PATH, {
      payOrdId: bill.billId,
      payToken: bill.payToken,
    })) as unknown as OrderAnswer;
    const status = statusOfOrder(answer.ordStas);
    deps.bills.move(
      bill.billId,
      'paying',
      status,
      status === 'unpaid' ? undefined : resultOf(answer, deps.now()),
    );
    deps.logger.info({ billId, ordStas: answer.ordStas, status }, 'payment reconciled through 6301');
    return deps.bills.get(billId);
  }

  /** A payment attempt's audit row: who, which bill, how it ended and, when paid, the split. */
  function audited(action: AuditAction, session: SessionRecord, billId: string, work: () => Promise<Bill>) {
    const binding = deps.bindings.find(session.channel, session.platformUserId);
    const actor = { channel: session.channel, platformUserId: session.platformUserId, psnNo: binding?.psnNo };
    return deps.audit.around({ action, ...actor, detail: { billId } }, work, (bill) => ({
      status: bill.status,
      ...(bill.result
        ? { fundFen: bill.result.fundFen, accountFen: bill.result.accountFen, cashFen: bill.result.cashFen }
        : {}),
    }));
  }

  const service = {
    get(session: SessionRecord, billId: string): Bill {
      return viewOf(ownBill(session, billId).bill);
    },

    async pay(session: SessionRecord, billId: string, request: PayBill): Promise<Bill> {
      const { bill, binding } = ownBill(session, billId);
      const first = deps.bills.request.claim(request.requestId, billId);
      if (first.billId !== billId)
        throw new AppError('VALIDATION_ERROR', { details: { requestId: 'used for another bill' } });
      if (first.outcome) {
        const outcome = first.outcome as { bill?: Bill; error?: { code: ErrorCode; details?: unknown } };
        // Only a final refusal is stored now; one stored before that rule is tried again.
        if (outcome.error && FINAL_REFUSALS.has(outcome.error.code))
          throw new AppError(outcome.error.code, { details: outcome.error.details });
        if (outcome.bill) return viewOf(deps.bills.get(billId) ?? bill);
      }
      if (bill.status !== 'unpaid') return answerSettled(bill);

      const orgBizSer = `YBM${createHash('sha256').update(request.requestId).digest('hex').slice(0, 29).toUpperCase()}`;
      if (!deps.bills.startPaying(billId, request.requestId, orgBizSer)) {
        return answerSettled(deps.bills.get(billId) ?? bill);
      }
      const { insurance, mobilePay } = channelOf(binding);
      // Nothing was paid: the bill goes back to 'unpaid'. Only a final refusal is this
      // request's answer for good (FINAL_REFUSALS); after any other the same id is tried again.
      const fail = (error: AppError) => {
        deps.bills.move(billId, 'paying', 'unpaid');
        if (!(error instanceof UpstreamError) && FINAL_REFUSALS.has(error.code)) {
          deps.bills.request.store(request.requestId, {
            error: { code: error.code, details: error.details },
          });
        }
        return error;
      };

      let payAuthNo: string;
      try {
        const auth = (await insurance.call('payauth.issue', {
          psnNo: binding.psnNo,
          payOrdId: billId,
          passwordCipher: request.passwordCipher,
        })) as { payAuthNo: string };
        payAuthNo = auth.payAuthNo;
      } catch (error) {
        // A wrong password says how many tries are left (translateRefusal).
        if (error instanceof InsuranceRefusal) throw fail(translateRefusal(error));
        if (error instanceof UpstreamError) throw fail(error);
        throw error;
      }

      let answer: OrderAnswer;
      try {
        answer = (await mobilePay.request(PAY_ORDER_PATH, {
          payAuthNo,
          payOrdId: billId,
          payToken: bill.payToken,
          orgBizSer,
          acctUsedFlag: request.useAccount ? '1' : '0',
        })) as unknown as OrderAnswer;
      } catch (error) {
        if (error instanceof InsuranceRefusal) throw fail(translateRefusal(error));
        // Sent, but no answer: the money may have moved. Ask 6301 now; the reconciler retries.
        deps.logger.warn({ billId, orgBizSer }, '6202 outcome unknown; reconciling through 6301');
        const settled = await reconcile(billId).catch(() => undefined);
        if (settled && settled.status !== 'paying') {
          if (settled.status === 'unpaid') throw fail(new AppError('PAYMENT_FAILED'));
          deps.bills.request.store(request.requestId, { bill: true });
          return viewOf(settled);
        }
        throw new AppError('BILL_PAYMENT_IN_PROGRESS', { cause: error });
      }
      const status = statusOfOrder(answer.ordStas);
      deps.bills.move(billId, 'paying', status, resultOf(answer, deps.now()));
      deps.bills.request.store(request.requestId, { bill: true });
      return viewOf(deps.bills.get(billId) ?? bill);
    },

    reconcile,

    /** Settles every bill left 'paying' for longer than `olderThanMs` (after a crash). */
    async reconcileStuck(olderThanMs: number): Promise<number> {
      let settled = 0;
      for (const billId of deps.bills.stuckPaying(deps.now() - olderThanMs)) {
        try {
          const bill = await reconcile(billId);
          if (bill && bill.status !== 'paying') settled += 1;
        } catch (error) {
          deps.logger.warn({ billId, err: error }, 'reconciliation failed; will retry');
        }
      }
      return settled;
    },
  };

  return {
    ...service,
    pay: (session: SessionRecord, billId: string, request: PayBill) =>
      audited('payment.pay', session, billId, () => service.pay(session, billId, request)),
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
