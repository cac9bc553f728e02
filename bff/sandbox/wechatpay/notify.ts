// Payment notifications (支付成功通知): when an order is paid, WeChat Pay POSTs
// `{id, create_time, event_type: "TRANSACTION.SUCCESS", resource_type: "encrypt-resource",
// summary, resource: {original_type, algorithm, ciphertext, associated_data, nonce}}` to the
// order's notify_url, signed like an answer (fresh Wechatpay-* headers on every attempt), and
// sends it again on WeChat Pay's schedule until the merchant answers 200 or 204. While the
// dev control holds notifications they wait; a forged one is built here too, for tests of the
// merchant's checks (bad signature, altered body, stale timestamp, unknown order, …).
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

import { encryptResource, platformHeaders, rfc3339 } from './signing';
import { randomText, type NotificationDelivery, type PayOrder, type WechatPayState } from './state';
import { transactionOf } from './transactions';

export const FORGERIES = [
  /** Signed with a key that is not the platform's. */
  'bad_signature',
  /** A genuine notification whose body was changed after it was signed. */
  'altered',
  /** A genuine notification captured and sent again ten minutes later (old timestamp). */
  'stale',
  /** Genuinely signed and encrypted, for an order this merchant never placed. */
  'unknown_order',
  /** Genuinely signed and encrypted, but the amount is not the order's. */
  'amount_mismatch',
  /** Genuinely signed, but the resource is sealed under another APIv3 key. */
  'undecryptable',
] as const;
export type Forgery = (typeof FORGERIES)[number];

export interface Notifier {
  /** Queues the success notification of a paid order and sends it (unless held). */
  paid(order: PayOrder): NotificationDelivery;
  /** Sends every pending notification now, whatever its schedule. */
  deliverDue(): Promise<void>;
  /** Sends a delivered notification's body again under fresh headers; the merchant's HTTP status. */
  replay(delivery: NotificationDelivery): Promise<number | 'no_answer'>;
  forge(order: PayOrder | undefined, kind: Forgery, url: string): Promise<number | 'no_answer'>;
  stop(): void;
}

function successBody(state: WechatPayState, resource: Record<string, unknown>, id = randomUUID()) {
  return {
    id,
    create_time: rfc3339(state.now()),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      ...encryptResource(state, JSON.stringify(resource), 'transaction'),
    },
  };
}

export function createNotifier(state: WechatPayState): Notifier {
  // Redeliveries wait on real timers (unref'd), one per notification; the sandbox clock only
  // stamps the log, so a test on a hand-moved clock still sees retries happen.
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<string>();

  async function post(url: string, body: string, headers: Record<string, string>) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(state.notifyTimeoutMs),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'no_answer' as const;
    }
  }

  function later(delivery: NotificationDelivery, waitMs: number): void {
    delivery.nextAt = state.now() + waitMs;
    const timer = setTimeout(() => {
      timers.delete(delivery.id);
      // Held: it stays pending, and goes when the hold is released.
      if (!state.holdNotifications) void attempt(delivery);
    }, waitMs);
    timer.unref();
    timers.set(delivery.id, timer);
  }

  async function attempt(delivery: NotificationDelivery): Promise<void> {
    if (inFlight.has(delivery.id) || delivery.status !== 'pending') return;
    clearTimeout(timers.get(delivery.id));
    timers.delete(delivery.id);
    inFlight.add(delivery.id);
    try {
      const status = await post(delivery.url, delivery.body, platformHeaders(state, delivery.body));
      delivery.attempts.push({ at: state.now(), status });
      if (status === 200 || status === 204) {
        delivery.status = 'delivered';
        return;
      }
      const wait = state.retryDelaysMs[delivery.attempts.length - 1];
      if (wait === undefined) delivery.status = 'gave_up';
      else later(delivery, wait);
    } finally {
      inFlight.delete(delivery.id);
    }
  }

  async function deliverDue(): Promise<void> {
    await Promise.all(state.notifications.filter((d) => d.status === 'pending').map(attempt));
  }

  return {
    paid(order) {
      const id = randomUUID();
      const delivery: NotificationDelivery = {
        id,
        outTradeNo: order.outTradeNo,
        url: order.notifyUrl,
        body: JSON.stringify(successBody(state, transactionOf(order), id)),
        status: 'pending',
        attempts: [],
        nextAt: state.now(),
      };
      state.notifications.push(delivery);
      if (!state.holdNotifications) void attempt(delivery);
      return delivery;
    },
    deliverDue,
    replay: (delivery) => post(delivery.url, delivery.body, platformHeaders(state, delivery.body)),
    async forge(order, kind, url) {
      const resource = order
        ? transactionOf(order)
        : {
            ...transactionOf({
              appid: state.options.appIds[0] ?? '',
              mchid: state.options.mchid,
              outTradeNo: `FORGED${randomText(state, 12)}`,
              description: '',
              notifyUrl: url,
              attach: '',
              totalFen: 100,
              openid: 'unknown',
              prepayId: '',
              expiresAt: 0,
              createdAt: state.now(),
              tradeState: 'SUCCESS',
              transactionId: '4200000000000000000000000000',
              successAt: state.now(),
              payerActions: [],
              refundedFen: 0,
            }),
          };
      // A paid resource, as only a payment would produce it.
      const paid: Record<string, unknown> = {
        ...resource,
        trade_state: 'SUCCESS',
        trade_state_desc: '支付成功',
        transaction_id: (resource.transaction_id as string | undefined) ?? '4200000000000000000000000001',
        success_time: rfc3339(state.now()),
      };
      let body = JSON.stringify(successBody(state, paid));
      let headers = platformHeaders(state, body);
      switch (kind) {
        case 'bad_signature': {
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          headers = {
            ...headers,
            'Wechatpay-Signature': createSign('RSA-SHA256')
              .update(`${headers['Wechatpay-Timestamp']}\n${headers['Wechatpay-Nonce']}\n${body}\n`)
              .sign(privateKey, 'base64'),
          };
          break;
        }
        case 'altered':
          body = body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ');
          break;
        case 'stale':
          headers = platformHeaders(state, body, { timestampS: Math.floor(state.now() / 1000) - 600 });
          break;
        case 'unknown_order':
          break;
        case 'amount_mismatch': {
          const amount = paid.amount as { total: number };
          body = JSON.stringify(
            successBody(state, { ...paid, amount: { ...amount, total: amount.total + 1 } }),
          );
          headers = platformHeaders(state, body);
          break;
        }
        case 'undecryptable': {
          const parsed = JSON.parse(body) as { resource: Record<string, unknown> };
          parsed.resource = {
            original_type: 'transaction',
            ...encryptResource(state, JSON.stringify(paid), 'transaction', 'X'.repeat(32)),
          };
          body = JSON.stringify(parsed);
          headers = platformHeaders(state, body);
          break;
        }
      }
      return post(url, body, headers);
    },
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
