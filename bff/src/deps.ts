// Builds the BFF's collaborators from the configuration. Tests build their own Deps
// with fakes and a fixed clock instead.
import { randomUUID } from 'node:crypto';

import { createEnvelopeCodec } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import type { Logger } from 'pino';

import { createInsuranceClient, type InsurancePlatform } from './clients/insurance';
import type { Config } from './config';
import { createLogger } from './logger';

/** The insurance platform as each channel sees it: WeChat (weapp and H5) and Alipay. */
export interface InsuranceChannels {
  wechat: InsurancePlatform;
  alipay?: InsurancePlatform;
}

export interface Deps {
  config: Config;
  logger: Logger;
  insurance: InsuranceChannels;
  now: () => number;
  newId: () => string;
}

export function buildDeps(config: Config, overrides: Partial<Deps> = {}): Deps {
  const now = overrides.now ?? Date.now;
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  const { baseUrl, timeoutMs, channels } = config.insurance;
  const client = (channel: typeof channels.wechat) =>
    createInsuranceClient({ baseUrl, channel, codec, timeoutMs });
  return {
    config,
    logger: overrides.logger ?? createLogger({ level: config.logLevel }),
    insurance: overrides.insurance ?? {
      wechat: client(channels.wechat),
      ...(channels.alipay ? { alipay: client(channels.alipay) } : {}),
    },
    now,
    newId: overrides.newId ?? randomUUID,
  };
}
