// Events the insurance platform pushes (settlement completed, codes scanned and verified,
// bills): verified envelope in, stored once by event id, then the person's long-polls are
// woken. The platform retries until we acknowledge, so we acknowledge only after storing.
import type { Logger } from 'pino';
import { z } from 'zod';

import type { EventStore, VoucherEventInput } from '../store/events';
import type { Notifier } from './notifier';

export const EventDataSchema = z.object({
  eventId: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  occurredAt: z.string().min(1),
  payload: z.record(z.string(), z.unknown()).default({}),
});
export type EventData = z.infer<typeof EventDataSchema>;

const Fen = z.number().int();
const SettlementCompleted = z.object({
  setlId: z.string(),
  psnNo: z.string(),
  code: z.string().optional(),
  institutionName: z.string().default(''),
  totalFen: Fen,
  fundFen: Fen,
  accountFen: Fen,
  cashFen: Fen,
  balanceAfterFen: Fen.optional(),
  settledAt: z.string(),
});
const CodeTouched = z.object({
  code: z.string(),
  psnNo: z.string(),
  institutionName: z.string().optional(),
  at: z.string(),
});

/** What an event means for the person's code stream, if anything. */
function voucherEventOf(event: EventData): VoucherEventInput | undefined | 'unreadable' {
  if (event.type === 'settlement.completed') {
    const parsed = SettlementCompleted.safeParse(event.payload);
    if (!parsed.success) return 'unreadable';
    const { psnNo, code, ...settlement } = parsed.data;
    // Card and ID-card settlements have no code: they show up in the records only.
    if (!code) return undefined;
    return {
      psnNo,
      code,
      kind: 'settled',
      institutionName: settlement.institutionName,
      at: settlement.settledAt,
      settlement: { ...settlement },
    };
  }
  if (event.type === 'code.scanned' || event.type === 'code.verified') {
    const parsed = CodeTouched.safeParse(event.payload);
    if (!parsed.success) return 'unreadable';
    const { psnNo, code, institutionName, at } = parsed.data;
    return {
      psnNo,
      code,
      at,
      kind: event.type === 'code.scanned' ? 'scanned' : 'verified',
      ...(institutionName ? { institutionName } : {}),
    };
  }
  return undefined;
}

export function createWebhookService(deps: {
  events: EventStore;
  notifier: Notifier;
  logger: Logger;
  now: () => number;
}) {
  return {
    /** Stores the event (once) and wakes whoever waits on it; true when it was new. */
    receive(appId: string, event: EventData): boolean {
      let voucherEvent = voucherEventOf(event);
      if (voucherEvent === 'unreadable') {
        // Signed by the platform but not in the shape we know: keep it for inspection and
        // acknowledge anyway, or the platform would resend it forever.
        deps.logger.warn(
          { eventId: event.eventId, type: event.type },
          'platform event with an unexpected payload',
        );
        voucherEvent = undefined;
      }
      const isNew = deps.events.record({ ...event, appId }, voucherEvent, deps.now());
      if (isNew && voucherEvent) deps.notifier.notify(voucherEvent.psnNo);
      return isNew;
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
