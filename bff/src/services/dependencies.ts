// The BFF's outside dependencies, one circuit breaker each (issue 26): the insurance platform by
// surface (the channel API and the 62xx mobile payments), WeChat, Alipay, the two payment
// services, PostgreSQL and Redis. Each breaker refuses with its dependency's code (a 503 whose
// Chinese message says what is down), logs when it opens and closes, and is read by /readyz.
import type { Logger } from 'pino';

import { DependencyDown, UpstreamError, type DependencyDownCode } from '../errors';
import { createBreaker, type Breaker, type BreakerOptions } from './breaker';

export type DependencyName =
  | 'insurance-channel'
  | 'insurance-payments'
  | 'wechat'
  | 'alipay'
  | 'wechatpay'
  | 'alipay-pay'
  | 'postgres'
  | 'redis';

const CODES: Record<DependencyName, DependencyDownCode> = {
  'insurance-channel': 'INSURANCE_PLATFORM_DOWN',
  'insurance-payments': 'INSURANCE_PLATFORM_DOWN',
  wechat: 'WECHAT_DOWN',
  alipay: 'ALIPAY_DOWN',
  wechatpay: 'WECHATPAY_DOWN',
  'alipay-pay': 'ALIPAY_PAY_DOWN',
  postgres: 'STORAGE_DOWN',
  redis: 'SESSION_SERVICE_DOWN',
};

/** How every breaker counts (config may change them; tests pass small ones). */
export type BreakerSettings = Pick<
  BreakerOptions,
  'windowMs' | 'minimumCalls' | 'failureRate' | 'coolDownMs'
>;

export const DEFAULT_BREAKER_SETTINGS = {
  windowMs: 30_000,
  // A person retrying a few times never opens it; a dead dependency under load does in a second.
  minimumCalls: 10,
  failureRate: 0.5,
  coolDownMs: 15_000,
} satisfies BreakerSettings;

/**
 * An upstream failed to answer usefully: unreachable, timed out, or a 5xx. An answer that does
 * not fit its schema or a refusal (a wrong password, an unknown person) comes from a platform
 * that is up: opening the breaker would not help.
 */
export function isUpstreamOutage(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  return error.code !== 'UPSTREAM_BAD_RESPONSE' || (error.httpStatus ?? 0) >= 500;
}

export interface DependencyBreakerOptions {
  now: () => number;
  logger?: Pick<Logger, 'warn' | 'info'>;
  settings?: BreakerSettings;
  /** What counts as the dependency failing (default: an upstream outage). */
  isFailure?: (error: unknown) => boolean;
}

export function dependencyBreaker(name: DependencyName, options: DependencyBreakerOptions): Breaker {
  return createBreaker({
    ...DEFAULT_BREAKER_SETTINGS,
    ...options.settings,
    name,
    now: options.now,
    isFailure: options.isFailure ?? isUpstreamOutage,
    rejection: (snapshot) => new DependencyDown(CODES[name], name, snapshot.retryAt),
    onStateChange: ({ from, to }) => {
      if (to === 'open') options.logger?.warn({ dependency: name, from }, 'dependency down: circuit opened');
      else if (to === 'closed') options.logger?.info({ dependency: name }, 'dependency back: circuit closed');
    },
  });
}

/** The upstreams' breakers, made once per process and shared by every client of each. */
export interface UpstreamBreakers {
  insurance: { channel: Breaker; payments: Breaker };
  wechat: Breaker;
  alipay: Breaker;
  wechatpay: Breaker;
  alipayPay: Breaker;
}

export function createUpstreamBreakers(options: DependencyBreakerOptions): UpstreamBreakers {
  const make = (name: DependencyName) => dependencyBreaker(name, options);
  return {
    insurance: { channel: make('insurance-channel'), payments: make('insurance-payments') },
    wechat: make('wechat'),
    alipay: make('alipay'),
    wechatpay: make('wechatpay'),
    alipayPay: make('alipay-pay'),
  };
}
