// The push dispatcher: sends each queued bill notification as a WeChat subscribe message
// or an Alipay template message, depending on how the person signed in. Transient failures
// are retried with backoff; a refusal (WeChat 43101: not subscribed / quota used) or a
// permanent error ends the row; rows a crash left 'sending' are never sent again.
import { fenToYuan } from '@ybm/shared';
import type { Logger } from 'pino';

import type { AlipayPlatform } from '../clients/alipay';
import type { WechatPlatform } from '../clients/wechat';
import { UpstreamError } from '../errors';

import type { Notification } from '../store/records';
import type { BillStore, NotificationStore } from '../store/ports';

export interface PushTemplates {
  wechatBillTemplateId: string;
  alipayBillTemplateId: string;
}

export interface PushDispatcherDeps {
  notifications: NotificationStore;
  bills: BillStore;
  wechat: Pick<WechatPlatform, 'sendSubscribeMessage'>;
  alipay?: Pick<AlipayPlatform, 'sendTemplateMessage'>;
  templates: PushTemplates;
  logger: Logger;
  now: () => number;
  random?: () => number;
  backoff?: { baseMs: number; maxMs: number; maxAttempts: number };
}

const BATCH = 20;
const PARALLEL = 5;

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
  let draining: Promise<number> | undefined;

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
      if (!(error instanceof UpstreamError) || row.attempts >= backoff.maxAttempts) {
        return deps.notifications.done(row.id, 'failed', reason);
      }
      // Exponential backoff with jitter in the upper half, so retries of many rows spread out.
      const wait = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (row.attempts - 1));
      await deps.notifications.retryAt(row.id, deps.now() + Math.round(wait * (0.5 + random() / 2)), reason);
    }
  }

  async function drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await deps.notifications.due(BATCH);
      if (due.length === 0) return sent;
      // A few in parallel (WeChat answers in tens of ms), each claimed just before its send:
      // a crash can leave at most PARALLEL rows in doubt.
      for (let i = 0; i < due.length; i += PARALLEL) {
        const batch = due.slice(i, i + PARALLEL);
        const taken = await Promise.all(batch.map((row) => deps.notifications.claim(row.id)));
        const claimed = batch.filter((_, j) => taken[j]);
        await Promise.all(claimed.map((row) => send({ ...row, attempts: row.attempts + 1 })));
        sent += claimed.length;
      }
    }
  }

  function drainOnce(): Promise<number> {
    draining ??= drain().finally(() => {
      draining = undefined;
    });
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
      const abandoned = await deps.notifications.abandonInFlight();
      if (abandoned > 0) deps.logger.warn({ abandoned }, 'pushes interrupted by a restart are not resent');
      running = true;
      schedule(0);
    },
    /** New rows were queued: send them now rather than at the next tick. */
    wake() {
      schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await draining;
    },
  };
}

export type PushDispatcher = ReturnType<typeof createPushDispatcher>;
