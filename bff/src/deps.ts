// Builds the BFF's collaborators from the configuration. Tests build their own Deps
// (buildDeps with overrides) with fakes and a fixed clock instead.
import { randomUUID } from 'node:crypto';

import { createEnvelopeCodec, publicKeyHex, type EnvelopeCodec } from '@ybm/shared/gm';
import { nodePrimitives, type GroupCommit } from '@ybm/shared/node';
import type { Logger } from 'pino';

import { createAlipayClient } from './clients/alipay';
import { createAlipayGateway } from './clients/alipay-gateway';
import { createAlipayTradeClient } from './clients/alipay-trade';
import { alipayCashier, wechatPayCashier } from './clients/cashiers';
import { createDevPlatformControls } from './clients/dev-platforms';
import { guardAlipay, guardCashier, guardWechat } from './clients/guarded';
import { createInsuranceClient, type InsuranceChannels, type InsuranceTransport } from './clients/insurance';
import { createWechatClient } from './clients/wechat';
import { createWechatPayClient } from './clients/wechatpay';
import type { Config } from './config';
import { createLogger } from './logger';
import { createAccountService, type AccountService } from './services/account';
import { createLastGood } from './services/last-good';
import { createCashPaymentService, type CashPaymentService } from './services/cash-payments';
import type { CashPlatforms } from './services/cash-platforms';
import { createCashRefunds, type CashRefunds } from './services/cash-refunds';
import { createClaimService, type ClaimService } from './services/claim';
import { createConsentService, type ConsentService } from './services/consents';
import { createUpstreamBreakers, type UpstreamBreakers } from './services/dependencies';
import { createFamilyService, type FamilyService } from './services/family';
import { createInboxService, type InboxService } from './services/inbox';
import { createMemberCodeService, type MemberCodeService } from './services/member-codes';
import type { Notifier } from './services/notifier';
import { createPaymentService, type PaymentService } from './services/payments';
import type { AlipayIdentity, DevPlatformControls, WechatIdentity } from './services/platforms';
import type { AlipayPlatform } from './clients/alipay';
import type { WechatPlatform } from './clients/wechat';
import { createPushDispatcher, type PushDispatcher } from './services/push';
import { createReadiness, type ReadinessService } from './services/readiness';
import { createDrain, type Drain } from './shutdown';
import { createRecordIds } from './services/record-ids';
import { createRecoveryService, type RecoveryService } from './services/recovery';
import { createSessionService, type SessionService } from './services/session';
import { createDirectoryService, type DirectoryService } from './services/directory';
import { createRemoteCareService, type RemoteCareService } from './services/remote-care';
import { createSettingsService, type SettingsService } from './services/settings';
import { createDevSmsReader, createDevSmsSink, type DevSmsReader, type DevSmsSink } from './services/sms';
import { createVoucherService, type VoucherService } from './services/voucher';
import { createWebhookService, type WebhookService } from './services/webhook';
import type { Db } from './store/db';
import type {
  AuditLog,
  BillStore,
  BindingStore,
  CashOrderStore,
  ClaimStore,
  ConsentStore,
  EventStore,
  FamilyStore,
  InboxStore,
  NotificationStore,
  RecoveryStore,
  SessionStore,
  Stores,
} from './store/ports';
import { openSqliteStorage, type Storage } from './store/storage';

export type { InsuranceChannels };

