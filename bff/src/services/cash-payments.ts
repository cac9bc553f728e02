// The cash part of a bill, paid through the person's own platform (WeChat Pay JSAPI or an Alipay
// trade). It counts as paid only on the platform's word: its signed notification, or its answer
// to our query (on the phone's return and on a schedule) — never on the phone's callback. Then,
// and only then, the insurance platform is told (confirmCash), once: 'paid' is stored
// before that call, so a crash between the two is finished by the next sweep, and the
// platform's confirm is idempotent. One live order per bill: placed again, the same open
// order comes back; a closed or expired one frees the bill to be paid again; money taken by
// an order that cannot count (a second order paid, a bill the platform no longer takes) goes
// back through the same platform (cash-refunds.ts). A guardian with a live family link pays a
// member's cash part the same way, through the guardian's own platform: the order is the
// member's bill's, its payer the guardian's platform user, and its refunds go back to that payer.
import { randomBytes } from 'node:crypto';

import {
  type Bill,
  type CashOrderRequest,
  type CashPayment,
  type CashStatus,
  type DevCashierRequest,
} from '@ybm/shared';
import type { Logger } from 'pino';

import type { InsuranceChannels } from '../clients/insurance';
import { AppError, UpstreamError } from '../errors';

import type { AuditDetail, BillRecord, CashOrder, CashProvider, SessionRecord } from '../store/records';
import type { AuditLog, BillStore, BindingStore, CashOrderStore, FamilyStore, Stores } from '../store/ports';
import { createBillViews, type ReachedBill } from './bill-views';
import { CashNoticeRejected, CashOrderRefused, type CashPlatforms, type RawNotice } from './cash-platforms';
import { createCashSettlement } from './cash-settlement';

/** How long the person has to pay an order (its time_expire at the platform). */
export const CASH_ORDER_TTL_MS = 15 * 60_000;
/** An order closer than this to its end is not handed out again: there would be no time to pay. */
const REUSE_MARGIN_MS = 2 * 60_000;
/** The schedule asks the platform about an order with no news for this long. */
export const CASH_CHECK_AFTER_MS = 60_000;
/** The phone's rechecks ask the platform at most this often per order. */
const QUERY_AT_MOST_EVERY_MS = 1000;
/**
 * An order this young still 'placing' may be on its way to the platform right now: asked
 * about, the platform would not know it yet, and closing it would race the placing.
 */
const PLACING_GRACE_MS = 30_000;

export interface DevCashier {
  /** Pays or cancels the order at the fake of its platform, as the person's phone would. */
  cashier(provider: CashProvider, orderId: string, result: DevCashierRequest['result']): Promise<void>;
}

