// Delivers the outbox to the BFF's webhook: undelivered events, oldest first, POSTed in
// the GM envelope sealed with the platform key for their channel. One due event goes as
// data {eventId, type, occurredAt, payload}; several due for one channel go together as
// {events: [those, …]} under one signature (a backlog — 20 counters make ≈ 250 events/s —
// then costs one SM2 sign here and one verify at the BFF per batch, not per event).
// Only HTTP 2xx with body {code: "0"} acknowledges (the whole batch);
// anything else is retried with capped exponential backoff and jitter. The outbox is the
// state, so a restarted dispatcher carries on where the last one stopped. Delivery is at
// least once (a crash between the BFF's ack and our write resends): the BFF dedupes by eventId.
import { SUCCESS_CODE, type EventDataSchema } from '@ybm/shared/protocol';
import type { z } from 'zod';

import { DEMO_CHANNEL_IDS } from '../keys';
import type { SandboxContext } from '../context';
import { isoNow } from '../context';
import { preparedFor } from '../domain/prepared';
import { onEventsQueued } from './outbox';

export interface Backoff {
  /** Delay after the first failure; doubled after each further one. */
  baseMs: number;
  /** No delay grows beyond this. */
  maxMs: number;
}

export interface DispatcherOptions {
  webhookUrl: string;
  timeoutMs: number;
  backoff: Backoff;
  fetch?: typeof fetch;
  /** How often start() looks for due events. */
  pollIntervalMs?: number;
  /** Events per drain. */
  batchSize?: number;
  /**
   * How long a new event waits for others before a pass starts: under load the events of
   * many counters share one signed delivery instead of costing a signature each.
   */
  wakeDelayMs?: number;
  /**
   * The channel whose keys seal events with no app_id (settlements at a counter that no
   * channel's code started, bills of people with no active voucher). WeChat by default: one
   * BFF holds both channels, so any registered channel reaches it; tests pass their own.
   */
  defaultAppId?: string;
  onError?: (error: unknown) => void;
  /** A delivery that did not go through (refused, not acknowledged, timed out, unreachable). */
  onDeliveryFailed?: (failure: { appId: string; events: number; problem: string }) => void;
}

export interface DrainReport {
  delivered: number;
  failed: number;
}

export interface EventDispatcher {
  start(): void;
  stop(): Promise<void>;
  /** One pass over the due events; concurrent calls share the pass under way. */
  drainOnce(): Promise<DrainReport>;
}

interface EventRow {
  eventId: string;
  type: string;
  appId: string | null;
  payloadJson: string;
  createdAt: string;
  attempts: number;
}

const statements = preparedFor((db) => ({
  due: db.prepare<[string, number], EventRow>(
    `SELECT event_id AS eventId, type, app_id AS appId, payload_json AS payloadJson,
       created_at AS createdAt, attempts
     FROM events WHERE delivered_at IS NULL AND next_attempt_at <= ?
     ORDER BY created_at, rowid LIMIT ?`,
  ),
  delivered: db.prepare(
    'UPDATE events SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE event_id = ?',
  ),
  failed: db.prepare(
    'UPDATE events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE event_id = ?',
  ),
}));

/**
 * The wait after the n-th failed attempt: base·2^(n−1) capped at max, then "equal jitter"
 * — half fixed, half random — so retries of many events spread out but never come early.
 */
export function backoffDelay(
  backoff: Backoff,
  failures: number,
  random: (size: number) => Uint8Array,
): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(failures - 1, 30));
  const bytes = random(4);
  const fraction =
    (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
  return Math.floor(exponential / 2 + (exponential / 2) * (fraction / 2 ** 32));
}