export interface Deps {
  config: Config;
  logger: Logger;
  now: () => number;
  newId: () => string;
  /** Where the state is (SQLite, or PostgreSQL + Redis); main closes it at exit. */
  storage: Storage;
  /** The SQLite connection; absent in scaled mode. */
  db?: Db;
  /** Every store, and the unit of work over them. */
  stores: Stores;
  /**
   * SQLite only: writes nobody waits for (the audit trail), committed together once per
   * event-loop turn.
   */
  commits?: GroupCommit;
  audit: AuditLog;
  /** One circuit breaker per upstream (issue 26); /readyz reads them. */
  breakers: UpstreamBreakers;
  /** /readyz's state: the breakers and a background probe (main.ts starts it). */
  readiness: ReadinessService;
  /** Graceful shutdown's state (shutdown.ts): requests in flight, draining or not. */
  drain: Drain;
  insurance: InsuranceChannels;
  wechat: WechatClient;
  alipay?: AlipayClient;
  sessions: SessionStore;
  bindings: BindingStore;
  claims: ClaimStore;
  consents: ConsentStore;
  smsSink: DevSmsSink;
  /** Present only when DEV_LOGIN is on. */
  devControls?: DevPlatformControls;
  /** The dev endpoint's view of the SMS sink; present only when DEV_LOGIN is on. */
  devSms?: DevSmsReader;
  events: EventStore;
  bills: BillStore;
  inbox: InboxStore;
  notifications: NotificationStore;
  notifier: Notifier;
  pushDispatcher: PushDispatcher;
  paymentService: PaymentService;
  inboxService: InboxService;
  /** The cash part of bills at WeChat Pay / Alipay: orders, notifications, confirmation. */
  cash: CashOrderStore;
  cashPlatforms: CashPlatforms;
  cashPayments: CashPaymentService;
  cashRefunds: CashRefunds;
  /** Opens the platform's event envelopes (webhook). */
  codec: EnvelopeCodec;
  sessionService: SessionService;
  claimService: ClaimService;
  consentService: ConsentService;
  voucherService: VoucherService;
  webhookService: WebhookService;
  /** 定点机构, 医保目录 and estimates; 异地就医备案 (issue 23). */
  directory: DirectoryService;
  remoteCare: RemoteCareService;
  // 个人账户 and 亲情账户 (issue 22): the opaque member ids and their services.
  familyLinks: FamilyStore;
  account: AccountService;
  family: FamilyService;
  memberCodes: MemberCodeService;
  /** The platform's public key, for the phone to encrypt passwords with. */
  passwordKey: { algorithm: 'SM2'; cipherMode: 'C1C3C2'; publicKeyHex: string };
  /** 设置: password, unbinding, consent withdrawal, preferences; and the recoveries. */
  recoveries: RecoveryStore;
  settings: SettingsService;
  recovery: RecoveryService;
}

/** What the BFF uses of each platform: identity (login, face) and pushes. */
type WechatClient = WechatIdentity & Pick<WechatPlatform, 'sendSubscribeMessage'>;
type AlipayClient = AlipayIdentity & Pick<AlipayPlatform, 'sendTemplateMessage'>;

type Overridable = Partial<
  Pick<Deps, 'logger' | 'now' | 'newId' | 'insurance' | 'smsSink' | 'devControls' | 'cashPlatforms' | 'drain'>
> & {
  /** Opaque member ids (tests pass a predictable source). */
  newMemberId?: () => string;
  /** The wire under each channel's typed client (a test's scripted platform). */
  insuranceTransport?: { wechat: InsuranceTransport; alipay?: InsuranceTransport };
  /** Our order numbers at the payment platforms (tests pass a predictable one). */
  newCashOrderId?: () => string;
  smsCode?: () => string;
  wechat?: Partial<WechatClient> & WechatIdentity;
  alipay?: Partial<AlipayClient> & AlipayIdentity;
  /** Opened by main.ts for the scaled mode (PostgreSQL + Redis); default: the SQLite file. */
  storage?: Storage;
  /** The upstreams' breakers (tests pass ones that open sooner). */
  breakers?: UpstreamBreakers;
};

const refusePush: WechatClient['sendSubscribeMessage'] = async () => ({
  ok: false,
  reason: 'bad_template',
  errcode: 0,
  errmsg: 'push not configured',
});
const refuseTemplate: AlipayClient['sendTemplateMessage'] = async () => ({
  ok: false,
  reason: 'bad_template',
  code: '0',
  subCode: 'push not configured',
});

