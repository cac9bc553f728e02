// The push dispatcher: sends each queued bill notification as a WeChat subscribe message
// or an Alipay template message, depending on how the person signed in. Transient failures
// are retried with backoff; a refusal (WeChat 43101: not subscribed / quota used) or a
// permanent error ends the row; rows a crash left 'sending' are never sent again.
// Several instances share the outbox: each leases a few rows under its own name for longer
// than their sends can take and claims each just before its send; a dead instance's leased
// rows are sent by another once the lease runs out, and its 'sending' ones become 'unknown'.
import { fenToYuan } from '@ybm/shared';
import type { Logger } from 'pino';

import type { AlipayPlatform } from '../clients/alipay';
import type { WechatPlatform } from '../clients/wechat';
import { DependencyDown, UpstreamError } from '../errors';

import type { Notification } from '../store/records';
import type { BillStore, NotificationStore } from '../store/ports';

export interface PushTemplates {
  wechatBillTemplateId: string;
  alipayBillTemplateId: string;
}

export interface PushDispatcherDeps {
  notifications: NotificationStore;
  /** This instance's name (config.instanceId): the owner of the rows it leases. */
  owner: string;
  /** The WeChat and Alipay clients' timeout per HTTP call (config.platformTimeoutMs). */
  platformTimeoutMs: number;
  bills: BillStore;
  wechat: Pick<WechatPlatform, 'sendSubscribeMessage'>;
  alipay?: Pick<AlipayPlatform, 'sendTemplateMessage'>;
  templates: PushTemplates;
  logger: Logger;
  now: () => number;
  random?: () => number;
  backoff?: { baseMs: number; maxMs: number; maxAttempts: number };
}

/** Rows leased, claimed and sent at once (WeChat answers in tens of ms): at most this many in doubt after a crash. */
const PARALLEL = 5;
/**
 * The HTTP calls one send can make, each bounded by the client's timeout: WeChat's access token
 * and the send, and both once more when WeChat says the token went stale (Alipay: one call).
 */
const CALLS_PER_SEND = 4;

/**
 * How long a lease lasts: longer than the sends it covers can take, so a live dispatcher never
 * sees its rows taken over — every call of a send at its timeout, plus one call's time more for
 * the reads and writes around them (the bill, the claim, the result) on a busy event loop.
 */
export function pushLeaseMs(platformTimeoutMs: number): number {
  return (CALLS_PER_SEND + 1) * platformTimeoutMs;
}

