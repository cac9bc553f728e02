// The payment platforms' notifications under hostile deliveries, for
// tests/system/hostile-input.test.ts, as hostile-webhook.ts does for the insurance platform's.
// The BFF's real WeChat Pay and Alipay clients read them (the platforms are never called here).
// What each delivery must get:
// - genuinely signed, about an order the BFF never placed: refused as such (404), so the
//   signature and the decryption held and the content was read;
// - signed, with hostile content (each field of the body, of the encrypted transaction, of the
//   form, replaced or left out): a 4xx;
// - unsigned, forged (another key), altered after signing, stale, sealed under another APIv3
//   key, with hostile signature headers, or not a notification at all: a 4xx.
// Each refusal in the platform's own shape — WeChat Pay's `{code: "FAIL", message}`, Alipay's
// plain `fail …` — with a Chinese message (a body the parser refuses: the API's error shape),
// never a 5xx, and nothing stored in the BFF or the sandbox.
import { generateKeyPairSync, randomUUID } from 'node:crypto';

import type request from 'supertest';

import { signNotification } from '../../bff/sandbox/alipay/trade-notify';
import { encryptResource, platformHeaders, rfc3339 } from '../../bff/sandbox/wechatpay/signing';
import { createWechatPayState } from '../../bff/sandbox/wechatpay/state';
import { createAlipayGateway } from '../../bff/src/clients/alipay-gateway';
import { chinaTime, createAlipayTradeClient } from '../../bff/src/clients/alipay-trade';
import { alipayCashier, wechatPayCashier } from '../../bff/src/clients/cashiers';
import { createWechatPayClient } from '../../bff/src/clients/wechatpay';
import type { CashPlatforms } from '../../bff/src/services/cash-platforms';
import { ALIPAY_APP_ID, alipayKeys } from '../platforms/alipay-support';
import { clientOptionsFor, sandboxOptionsFor, wechatPayMerchant } from '../platforms/wechatpay-support';
import {
  changedCounts,
  HOSTILE_BODIES,
  HOSTILE_STRINGS,
  HOSTILE_VALUES_BRIEF,
  hostileBodies,
  URL_STRINGS,
} from '../support/hostile';

/** Nowhere: reading a notification calls no platform. */
const UNREACHABLE = 'http://127.0.0.1:9';
/** An order number of ours in shape, of no order the BFF has. */
const NO_SUCH_ORDER = 'C20260101000000ABCDEFGHIJKLMNOPQ';
const UNKNOWN_ORDER = '通知所述订单不存在';

/** The BFF's cash platforms, its real clients for the test merchant and app; none is ever called. */
export function cashPlatformsFor(wechatAppId: string): CashPlatforms {
  const merchant = wechatPayMerchant();
  const { app, alipay } = alipayKeys();
  return {
    wechatpay: wechatPayCashier(
      createWechatPayClient({ ...clientOptionsFor(merchant, UNREACHABLE, Date.now), appId: wechatAppId }),
    ),
    alipay: alipayCashier(
      createAlipayTradeClient(
        createAlipayGateway({
          gateway: `${UNREACHABLE}/gateway.do`,
          appId: ALIPAY_APP_ID,
          privateKey: app.privateKey,
          alipayPublicKey: alipay.publicKey,
          timeoutMs: 2000,
        }),
        { appId: ALIPAY_APP_ID, now: Date.now },
      ),
    ),
  };
}

interface System {
  http: ReturnType<typeof request>;
  /** Rows of every table of the BFF and the sandbox. */
  counts: () => Record<string, number>;
}

/** Header values an HTTP client can send (printable ASCII). */
const HEADER_STRINGS = HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s));

/** A refusal in the platform's shape (`platform`) or, from the body parser, the API's. */
function refusal(res: request.Response, platform: (res: request.Response) => boolean): string | undefined {
  const text = `${res.status} ${res.text.slice(0, 160)}`;
  if (res.status < 400 || res.status >= 500) return `${text}: expected a 4xx`;
  const api = res.body?.error as { code?: unknown; message?: unknown } | undefined;
  const chinese = (value: unknown) => /[\u4e00-\u9fa5]/.test(String(value));
  if (platform(res) || (typeof api?.code === 'string' && chinese(api.message))) return undefined;
  return `${text}: not the platform's refusal with a Chinese message`;
}

const wechatPayShape = (res: request.Response) =>
  res.body?.code === 'FAIL' && /[\u4e00-\u9fa5]/.test(String(res.body?.message));