export interface CashPaymentDeps {
  /** A notification with the payment it reports: one transaction. */
  stores: Pick<Stores, 'transaction'>;
  bills: BillStore;
  bindings: BindingStore;
  /** 亲情账户: a guardian pays a live member's cash part (the link read fresh each time). */
  family?: Pick<FamilyStore, 'liveLink'>;
  cash: CashOrderStore;
  audit: AuditLog;
  insurance: InsuranceChannels;
  platforms: CashPlatforms;
  /** Where the platforms send notifications; none: no cash part can be paid online. */
  publicBaseUrl: string | undefined;
  /** Present only with the demo login on: the H5 cashier sheet. */
  devCashier?: DevCashier;
  logger: Logger;
  now: () => number;
  newOrderId?: () => string;
  /** Money to give back was queued (wakes the refund worker). */
  onRefundQueued?: () => void;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** C + Beijing time to the second + 17 random letters and digits: 32 characters, unique enough to never clash. */
function orderIdAt(now: number): string {
  const stamp = new Date(now + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `C${stamp}${Array.from(randomBytes(17), (byte) => ALNUM[byte % ALNUM.length]).join('')}`;
}

export function createCashPaymentService(deps: CashPaymentDeps) {
  const newOrderId = deps.newOrderId ?? (() => orderIdAt(deps.now()));
  const { recordPayment, settle, confirm } = createCashSettlement(deps);
  const views = createBillViews(deps);
  // The person's own bill or a live member's; anyone else's is as unknown as a made-up one.
  const ownBill = views.reach;

  const providerOf = (session: SessionRecord): CashProvider =>
    session.channel === 'alipay' ? 'alipay' : 'wechatpay';

  function platformOf(provider: CashProvider) {
    const platform = deps.platforms[provider];
    if (!platform || !deps.publicBaseUrl) throw new AppError('CASH_PAYMENT_UNAVAILABLE');
    return platform;
  }

  /** Nothing moved at the platform: the person may try again. */
  const unavailable = (error: unknown) =>
    error instanceof UpstreamError ? new AppError('CASH_PLATFORM_UNAVAILABLE', { cause: error }) : error;

  function description(bill: BillRecord): string {
    const where = bill.details.institutionName || '医院';
    return `${where}诊间支付-现金部分`.slice(0, 60);
  }

  /** Places (or places again, with the same content) an order at its platform. */
  async function placeAt(order: CashOrder, bill: BillRecord): Promise<CashOrder> {
    const platform = platformOf(order.provider);
    let platformRef: string;
    try {
      platformRef = await platform.place({
        orderId: order.orderId,
        amountFen: order.amountFen,
        description: description(bill),
        payer: order.payer,
        notifyUrl: `${deps.publicBaseUrl}/webhooks/${order.provider}`,
        expiresAt: order.expiresAt,
      });
    } catch (error) {
      if (error instanceof CashOrderRefused) {
        if (error.reason === 'paid') {
          await settle(order, false).catch(() => undefined);
          throw new AppError('CASH_PAYMENT_CONFIRMING');
        }
        await deps.cash.markClosed(order.orderId);
        throw new AppError(error.reason === 'closed' ? 'CASH_ORDER_CLOSED' : 'CASH_PLATFORM_UNAVAILABLE');
      }
      // Sent, maybe taken: the row stays 'placing' and a query (or the next 去支付) settles it.
      throw unavailable(error);
    }
    // Closed meanwhile (a query that found nothing while this request was on its way): a new one is needed.
    if (!(await deps.cash.markOpen(order.orderId, platformRef))) throw new AppError('CASH_ORDER_CLOSED');
    return { ...order, status: 'open', platformRef };
  }

  function answer(order: CashOrder, dev: boolean): CashPayment {
    if (dev)
      return {
        provider: 'dev',
        orderId: order.orderId,
        platform: order.provider,
        amountFen: order.amountFen,
      };
    return platformOf(order.provider).phoneParams(order.orderId, order.platformRef ?? '');
  }

  async function place(
    session: SessionRecord,
    billId: string,
    request: CashOrderRequest,
    attempt = 0,
  ): Promise<CashPayment> {
    const { bill } = await ownBill(session, billId);
    if (bill.status === 'paid') throw new AppError('BILL_ALREADY_PAID');
    if (bill.status === 'revoked') throw new AppError('BILL_REVOKED');
    const amountFen = bill.result?.cashFen ?? 0;
    if (bill.status !== 'awaiting_cash' || amountFen <= 0) throw new AppError('BILL_NOT_AWAITING_CASH');
    // The H5 demo has no platform cashier: its sheet pays at the fake, and only with the demo on.
    const dev = session.platform === 'h5' || request.cashier === 'dev';
    if (dev && !deps.devCashier) throw new AppError('DEV_LOGIN_DISABLED');
    const provider = providerOf(session);
    platformOf(provider);

    const live = await deps.cash.liveOf(billId);
    if (live) {
      if (live.status === 'paid' || live.status === 'confirmed') {
        void confirm(live.orderId);
        throw new AppError('CASH_PAYMENT_CONFIRMING');
      }
      const reusable =
        live.provider === provider &&
        live.payer === session.platformUserId &&
        live.expiresAt - deps.now() > REUSE_MARGIN_MS;
      if (reusable && live.status === 'open' && live.platformRef) return answer(live, dev);
      if (reusable) return answer(await placeAt(live, bill), dev);
      // Another platform's or device's order, or one about to end: it is closed first, so one
      // bill never has two orders that could both take money.
      let outcome: 'open' | 'paid' | 'closed';
      try {
        outcome = await settle(live, true);
      } catch (error) {
        throw unavailable(error);
      }
      if (outcome === 'paid') throw new AppError('CASH_PAYMENT_CONFIRMING');
      if (outcome === 'open') throw new AppError('CASH_PLATFORM_UNAVAILABLE');
    }

    const order: CashOrder = {
      orderId: newOrderId(),
      billId,
      // The bill's person (a member's, when a guardian pays it); the payer is who pays.
      psnNo: bill.psnNo,
      channel: session.channel,
      provider,
      payer: session.platformUserId,
      amountFen,
      status: 'placing',
      platformRef: null,
      tradeNo: null,
      paidAt: null,
      confirmedAt: null,
      expiresAt: deps.now() + CASH_ORDER_TTL_MS,
      checkedAt: null,
      createdAt: deps.now(),
    };
    if (!(await deps.cash.insertPlacing(order))) {
      // Another request placed one in the meantime: answer with that one.
      if (attempt > 0) throw new AppError('BILL_PAYMENT_IN_PROGRESS');
      return place(session, billId, request, attempt + 1);
    }
    return answer(await placeAt(order, bill), dev);
  }

  async function statusOf(
    reached: ReachedBill,
    state: CashStatus['state'],
    extra: { orderId?: string; closed?: boolean } = {},
  ): Promise<CashStatus> {
    const bill: BillRecord = (await deps.bills.get(reached.bill.billId)) ?? reached.bill;
    const view: Bill = await views.view({ ...reached, bill });
    // A bill the platform has settled is paid, whatever this order says.
    if (view.status === 'paid') return { state: 'paid', bill: view, closed: false };
    return {
      state,
      bill: view,
      closed: extra.closed ?? false,
      ...(extra.orderId ? { orderId: extra.orderId } : {}),
    };
  }

  const service = {
    place,
    confirm,

    /** Where the cash part stands, asking the platform when an order waits (the phone came back). */
    async status(session: SessionRecord, billId: string): Promise<CashStatus> {
      const reached = await ownBill(session, billId);
      const { bill } = reached;
      if (bill.status === 'paid') return statusOf(reached, 'paid');
      const live = await deps.cash.liveOf(billId);
      if (!live)
        return statusOf(reached, 'unpaid', {
          closed: (await deps.cash.latestOf(billId))?.status === 'closed',
        });
      if (live.status === 'confirmed') return statusOf(reached, 'paid');
      if (live.status === 'paid') {
        const done = await confirm(live.orderId);
        return statusOf(reached, done ? 'paid' : 'confirming');
      }
      const recent = live.checkedAt !== null && deps.now() - live.checkedAt < QUERY_AT_MOST_EVERY_MS;
      const beingPlaced = live.status === 'placing' && deps.now() - live.createdAt < PLACING_GRACE_MS;
      if (recent || beingPlaced) return statusOf(reached, 'open', { orderId: live.orderId });
      let outcome: 'open' | 'paid' | 'closed';
      try {
        outcome = await settle(live, false);
      } catch (error) {
        // The platform cannot be asked right now: the order is still open as far as we know.
        deps.logger.warn({ orderId: live.orderId, err: error }, 'cash order query failed');
        return statusOf(reached, 'open', { orderId: live.orderId });
      }
      if (outcome === 'closed') return statusOf(reached, 'unpaid', { closed: true });
      if (outcome === 'open') return statusOf(reached, 'open', { orderId: live.orderId });
      const done = await confirm(live.orderId);
      return statusOf(reached, done ? 'paid' : 'confirming');
    },

    /**
     * A notification the platform POSTed: checked by its client (signature, freshness, merchant),
     * then against our order (known, this platform's, the amount). Refused ones store nothing;
     * a repeated one changes nothing. 'duplicate' when it was already recorded.
     */
    async receiveNotice(provider: CashProvider, raw: RawNotice): Promise<'accepted' | 'duplicate'> {
      const platform = deps.platforms[provider];
      if (!platform) throw new CashNoticeRejected('not_configured', `${provider} is not configured`);
      const notice = platform.readNotice(raw);
      const order = await deps.cash.get(notice.orderId);
      if (!order || order.provider !== provider)
        throw new CashNoticeRejected('unknown_order', 'no such order of ours');
      if (notice.amountFen !== order.amountFen)
        throw new CashNoticeRejected('amount_mismatch', 'amount is not the order’s');
      let paid = false;
      const fresh = await deps.stores.transaction(async (tx) => {
        if (
          !(await tx.cash.recordNotification(provider, notice.notificationId, order.orderId, notice.outcome))
        )
          return false;
        if (notice.outcome === 'paid') {
          paid = await recordPayment(tx, order, {
            tradeNo: notice.tradeNo ?? '',
            amountFen: notice.amountFen,
            paidAt: notice.paidAt ?? new Date(deps.now()).toISOString(),
          });
        } else if (notice.outcome === 'closed') {
          await tx.cash.markClosed(order.orderId);
        }
        return true;
      });
      // Acknowledged now; the insurance platform is told next, not while the platform waits.
      if (paid) void confirm(order.orderId);
      return fresh ? 'accepted' : 'duplicate';
    },

    /** H5 demo: the sheet's 支付 / 取消, carried out at the fake of the order's platform. */
    async devCashier(session: SessionRecord, orderId: string, request: DevCashierRequest): Promise<void> {
      if (!deps.devCashier) throw new AppError('DEV_LOGIN_DISABLED');
      const order = await deps.cash.get(orderId);
      // Only the order's payer, and only while its bill is still theirs to pay (own, or a live member's).
      const payer = order && order.channel === session.channel && order.payer === session.platformUserId;
      const reachable = payer && (await ownBill(session, order.billId).catch(() => undefined));
      if (!order || !reachable) throw new AppError('CASH_ORDER_NOT_FOUND');
      if (order.status === 'paid' || order.status === 'confirmed')
        throw new AppError('CASH_PAYMENT_CONFIRMING');
      if (order.status !== 'open') throw new AppError('CASH_ORDER_CLOSED');
      await deps.devCashier.cashier(order.provider, orderId, request.result);
    },

    /**
     * The periodic work: confirm what the platforms said was paid (after a crash, or while the
     * insurance platform was down), and ask about orders with no news (closing expired ones).
     */
    async sweep(): Promise<{ confirmed: number; settled: number }> {
      let confirmed = 0;
      let settled = 0;
      for (const order of await deps.cash.awaitingConfirmation()) {
        if (await confirm(order.orderId)) confirmed += 1;
      }
      for (const order of await deps.cash.unsettled(deps.now() - CASH_CHECK_AFTER_MS)) {
        try {
          if ((await settle(order, deps.now() >= order.expiresAt)) !== 'open') settled += 1;
        } catch (error) {
          deps.logger.warn({ orderId: order.orderId, err: error }, 'cash order check failed; will retry');
        }
      }
      return { confirmed, settled };
    },
  };

  return {
    ...service,
    place: async (session: SessionRecord, billId: string, request: CashOrderRequest) => {
      const binding = await deps.bindings.find(session.channel, session.platformUserId);
      // A guardian acting for a member: whose bill it is, beside who pays.
      const member = await ownBill(session, billId).then(
        (reached) => reached.member,
        () => undefined,
      );
      const detail: AuditDetail = { billId };
      if (member) detail.actingFor = member.memberPerson;
      return deps.audit.around(
        {
          action: 'payment.cash',
          channel: session.channel,
          platformUserId: session.platformUserId,
          psnNo: binding?.psnNo,
          detail,
        },
        () => place(session, billId, request),
        (payment) => ({ orderId: payment.orderId, provider: payment.provider }),
      );
    },
  };
}

export type CashPaymentService = ReturnType<typeof createCashPaymentService>;