export function buildDeps(config: Config, overrides: Overridable = {}): Deps {
  const now = overrides.now ?? Date.now;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  const breakers = overrides.breakers ?? createUpstreamBreakers({ now, logger, settings: config.breakers });
  const { baseUrl, timeoutMs, channels } = config.insurance;
  const transports = overrides.insuranceTransport;
  // Both channels reach the same platform: they share its breakers.
  const insuranceClient = (channel: typeof channels.wechat, transport: InsuranceTransport | undefined) =>
    createInsuranceClient(transport ?? { baseUrl, channel, codec, timeoutMs }, {
      logger,
      breakers: breakers.insurance,
    });
  const alipayTransport = transports ? transports.alipay : undefined;
  const insurance: InsuranceChannels = overrides.insurance ?? {
    wechat: insuranceClient(channels.wechat, transports?.wechat),
    ...(channels.alipay && (!transports || alipayTransport)
      ? { alipay: insuranceClient(channels.alipay, alipayTransport) }
      : {}),
  };
  // Test fakes may leave out the push methods: such pushes are refused as not configured.
  const wechat: WechatClient = overrides.wechat
    ? { sendSubscribeMessage: refusePush, ...overrides.wechat }
    : guardWechat(
        createWechatClient({ ...config.wechat, timeoutMs: config.platformTimeoutMs, now }),
        breakers.wechat,
      );
  const alipay: AlipayClient | undefined = overrides.alipay
    ? { sendTemplateMessage: refuseTemplate, ...overrides.alipay }
    : config.alipay
      ? guardAlipay(
          createAlipayClient({ ...config.alipay, timeoutMs: config.platformTimeoutMs }),
          breakers.alipay,
        )
      : undefined;

  const storage =
    overrides.storage ??
    openSqliteStorage({ file: config.dbFile, now, phoneHashKey: config.phoneHashKey, logger });
  const { stores, notifier } = storage;
  // Every limit from the storage: in scaled mode counted across all instances, or a person
  // would get as many codes as there are instances behind the load balancer.
  const { rateLimiter } = storage;
  const { audit, sessions, bindings, claims, consents, events, bills, inbox, notifications, cash } = stores;
  const pushDispatcher = createPushDispatcher({
    notifications,
    owner: config.instanceId,
    platformTimeoutMs: config.platformTimeoutMs,
    bills,
    wechat,
    ...(alipay ? { alipay } : {}),
    templates: config.templates,
    logger,
    now,
  });
  // With several instances the H5 demo may ask another instance for the SMS than sent it: the
  // dev codes go to the shared board too (dev only: a production SMS never lands in Redis).
  const devBoard = config.devLogin && !overrides.smsSink ? storage.devSms : undefined;
  const smsSink =
    overrides.smsSink ??
    createDevSmsSink(
      now,
      (line) => process.stdout.write(`${line}\n`),
      devBoard ? (phone, sms) => devBoard.post(phone, sms) : undefined,
    );
  const devControls = config.devLogin
    ? (overrides.devControls ??
      createDevPlatformControls({
        wechatBaseUrl: config.wechat.baseUrl,
        ...(config.alipay ? { alipayBaseUrl: new URL(config.alipay.gateway).origin } : {}),
        ...(config.wechatPay ? { wechatPayBaseUrl: config.wechatPay.baseUrl } : {}),
        insuranceBaseUrl: baseUrl,
        timeoutMs: config.platformTimeoutMs,
      }))
    : undefined;

  // Cash parts are paid at the person's platform: WeChat Pay for WeChat (and H5) users, Alipay
  // trades for Alipay users, each only when configured and reachable from outside.
  const cashPlatforms: CashPlatforms = overrides.cashPlatforms ?? {
    ...(config.wechatPay
      ? {
          wechatpay: guardCashier(
            wechatPayCashier(
              createWechatPayClient({
                ...config.wechatPay,
                appId: config.wechat.appId,
                timeoutMs: config.platformTimeoutMs,
                now,
              }),
            ),
            breakers.wechatpay,
          ),
        }
      : {}),
    ...(config.alipay && config.publicBaseUrl
      ? {
          alipay: guardCashier(
            alipayCashier(
              createAlipayTradeClient(
                createAlipayGateway({ ...config.alipay, timeoutMs: config.platformTimeoutMs }),
                { appId: config.alipay.appId, now },
              ),
            ),
            breakers.alipayPay,
          ),
        }
      : {}),
  };
  const cashRefunds = createCashRefunds({
    stores,
    cash,
    bills,
    bindings,
    platforms: cashPlatforms,
    logger,
    now,
  });
  const devCashier = devControls?.cashier;
  const cashPayments = createCashPaymentService({
    stores,
    bills,
    bindings,
    family: stores.family,
    cash,
    audit,
    insurance,
    platforms: cashPlatforms,
    publicBaseUrl: config.publicBaseUrl,
    ...(devCashier ? { devCashier: { cashier: devCashier.bind(devControls) } } : {}),
    logger,
    now,
    ...(overrides.newCashOrderId ? { newOrderId: overrides.newCashOrderId } : {}),
    onRefundQueued: () => void cashRefunds.run(),
  });

  // 设置 (issue 24): one block.
  const { recoveries, preferences } = stores;
  const settings = createSettingsService({
    bindings,
    sessions,
    preferences,
    withdrawal: stores.withdrawal,
    insurance,
    audit,
    now,
  });
  const recovery = createRecoveryService({
    recoveries,
    claims,
    bindings,
    insurance,
    wechat,
    alipay,
    sms: smsSink,
    audit,
    now,
    ...(overrides.smsCode ? { smsCode: overrides.smsCode } : {}),
    starts: rateLimiter('recovery-starts', 10, 24 * 60 * 60 * 1000),
  });

  // 个人账户 and 亲情账户 (issue 22).
  const familyLinks = stores.family;
  const family = createFamilyService({
    insurance,
    bindings,
    family: familyLinks,
    wechat,
    ...(alipay ? { alipay } : {}),
    sms: smsSink,
    audit,
    now,
    ...(overrides.newMemberId ? { newMemberId: overrides.newMemberId } : {}),
    ...(overrides.smsCode ? { smsCode: overrides.smsCode } : {}),
  });
  const memberCodes = createMemberCodeService({
    insurance,
    family,
    events,
    notifier,
    audit,
    codeLimiter: rateLimiter('member-codes', 30, 60_000),
  });
  // Degraded mode (issue 26): account and records from their last good copy while the platform is down.
  const lastGood = createLastGood({ store: stores.lastGood, key: config.recordIdKey, now, logger });
  const account = createAccountService({ insurance, bindings, lastGood });
  const newId = overrides.newId ?? randomUUID;

  // Readiness (issue 26): the stores and the platform decide it; the rest is reported.
  const drain = overrides.drain ?? createDrain();
  const readiness = createReadiness({
    now,
    draining: drain.draining,
    checks: [
      {
        name: 'insurancePlatform',
        critical: true,
        breakers: [breakers.insurance.channel, breakers.insurance.payments],
        probe: async () => {
          for (const client of [insurance.wechat, insurance.alipay]) {
            if (!client) continue;
            const nonce = newId();
            if ((await client.echo(nonce)) !== nonce) throw new Error('echo lost our nonce');
          }
        },
      },
      { name: 'storage', critical: true, breakers: storage.breakers, probe: () => storage.ping() },
      { name: 'wechat', critical: false, breakers: [breakers.wechat] },
      ...(alipay ? [{ name: 'alipay' as const, critical: false, breakers: [breakers.alipay] }] : []),
      { name: 'payments', critical: false, breakers: [breakers.wechatpay, breakers.alipayPay] },
    ],
  });

  return {
    familyLinks,
    account,
    family,
    memberCodes,
    config,
    logger,
    recoveries,
    settings,
    recovery,
    now,
    newId,
    storage,
    readiness,
    drain,
    ...(storage.sqlite ? { db: storage.sqlite.db, commits: storage.sqlite.commits } : {}),
    stores,
    audit,
    breakers,
    insurance,
    wechat,
    ...(alipay ? { alipay } : {}),
    sessions,
    bindings,
    claims,
    consents,
    smsSink,
    ...(devControls
      ? { devControls, devSms: createDevSmsReader({ claims, sink: devBoard ?? smsSink }) }
      : {}),
    events,
    notifier,
    codec,
    voucherService: createVoucherService({
      insurance,
      bindings,
      events,
      notifier,
      audit,
      codeLimiter: rateLimiter('codes', 30, 60_000),
      members: family,
      recordIds: createRecordIds(config.recordIdKey),
      family: familyLinks,
      lastGood,
    }),
    bills,
    inbox,
    notifications,
    pushDispatcher,
    paymentService: createPaymentService({
      bills,
      bindings,
      family: familyLinks,
      cash,
      insurance,
      audit,
      logger,
      now,
    }),
    inboxService: createInboxService({ inbox, bills, bindings, family: familyLinks, cash }),
    cash,
    cashPlatforms,
    cashPayments,
    cashRefunds,
    webhookService: createWebhookService({
      stores,
      notifier,
      cashRefunds: true,
      logger,
      now,
      onNotificationsQueued: () => pushDispatcher.wake(),
      onCashRefundQueued: () => void cashRefunds.run(),
    }),
    sessionService: createSessionService({
      sessions,
      bindings,
      preferences,
      wechat,
      alipay,
      devLogin: config.devLogin,
    }),
    consentService: createConsentService({ consents, now }),
    claimService: createClaimService({
      claims,
      consents,
      bindings,
      insurance,
      wechat,
      alipay,
      sms: smsSink,
      audit,
      now,
      ...(overrides.smsCode ? { smsCode: overrides.smsCode } : {}),
    }),
    // Issue 23: 定点机构, 医保目录 (with estimates) and 异地就医备案.
    directory: createDirectoryService({ insurance, bindings, now }),
    remoteCare: createRemoteCareService({ insurance, bindings }),
    passwordKey: {
      algorithm: 'SM2',
      cipherMode: 'C1C3C2',
      publicKeyHex: publicKeyHex(channels.wechat.peerPublicKey),
    },
  };
}