export function createEventDispatcher(
  ctx: Pick<SandboxContext, 'db' | 'now' | 'random' | 'codec' | 'channels'>,
  options: DispatcherOptions,
): EventDispatcher {
  const doFetch = options.fetch ?? fetch;
  const defaultAppId = options.defaultAppId ?? DEMO_CHANNEL_IDS.wechat;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 50;
  const wakeDelayMs = options.wakeDelayMs ?? 30;
  const sql = statements(ctx.db);
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<DrainReport> | undefined;

  const eventData = (event: EventRow): z.input<typeof EventDataSchema> => ({
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.createdAt,
    payload: JSON.parse(event.payloadJson) as Record<string, unknown>,
  });

  /**
   * Resolves to undefined when acknowledged, else to what went wrong; `refused` when the
   * webhook read the delivery and would not take what is in it, as opposed to not answering
   * (5xx, timeout, unreachable) or not trusting the envelope (401).
   */
  async function deliver(
    appId: string,
    events: EventRow[],
  ): Promise<{ problem: string; refused: boolean } | undefined> {
    const channel = ctx.channels.find(appId);
    if (!channel) return { problem: `channel ${appId} is not registered`, refused: false };
    const envelope = ctx.codec.seal(
      channel,
      events.length === 1 ? eventData(events[0]!) : { events: events.map(eventData) },
    );
    try {
      const response = await doFetch(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(envelope),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      // 400 or a 2xx without the ack: the webhook read the batch and refused what is in it;
      // 413: the batch is more than it takes at once. Either way each event goes alone next.
      // (A 401 — keys or clock — or a 5xx would refuse each event alone just the same.)
      const refused =
        response.status === 400 ||
        response.status === 413 ||
        (response.status >= 200 && response.status < 300);
      if (response.status < 200 || response.status >= 300)
        return { problem: `HTTP ${response.status}: ${text.slice(0, 200)}`, refused };
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { problem: `HTTP ${response.status}, body is not JSON`, refused };
      }
      const code = (body as { code?: unknown } | null)?.code;
      return code === SUCCESS_CODE
        ? undefined
        : { problem: `not acknowledged: code ${JSON.stringify(code)}`, refused };
    } catch (error) {
      const name = (error as { name?: string }).name;
      const problem =
        name === 'TimeoutError' || name === 'AbortError'
          ? `timed out after ${options.timeoutMs} ms`
          : `unreachable: ${(error as Error).message}`;
      return { problem, refused: false };
    }
  }

  const settle = ctx.db.transaction((events: EventRow[], problem: string | undefined) => {
    for (const event of events) {
      if (problem === undefined) {
        sql.delivered.run(isoNow(ctx), event.eventId);
      } else {
        const delay = backoffDelay(options.backoff, event.attempts + 1, ctx.random);
        sql.failed.run(problem.slice(0, 500), new Date(ctx.now() + delay).toISOString(), event.eventId);
      }
    }
  });

  async function drain(): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, failed: 0 };
    // One batch per channel, each in the outbox's order.
    const batches = new Map<string, EventRow[]>();
    for (const event of sql.due.all(isoNow(ctx), batchSize)) {
      const appId = event.appId ?? defaultAppId;
      const batch = batches.get(appId);
      if (batch) batch.push(event);
      else batches.set(appId, [event]);
    }
    const send = async (appId: string, events: EventRow[]) => {
      const failure = await deliver(appId, events);
      if (failure?.refused && events.length > 1) {
        // The webhook answered but refused the batch: one bad event must not hold up the
        // others, so each goes alone (a webhook that does not answer is not retried so).
        for (const event of events) await send(appId, [event]);
        return;
      }
      if (failure) options.onDeliveryFailed?.({ appId, events: events.length, problem: failure.problem });
      settle(events, failure?.problem);
      if (failure === undefined) report.delivered += events.length;
      else report.failed += events.length;
    };
    for (const [appId, events] of batches) await send(appId, events);
    return report;
  }

  function drainOnce(): Promise<DrainReport> {
    inFlight ??= drain().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  // A stop() and start() while a pass is under way must not leave two loops: each start has
  // its own generation and a loop ends when its generation is no longer current.
  let generation = 0;
  async function tick(mine: number): Promise<void> {
    let report: DrainReport | undefined;
    try {
      report = await drainOnce();
    } catch (error) {
      options.onError?.(error);
    }
    if (running && mine === generation) {
      // Performance (npm run bench, tests/bench): a full batch that reached the webhook
      // means more events are waiting — carry on at once. Waiting pollIntervalMs after every
      // batch capped delivery at ≈ 40 events/s, and 20 counters make ≈ 250/s: the phones'
      // "scanned / settled" arrived seconds late and the backlog grew. When nothing got
      // through (webhook down), the usual pause and the per-event backoff still apply.
      const more =
        report !== undefined && report.delivered > 0 && report.delivered + report.failed >= batchSize;
      // New events came in while this pass ran: go again soon (they are due now).
      const woken = wokenDuringPass;
      wokenDuringPass = false;
      schedule(mine, more ? 0 : woken ? wakeDelayMs : pollIntervalMs);
    }
  }

  /** The loop's next pass, `delayMs` from now (real time, as timers run). */
  let timerAt = Number.POSITIVE_INFINITY;
  function schedule(mine: number, delayMs: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(mine), delayMs);
    timer.unref();
    timerAt = performance.now() + delayMs;
  }

  // New events: deliver within wakeDelayMs rather than at the next poll. During a pass, the
  // pass's end schedules the next one; the poll remains for retries that come due.
  let wokenDuringPass = false;
  let unsubscribe: (() => void) | undefined;
  function wake(): void {
    if (!running) return;
    if (inFlight) wokenDuringPass = true;
    // Unless a pass is under way or due sooner anyway.
    else if (timerAt > performance.now() + wakeDelayMs) schedule(generation, wakeDelayMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      generation += 1;
      unsubscribe = onEventsQueued(ctx.db, wake);
      void tick(generation);
    },
    async stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight?.catch(() => undefined);
    },
    drainOnce,
  };
}