const alipayShape = (res: request.Response) => /^fail .*[\u4e00-\u9fa5]/.test(res.text);

/** Sends each delivery, and says what is wrong with the answers; `expect` overrides "a 4xx". */
async function judge(
  system: System,
  deliveries: {
    label: string;
    send: () => request.Test;
    expect?: (res: request.Response) => string | undefined;
  }[],
  shape: (res: request.Response) => boolean,
  answers: string[],
): Promise<string[]> {
  const complaints: string[] = [];
  for (const delivery of deliveries) {
    const before = system.counts();
    const res = await delivery.send();
    const wrong = delivery.expect ? delivery.expect(res) : refusal(res, shape);
    const stored = changedCounts(before, system.counts());
    if (wrong) complaints.push(`[${delivery.label}]: ${wrong}`);
    else if (stored.length > 0)
      complaints.push(`[${delivery.label}]: refused, yet stored ${stored.join(', ')}`);
    answers.push(`${res.status} ${res.body?.message ?? res.text}`);
  }
  return complaints;
}

/** POST /webhooks/wechatpay: v3 signature headers over the raw JSON, the resource AES-256-GCM. */
export async function hostileWechatPayNotifications(system: System, wechatAppId: string): Promise<string[]> {
  const merchant = wechatPayMerchant();
  const state = createWechatPayState(sandboxOptionsFor(merchant, wechatAppId));
  const transaction = {
    appid: wechatAppId,
    mchid: merchant.mchid,
    out_trade_no: NO_SUCH_ORDER,
    transaction_id: '4200000000202601010000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: rfc3339(Date.now()),
    attach: '',
    payer: { openid: 'openid-hostile' },
    amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
  };
  const envelope = (resource: unknown, apiV3Key?: string) => ({
    id: randomUUID(),
    create_time: rfc3339(Date.now()),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      ...encryptResource(state, JSON.stringify(resource), 'transaction', apiV3Key),
    },
  });
  const post = (body: string, headers: Record<string, string>) => () =>
    system.http.post('/webhooks/wechatpay').set('Content-Type', 'application/json').set(headers).send(body);
  const signed = (body: string) => post(body, platformHeaders(state, body));

  const genuine = JSON.stringify(envelope(transaction));
  const headers = platformHeaders(state, genuine);
  const deliveries: Parameters<typeof judge>[1] = [
    {
      label: 'genuine, of no order of ours',
      send: post(genuine, headers),
      expect: (res) =>
        res.status === 404 && res.body?.code === 'FAIL' && res.body?.message === UNKNOWN_ORDER
          ? undefined
          : `${res.status} ${res.text.slice(0, 160)}: expected 404 ${UNKNOWN_ORDER}`,
    },
  ];
  // Signed and sealed as WeChat Pay would, with hostile content: the transaction, then the envelope.
  for (const bad of hostileBodies(transaction, HOSTILE_VALUES_BRIEF))
    deliveries.push({
      label: `transaction ${JSON.stringify(bad).slice(0, 60)}`,
      send: signed(JSON.stringify(envelope(bad))),
    });
  const outer = JSON.parse(genuine) as Record<string, unknown>;
  for (const bad of hostileBodies(outer, HOSTILE_VALUES_BRIEF))
    deliveries.push({ label: `body ${JSON.stringify(bad).slice(0, 60)}`, send: signed(JSON.stringify(bad)) });
  for (const raw of ['', 'null', '[]', '"text"', '{}', '{"a":', 'hello'])
    deliveries.push({ label: `signed raw ${raw}`, send: signed(raw) });
  // Not WeChat Pay's word: each signature header left out or hostile, and forgeries.
  for (const name of Object.keys(headers)) {
    const { [name]: _left, ...without } = headers;
    deliveries.push({ label: `${name} left out`, send: post(genuine, without) });
    for (const bad of HEADER_STRINGS)
      deliveries.push({
        label: `${name} = ${bad.slice(0, 20)}`,
        send: post(genuine, { ...headers, [name]: bad }),
      });
  }
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  deliveries.push(
    {
      label: 'signed with another key',
      send: post(genuine, platformHeaders(state, genuine, { privateKey: otherKey })),
    },
    { label: 'altered after signing', send: post(genuine.replace('"total":100', '"total":1'), headers) },
    {
      label: 'ten minutes old',
      send: post(
        genuine,
        platformHeaders(state, genuine, { timestampS: Math.floor(Date.now() / 1000) - 600 }),
      ),
    },
    {
      label: 'sealed under another APIv3 key',
      send: signed(JSON.stringify(envelope(transaction, 'k'.repeat(32)))),
    },
  );
  for (const raw of HOSTILE_BODIES)
    deliveries.push({
      label: `raw ${raw.type} ${String(raw.body).slice(0, 20)}`,
      send: () => system.http.post('/webhooks/wechatpay').set('Content-Type', raw.type).send(raw.body),
    });

  const answers: string[] = [];
  const complaints = await judge(system, deliveries, wechatPayShape, answers);
  // Signed hostile content got past the signature: the BFF read it and refused what it said.
  if (!answers.some((answer) => /通知格式错误|通知不属于本商户|通知所述订单不存在|通知金额/.test(answer)))
    complaints.push('no signed delivery got past the signature check');
  return complaints;
}