/** Cuts text to WeChat's `thing` limit (20 characters), marking the cut. */
function thing(text: string): string {
  const chars = [...text];
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`;
}

function minuteOf(iso: string): string {
  // Beijing time, as the user reads it: YYYY-MM-DD HH:mm.
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export function createPushDispatcher(deps: PushDispatcherDeps) {
  const backoff = deps.backoff ?? { baseMs: 2000, maxMs: 10 * 60_000, maxAttempts: 8 };
  const random = deps.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  /**
   * Set by stop(): the round in progress ends after the sends in hand and leases nothing more
   * (the instance shuts down). A round started afterwards (by hand, in tests) runs.
   */
  let stopped = false;
  let draining: Promise<number> | undefined;
  const leaseMs = pushLeaseMs(deps.platformTimeoutMs);

  /** Rows whose dispatcher died mid-send (here or on another instance): in doubt for good. */
  async function abandonExpired(): Promise<void> {
    const abandoned = await deps.notifications.abandonExpired();
    if (abandoned > 0) {
      deps.logger.warn({ abandoned }, 'pushes cut off mid-send (their dispatcher stopped) are not resent');
    }
  }

  /** Claims a leased row and sends it; false when the lease was lost (nothing sent). */
  async function claimAndSend(row: Notification): Promise<boolean> {
    if (!(await deps.notifications.claim(row.id, deps.owner))) return false;
    await send({ ...row, attempts: row.attempts + 1 });
    return true;
  }

  async function send(row: Notification): Promise<void> {
    const bill = await deps.bills.get(row.billId);
    if (!bill) return deps.notifications.done(row.id, 'failed', 'bill not found');
    const page = `pages/pay/index?billId=${bill.billId}`;
    const { institutionName, totalFen, deptName } = bill.details;
    try {
      if (row.channel === 'alipay') {
        if (!deps.alipay) return deps.notifications.done(row.id, 'failed', 'Alipay not configured');
        const result = await deps.alipay.sendTemplateMessage({
          toOpenId: row.platformUserId,
          templateId: deps.templates.alipayBillTemplateId,
          page,
          data: {
            keyword1: institutionName,
            keyword2: `${fenToYuan(totalFen)}元`,
            keyword3: deptName ?? '门诊缴费',
          },
        });
        if (result.ok) return deps.notifications.done(row.id, 'sent');
        return deps.notifications.done(
          row.id,
          result.reason === 'refused' ? 'refused' : 'failed',
          result.reason,
        );
      }
      const result = await deps.wechat.sendSubscribeMessage({
        touser: row.platformUserId,
        templateId: deps.templates.wechatBillTemplateId,
        page,
        data: {
          thing1: thing(institutionName),
          amount2: `${fenToYuan(totalFen)}元`,
          thing3: thing(deptName ? `${deptName}诊间支付` : '诊间支付待缴费'),
          time4: minuteOf(bill.createdAt),
        },
      });
      if (result.ok) return deps.notifications.done(row.id, 'sent');
      // 43101: the user did not subscribe (or used the grant up) — final, not an error of ours.
      return deps.notifications.done(
        row.id,
        result.reason === 'refused' ? 'refused' : 'failed',
        `${result.errcode}`,
      );
    } catch (error) {
      const reason = error instanceof UpstreamError ? `${error.code}: ${error.reason}` : String(error);
      // A platform that did not answer, or whose breaker is open (nothing sent): worth another try.
      const transient = error instanceof UpstreamError || error instanceof DependencyDown;
      if (!transient || row.attempts >= backoff.maxAttempts) {
        return deps.notifications.done(row.id, 'failed', reason);
      }
      // Exponential backoff with jitter in the upper half, so retries of many rows spread out.
      const wait = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (row.attempts - 1));
      await deps.notifications.retryAt(row.id, deps.now() + Math.round(wait * (0.5 + random() / 2)), reason);
    }
  }

  async function drain(): Promise<number> {
    // Every round: a dispatcher that died mid-send (here or on another instance) left rows in doubt.
    await abandonExpired();
    let sent = 0;
    while (!stopped) {
      // A few at a time, each claimed just before its send: a crash leaves at most PARALLEL rows
      // in doubt, and one lease covers their sends (they run side by side).
      const leased = await deps.notifications.lease(deps.owner, PARALLEL, deps.now() + leaseMs);
      if (leased.length === 0) return sent;
      const taken = await Promise.all(leased.map(claimAndSend));
      sent += taken.filter(Boolean).length;
    }
    return sent;
  }

  function drainOnce(): Promise<number> {
    if (!draining) {
      stopped = false;
      draining = drain().finally(() => {
        draining = undefined;
      });
    }
    return draining;
  }

  function schedule(delayMs: number) {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      drainOnce()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'push dispatcher failed'))
        .finally(() => schedule(1000));
    }, delayMs);
  }

  return {
    drainOnce,
    async start() {
      // Only rows whose lease ran out: another live instance may be sending the others.
      await abandonExpired();
      running = true;
      schedule(0);
    },
    /** New rows were queued: send them now rather than at the next tick. */
    wake() {
      schedule(0);
    },
    /** No more rounds, nor leases in the one running; resolves once its sends in hand are done. */
    async stop() {
      running = false;
      stopped = true;
      clearTimeout(timer);
      await draining;
    },
  };
}

export type PushDispatcher = ReturnType<typeof createPushDispatcher>;
