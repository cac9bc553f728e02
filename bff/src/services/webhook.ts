// Events the insurance platform pushes (codes scanned and verified, settlements and their
// reversals, bills, refunds): a verified delivery in (read by the insurance client's
// events.ts), each event stored once by event id together with everything it changes, then
// the person's long-polls and the push dispatcher are woken. The platform retries until we
// acknowledge, so we acknowledge only after storing.
import type { Logger } from 'pino';

import { acknowledgement, readDelivery, type ReceivedEvent } from '../clients/insurance/events';
import type { Stores, TxStores } from '../store/ports';
import { effectsOf, type EventEffects } from './event-effects';
import { queueHospitalCashRefund } from './cash-refunds';
import type { Notifier } from './notifier';
import { refundOutcome } from './refunds';

export interface WebhookDeps {
  /** The event, the bill, the inbox, the push outbox, the audit row: one transaction. */
  stores: Pick<Stores, 'transaction'>;
  notifier: Pick<Notifier, 'notify'>;
  /** Cash paid through WeChat Pay / Alipay goes back there when the hospital refunds it. */
  cashRefunds?: boolean;
  logger: Logger;
  now: () => number;
  /** Wakes the push dispatcher when new notifications are queued. */
  onNotificationsQueued?: () => void;
  /** Wakes the cash refund worker when a refund of cash paid through a platform was queued. */
  onCashRefundQueued?: () => void;
}

export function createWebhookService(deps: WebhookDeps) {
  /** Everything an event changes, in the delivery's transaction with the event's own row. */
  async function apply(
    tx: TxStores,
    appId: string,
    event: ReceivedEvent,
    effects: EventEffects,
  ): Promise<boolean> {
    const isNew = await tx.events.record({ ...event, appId }, effects.voucherEvent, deps.now());
    if (!isNew) return false;
    if (effects.bill) await tx.bills.insert({ ...effects.bill, appId });
    if (effects.billStatus) await tx.bills.setStatus(effects.billStatus.billId, effects.billStatus.status);
    if (effects.inbox) {
      await tx.inbox.add({ ...effects.inbox, eventId: event.eventId });
      // A family member's bill reaches every guardian's inbox too (亲情账户).
      if (effects.inbox.billId && effects.bill) {
        for (const guardian of await tx.family.guardiansOf(effects.inbox.psnNo)) {
          await tx.inbox.add({ ...effects.inbox, psnNo: guardian, eventId: event.eventId });
        }
      }
    }
    if (effects.refund) {
      // Against the bill as the refunds before this one left it (even in the same delivery).
      const { billId, psnNo, refund } = effects.refund;
      const outcome = refundOutcome(await tx.bills.get(billId), refund, effects.refund.refdType);
      if (outcome.bill) await tx.bills.setRefunds(billId, outcome.bill.refunds, outcome.bill.status);
      // The cash part goes back the way it was paid: queued here, with the event, made by the worker.
      if (deps.cashRefunds) {
        await queueHospitalCashRefund(tx.cash, {
          billId,
          psnNo,
          cashFen: refund.cashFen,
          eventId: event.eventId,
        });
      }
      await tx.inbox.add({
        psnNo,
        kind: 'refund',
        ...outcome.notice,
        billId,
        eventId: event.eventId,
        createdAt: refund.at,
      });
    }
    if (effects.audit) await tx.audit.record(effects.audit);
    if (effects.notifyBill) {
      // The member's own platform users and every live guardian's (亲情账户).
      const people = [effects.notifyBill.psnNo, ...(await tx.family.guardiansOf(effects.notifyBill.psnNo))];
      for (const psnNo of people) {
        for (const binding of await tx.bindings.ofPerson(psnNo)) {
          await tx.notifications.enqueue(effects.notifyBill.billId, binding.channel, binding.platformUserId);
        }
      }
    }
    return true;
  }

  /** Every event of one delivery in one transaction: all stored, or none (and no ack). */
  const applyAll = (appId: string, events: [ReceivedEvent, EventEffects][]) =>
    deps.stores.transaction(async (tx) => {
      const fresh: boolean[] = [];
      for (const [event, effects] of events) fresh.push(await apply(tx, appId, event, effects));
      return fresh;
    });

  function effectsFor(event: ReceivedEvent): EventEffects {
    const effects = effectsOf(event);
    if (effects !== 'unreadable') return effects;
    // Signed by the platform but not in the shape we know: keep it for inspection and
    // acknowledge anyway, or the platform would resend it forever.
    deps.logger.warn(
      { eventId: event.eventId, type: event.type },
      'platform event with an unexpected payload',
    );
    return {};
  }

  /**
   * Stores the events (each once) with their effects and wakes whoever waits; for each
   * event, true when it was new.
   */
  async function receive(appId: string, events: ReceivedEvent[]): Promise<boolean[]> {
    const withEffects = events.map((event): [ReceivedEvent, EventEffects] => [event, effectsFor(event)]);
    const fresh = await applyAll(appId, withEffects);
    const woken: Promise<void>[] = [];
    let notificationsQueued = false;
    let cashRefunds = false;
    withEffects.forEach(([, effects], i) => {
      if (!fresh[i]) return;
      if (effects.voucherEvent) woken.push(deps.notifier.notify(effects.voucherEvent.psnNo));
      if (effects.notifyBill) notificationsQueued = true;
      if (effects.refund && effects.refund.refund.cashFen > 0) cashRefunds = true;
    });
    if (notificationsQueued) deps.onNotificationsQueued?.();
    if (cashRefunds) deps.onCashRefundQueued?.();
    // Stored and acknowledged whatever the wake-up does: a long-poll not woken sees it at its timeout.
    await Promise.allSettled(woken);
    return fresh;
  }

  return {
    /**
     * A verified delivery from channel `appId`: its events stored, and the answer for the
     * platform — the acknowledgement once all are stored, 400 when it is not a delivery.
     */
    async deliver(
      appId: string,
      data: unknown,
    ): Promise<{ status: number; body: { code: string; message: string } }> {
      const events = readDelivery(data);
      if (!events) return { status: 400, body: { code: 'VALIDATION_ERROR', message: '事件格式错误' } };
      return { status: 200, body: acknowledgement(await receive(appId, events)) };
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
