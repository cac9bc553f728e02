// Builds the BFF's collaborators from the configuration. Tests build their own Deps
// (buildDeps with overrides) with fakes and a fixed clock instead.
import { randomUUID } from 'node:crypto';

import { createEnvelopeCodec, publicKeyHex, type EnvelopeCodec } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import type { Logger } from 'pino';

import { createAlipayClient } from './clients/alipay';
import { createDevPlatformControls } from './clients/dev-platforms';
import { createInsuranceClient, type InsurancePlatform } from './clients/insurance';
import { createWechatClient } from './clients/wechat';
import type { Config } from './config';
import { createLogger } from './logger';
import { createClaimService, type ClaimService } from './services/claim';
import { createNotifier, type Notifier } from './services/notifier';
import type { AlipayIdentity, DevPlatformControls, WechatIdentity } from './services/platforms';
import { createRateLimiter } from './services/rate-limit';
import { createSessionService, type SessionService } from './services/session';
import { createDevSmsSink, type DevSmsSink } from './services/sms';
import { createVoucherService, type VoucherService } from './services/voucher';
import { createWebhookService, type WebhookService } from './services/webhook';
import { createBindingStore, type BindingStore } from './store/bindings';
import { createClaimStore, type ClaimStore } from './store/claims';
import { openBffDatabase, type Db } from './store/db';
import { createEventStore, type EventStore } from './store/events';
import { createSessionStore, type SessionStore } from './store/sessions';

/** The insurance platform as each channel sees it: WeChat (weapp and H5) and Alipay. */
export interface InsuranceChannels {
  wechat: InsurancePlatform;
  alipay?: InsurancePlatform;
}

export interface Deps {
  config: Config;
  logger: Logger;
  now: () => number;
  newId: () => string;
  db: Db;
  insurance: InsuranceChannels;
  wechat: WechatIdentity;
  alipay?: AlipayIdentity;
  sessions: SessionStore;
  bindings: BindingStore;
  claims: ClaimStore;
  smsSink: DevSmsSink;
  /** Present only when DEV_LOGIN is on. */
  devControls?: DevPlatformControls;
  events: EventStore;
  notifier: Notifier;
  /** Opens the platform's event envelopes (webhook). */
  codec: EnvelopeCodec;
  sessionService: SessionService;
  claimService: ClaimService;
  voucherService: VoucherService;
  webhookService: WebhookService;
  /** The platform's public key, for the phone to encrypt passwords with. */
  passwordKey: { algorithm: 'SM2'; cipherMode: 'C1C3C2'; publicKeyHex: string };
}

type Overridable = Partial<
  Pick<Deps, 'logger' | 'now' | 'newId' | 'insurance' | 'wechat' | 'alipay' | 'smsSink' | 'devControls'>
> & { smsCode?: () => string };

export function buildDeps(config: Config, overrides: Overridable = {}): Deps {
  const now = overrides.now ?? Date.now;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  const { baseUrl, timeoutMs, channels } = config.insurance;
  const insuranceClient = (channel: typeof channels.wechat) =>
    createInsuranceClient({ baseUrl, channel, codec, timeoutMs });
  const insurance = overrides.insurance ?? {
    wechat: insuranceClient(channels.wechat),
    ...(channels.alipay ? { alipay: insuranceClient(channels.alipay) } : {}),
  };
  const wechat =
    overrides.wechat ?? createWechatClient({ ...config.wechat, timeoutMs: config.platformTimeoutMs, now });
  const alipay =
    overrides.alipay ??
    (config.alipay
      ? createAlipayClient({ ...config.alipay, timeoutMs: config.platformTimeoutMs })
      : undefined);

  const db = openBffDatabase(config.dbFile);
  const sessions = createSessionStore(db, now);
  const bindings = createBindingStore(db);
  const claims = createClaimStore(db);
  const events = createEventStore(db);
  const notifier = createNotifier();
  const smsSink = overrides.smsSink ?? createDevSmsSink(now, (line) => process.stdout.write(`${line}\n`));
  const devControls = config.devLogin
    ? (overrides.devControls ??
      createDevPlatformControls({
        wechatBaseUrl: config.wechat.baseUrl,
        insuranceBaseUrl: baseUrl,
        timeoutMs: config.platformTimeoutMs,
      }))
    : undefined;

  return {
    config,
    logger,
    now,
    newId: overrides.newId ?? randomUUID,
    db,
    insurance,
    wechat,
    ...(alipay ? { alipay } : {}),
    sessions,
    bindings,
    claims,
    smsSink,
    ...(devControls ? { devControls } : {}),
    events,
    notifier,
    codec,
    voucherService: createVoucherService({
      insurance,
      bindings,
      events,
      notifier,
      codeLimiter: createRateLimiter({ limit: 30, windowMs: 60_000, now }),
    }),
    webhookService: createWebhookService({ events, notifier, logger, now }),
    sessionService: createSessionService({ sessions, bindings, wechat, alipay, devLogin: config.devLogin }),
    claimService: createClaimService({
      claims,
      bindings,
      insurance,
      wechat,
      alipay,
      sms: smsSink,
      now,
      ...(overrides.smsCode ? { smsCode: overrides.smsCode } : {}),
    }),
    passwordKey: {
      algorithm: 'SM2',
      cipherMode: 'C1C3C2',
      publicKeyHex: publicKeyHex(channels.wechat.peerPublicKey),
    },
  };
}
