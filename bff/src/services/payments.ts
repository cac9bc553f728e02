// Paying an in-consultation bill with medical insurance, exactly once: the platform checks
// the password and authorises the payment, then the order is placed under a serial recorded
// before it is sent. A bill moves out of 'unpaid' by one conditional update, a retried
// request returns its first outcome once that outcome is final, and a payment whose outcome
// is unknown (timeout, crash) is settled by asking the platform where the order stands
// (6301), never by guessing.
import { createHash } from 'node:crypto';

import { type Bill, type ErrorCode, type PayBill } from '@ybm/shared';
import type { Logger } from 'pino';

import { insuranceFor, type InsuranceChannels, type OrderOutcome } from '../clients/insurance';
import { AppError, DependencyDown, UpstreamError } from '../errors';
import type { AuditAction, AuditDetail, BillRecord, SessionRecord } from '../store/records';
import type { AuditLog, BillStore, BindingStore, CashOrderStore, FamilyStore } from '../store/ports';
import { createBillViews, mutualAid, viewOf, type ReachedBill, type StoredResult } from './bill-views';

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

/** The bill's result: what the platform says was paid, at the time the BFF learnt it. */
function resultOf(outcome: OrderOutcome, now: number): NonNullable<Bill['result']> {
  return { ...outcome.paid, paidAt: new Date(now).toISOString() };
}

/**
 * The platform answered and refused (nothing was paid): an AppError that is not an
 * UpstreamError. An UpstreamError (timeout, unreachable, an answer that cannot be read)
 * leaves the outcome unknown.
 */
const isRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && !(error instanceof UpstreamError);

export { viewOf };

export interface PaymentServiceDeps {
  bills: BillStore;
  bindings: BindingStore;
  /** 亲情账户: a guardian sees and pays a live member's bills. */
  family?: Pick<FamilyStore, 'liveLink'>;
  /** Whose platform paid a bill's cash part (what the bill's view says). */
  cash?: Pick<CashOrderStore, 'liveOf'>;
  insurance: InsuranceChannels;
  audit: AuditLog;
  logger: Logger;
  now: () => number;
}