/** POST /webhooks/alipay: a form whose RSA2 sign covers every field but sign and sign_type. */
export async function hostileAlipayNotifications(system: System): Promise<string[]> {
  const { alipay } = alipayKeys();
  const now = chinaTime(Date.now());
  const form: Record<string, string> = {
    notify_time: now,
    notify_type: 'trade_status_sync',
    notify_id: 'hostile-notify-1',
    charset: 'utf-8',
    version: '1.0',
    app_id: ALIPAY_APP_ID,
    auth_app_id: ALIPAY_APP_ID,
    trade_no: '2026010122000000010000000001',
    out_trade_no: NO_SUCH_ORDER,
    buyer_id: '2088000000000001',
    seller_id: '2088000000000000',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '1.00',
    subject: '诊间支付-现金部分',
    gmt_create: now,
    gmt_payment: now,
  };
  const post = (fields: Record<string, string>) => () =>
    system.http.post('/webhooks/alipay').type('form').send(new URLSearchParams(fields).toString());
  const signed = (fields: Record<string, string>) => post(signNotification(fields, alipay.privateKey));

  const genuine = signNotification(form, alipay.privateKey);
  const deliveries: Parameters<typeof judge>[1] = [
    {
      label: 'genuine, of no order of ours',
      send: post(genuine),
      expect: (res) =>
        res.status === 404 && res.text === `fail ${UNKNOWN_ORDER}`
          ? undefined
          : `${res.status} ${res.text.slice(0, 160)}: expected 404 fail ${UNKNOWN_ORDER}`,
    },
  ];
  for (const key of Object.keys(form)) {
    const { [key]: _left, ...without } = form;
    deliveries.push({ label: `${key} left out, signed`, send: signed(without) });
    for (const bad of URL_STRINGS) {
      // Signed with the hostile value (content the BFF must read), and the genuine sign kept (altered).
      deliveries.push({
        label: `${key} = ${bad.slice(0, 20)}, signed`,
        send: signed({ ...form, [key]: bad }),
      });
      deliveries.push({
        label: `${key} = ${bad.slice(0, 20)}, altered`,
        send: post({ ...genuine, [key]: bad }),
      });
    }
  }
  const { sign: _sign, ...unsigned } = genuine;
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  deliveries.push(
    { label: 'sign left out', send: post(unsigned) },
    { label: 'signed with another key', send: post(signNotification(form, otherKey)) },
    {
      label: 'two days old',
      send: signed({ ...form, notify_time: chinaTime(Date.now() - 2 * 86_400_000) }),
    },
  );
  for (const bad of URL_STRINGS) {
    deliveries.push({ label: `sign = ${bad.slice(0, 20)}`, send: post({ ...genuine, sign: bad }) });
    deliveries.push({ label: `sign_type = ${bad.slice(0, 20)}`, send: post({ ...genuine, sign_type: bad }) });
  }
  for (const raw of HOSTILE_BODIES)
    deliveries.push({
      label: `raw ${raw.type} ${String(raw.body).slice(0, 20)}`,
      send: () => system.http.post('/webhooks/alipay').set('Content-Type', raw.type).send(raw.body),
    });

  const answers: string[] = [];
  const complaints = await judge(system, deliveries, alipayShape, answers);
  if (!answers.some((answer) => /通知格式错误|通知不属于本商户|通知金额/.test(answer)))
    complaints.push('no signed delivery got past the signature check');
  return complaints;
}
