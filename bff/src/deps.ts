// Builds the BFF's collaborators from the configuration. Tests build their own Deps
// with fakes and a fixed clock instead.
import { randomUUID } from 'node:crypto';

import { createEnvelopeCodec } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import type { Logger } from 'pino';

import { createInsuranceClient, type InsurancePlatform } from './clients/insurance';
import type { Config } from './config';
import { createLogger } from './logger';

export interface Deps {
  config: Config;
  logger: Logger;
  insurance: InsurancePlatform;
  now: () => number;
  newId: () => string;
}

export function buildDeps(config: Config, overrides: Partial<Deps> = {}): Deps {
  const now = overrides.now ?? Date.now;
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  return {
    config,
    logger: overrides.logger ?? createLogger({ level: config.logLevel }),
    insurance:
      overrides.insurance ??
      createInsuranceClient({
        baseUrl: config.insurance.baseUrl,
        channel: config.insurance.channel,
        codec,
        timeoutMs: config.insurance.timeoutMs,
      }),
    now,
    newId: overrides.newId ?? randomUUID,
  };
}