export function createPaymentService(deps: PaymentServiceDeps) {
  const views = createBillViews(deps);

  /** The answer for a bill that is already past 'unpaid'. */
  async function answerSettled(reached: ReachedBill): Promise<Bill> {
    const { bill } = reached;
    if (bill.status === 'paid' || bill.status === 'awaiting_cash') return views.view(reached);
    if (bill.status === 'paying') throw new AppError('BILL_PAYMENT_IN_PROGRESS');
    if (bill.status === 'revoked') throw new AppError('BILL_REVOKED');
    throw new AppError('BILL_ALREADY_PAID');
  }

  /** Asks the platform what became of a bill left 'paying', and records it. */
  async function reconcile(
    billId: string,
    paidFor?: Pick<StoredResult, 'accountOf' | 'accountHolder'>,
  ): Promise<BillRecord | undefined> {
    const bill = await deps.bills.get(billId);
    if (!bill || bill.status !== 'paying') return bill;
    const [binding] = await deps.bindings.ofPerson(bill.psnNo);
    const insurance = (binding && deps.insurance[binding.channel]) || deps.insurance.wechat;
    const outcome = await insurance.queryOrder(bill);
    const { status } = outcome;
    await deps.bills.move(
      bill.billId,
      'paying',
      status,
      status === 'unpaid' ? undefined : { ...resultOf(outcome, deps.now()), ...paidFor },
    );
    deps.logger.info({ billId, status }, 'payment reconciled by asking the platform');
    return deps.bills.get(billId);
  }

  /** A payment attempt's audit row: who, which bill, how it ended and, when paid, the split. */
  async function audited(
    action: AuditAction,
    session: SessionRecord,
    billId: string,
    work: () => Promise<Bill>,
  ) {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    const actor = { channel: session.channel, platformUserId: session.platformUserId, psnNo: binding?.psnNo };
    // A guardian acting for a member: whose bill it is, beside who acted.
    const bill = binding ? await deps.bills.get(billId) : undefined;
    const detail: AuditDetail = { billId };
    if (
      bill &&
      binding &&
      bill.psnNo !== binding.psnNo &&
      (await deps.family?.liveLink(binding.psnNo, bill.psnNo))
    )
      detail.actingFor = bill.psnNo;
    return deps.audit.around({ action, ...actor, detail }, work, (bill) => ({
      status: bill.status,
      ...(bill.result
        ? { fundFen: bill.result.fundFen, accountFen: bill.result.accountFen, cashFen: bill.result.cashFen }
        : {}),
    }));
  }

  const service = {
    async get(session: SessionRecord, billId: string): Promise<Bill> {
      return views.view(await views.reach(session, billId));
    },

    async pay(session: SessionRecord, billId: string, request: PayBill): Promise<Bill> {
      const { bill, binding, member } = await views.reach(session, billId);
      const accountOf = request.accountOf ?? 'member';
      if (accountOf === 'guardian' && !(member && mutualAid(binding, member))) {
        throw new AppError('FAMILY_MUTUAL_AID_NOT_ALLOWED');
      }
      const view = (record: BillRecord) => views.view({ bill: record, binding, member });
      // A member's bill keeps whose account paid; with 家庭共济, which guardian's.
      const paidFor: Pick<StoredResult, 'accountOf' | 'accountHolder'> = member
        ? { accountOf, ...(accountOf === 'guardian' ? { accountHolder: binding.psnNo } : {}) }
        : {};
      const first = await deps.bills.request.claim(request.requestId, billId);
      if (first.billId !== billId)
        throw new AppError('VALIDATION_ERROR', { details: { requestId: 'used for another bill' } });
      if (first.outcome) {
        const outcome = first.outcome as { bill?: Bill; error?: { code: ErrorCode; details?: unknown } };
        // Only a final refusal is stored now; one stored before that rule is tried again.
        if (outcome.error && FINAL_REFUSALS.has(outcome.error.code))
          throw new AppError(outcome.error.code, { details: outcome.error.details });
        if (outcome.bill) return view((await deps.bills.get(billId)) ?? bill);
      }
      if (bill.status !== 'unpaid') return answerSettled({ bill, binding, member });

      // The payment's serial, from the request id: recorded before the order is placed.
      const serial = `YBM${createHash('sha256').update(request.requestId).digest('hex').slice(0, 29).toUpperCase()}`;
      if (!(await deps.bills.startPaying(billId, request.requestId, serial))) {
        return answerSettled({ bill: (await deps.bills.get(billId)) ?? bill, binding, member });
      }
      const insurance = insuranceFor(deps.insurance, binding.channel);
      // Nothing was paid: the bill goes back to 'unpaid'. Only a final refusal is this
      // request's answer for good (FINAL_REFUSALS); after any other the same id is tried again.
      const fail = async (error: AppError) => {
        await deps.bills.move(billId, 'paying', 'unpaid');
        if (!(error instanceof UpstreamError) && FINAL_REFUSALS.has(error.code)) {
          await deps.bills.request.store(request.requestId, {
            error: { code: error.code, details: error.details },
          });
        }
        // The platform's breaker is open: nothing was sent, so the payment certainly did not happen.
        if (error instanceof DependencyDown && error.code === 'INSURANCE_PLATFORM_DOWN')
          return error.as('PAYMENT_PLATFORM_DOWN');
        return error;
      };

      let authorisation;
      try {
        // A guardian pays a member's bill with the guardian's own password, acting for them.
        authorisation = await insurance.authorisePayment(
          bill.psnNo,
          billId,
          request.passwordCipher,
          member ? { guardian: binding.psnNo, accountOf } : undefined,
        );
      } catch (error) {
        // A wrong password says how many tries are left (details.remaining).
        if (error instanceof AppError) throw await fail(error);
        throw error;
      }

      let outcome: OrderOutcome;
      try {
        outcome = await insurance.placeOrder(bill, {
          authorisation,
          serial,
          useAccount: request.useAccount,
        });
      } catch (error) {
        if (isRefusal(error)) throw await fail(error);
        // Sent, but no answer: the money may have moved. Ask the platform now; the reconciler retries.
        deps.logger.warn({ billId, serial }, 'payment outcome unknown; asking the platform');
        const settled = await reconcile(billId, paidFor).catch(() => undefined);
        if (settled && settled.status !== 'paying') {
          if (settled.status === 'unpaid') throw await fail(new AppError('PAYMENT_FAILED'));
          await deps.bills.request.store(request.requestId, { bill: true });
          return view(settled);
        }
        throw new AppError('BILL_PAYMENT_IN_PROGRESS', { cause: error });
      }
      const result: StoredResult = { ...resultOf(outcome, deps.now()), ...paidFor };
      if (paidFor.accountHolder) {
        // The platform answers with the member's balance; the result is the paying account's,
        // the guardian's, as the platform has it right after (none when it cannot be asked).
        delete result.balanceAfterFen;
        const summary = await insurance.accountSummary(binding.psnNo).catch(() => undefined);
        if (summary?.balanceFen != null) result.balanceAfterFen = summary.balanceFen;
      }
      await deps.bills.move(billId, 'paying', outcome.status, result);
      await deps.bills.request.store(request.requestId, { bill: true });
      return view((await deps.bills.get(billId)) ?? bill);
    },

    reconcile,

    /** Settles every bill left 'paying' for longer than `olderThanMs` (after a crash). */
    async reconcileStuck(olderThanMs: number): Promise<number> {
      let settled = 0;
      for (const billId of await deps.bills.stuckPaying(deps.now() - olderThanMs)) {
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
