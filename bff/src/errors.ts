// Typed errors that services throw. The error middleware turns them into the one error
// shape; anything that is not an AppError becomes INTERNAL_ERROR and is logged.
import { ERRORS, type ErrorCode } from '@ybm/shared';

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    options: { message?: string; details?: unknown; cause?: unknown; status?: number } = {},
  ) {
    super(options.message ?? ERRORS[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.status = options.status ?? ERRORS[code].status;
    this.details = options.details;
  }

  readonly details: unknown;

  /** Only 4xx messages are the user's to read; 5xx show the catalogue's words. */
  get expose(): boolean {
    return this.status < 500;
  }
}

/** An upstream (insurance platform, WeChat, Alipay) failed or could not be reached. */
export class UpstreamError extends AppError {
  constructor(
    code: Extract<ErrorCode, 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT' | 'UPSTREAM_BAD_RESPONSE'>,
    readonly upstream: string,
    readonly reason: string,
    cause?: unknown,
    /** The HTTP status the upstream answered with, when it answered but not with 200. */
    readonly httpStatus?: number,
  ) {
    super(code, { cause });
    this.name = 'UpstreamError';
  }

  /**
   * What the person is told: WeChat's and Alipay's failures name their platform (the catalogue's
   * UPSTREAM_* words name the insurance platform); the status stays (503 down, 504 too slow, 502
   * an answer it cannot use).
   */
  shown(): AppError {
    const code = SHOWN_AS[this.upstream]?.[this.code];
    return code ? new AppError(code, { cause: this }) : this;
  }
}

const SHOWN_AS: Record<string, Partial<Record<ErrorCode, ErrorCode>>> = {
  wechat: {
    UPSTREAM_UNAVAILABLE: 'WECHAT_UNAVAILABLE',
    UPSTREAM_TIMEOUT: 'WECHAT_TIMEOUT',
    UPSTREAM_BAD_RESPONSE: 'WECHAT_BAD_RESPONSE',
  },
  alipay: {
    UPSTREAM_UNAVAILABLE: 'ALIPAY_UNAVAILABLE',
    UPSTREAM_TIMEOUT: 'ALIPAY_TIMEOUT',
    UPSTREAM_BAD_RESPONSE: 'ALIPAY_BAD_RESPONSE',
  },
};

/**
 * WeChat or Alipay answered and refused, in its own codes (clients/wechat-errors.ts,
 * clients/alipay-gateway.ts). Services map the refusals they expect (a used login code, a risky
 * user); one nobody mapped (our app id refused, say) reaches the person as the platform's 502,
 * not a 500. Never an outage: the platform is up.
 */
export abstract class PlatformRefusal extends Error {
  abstract readonly upstream: 'wechat' | 'alipay';

  shown(): AppError {
    return new AppError(this.upstream === 'wechat' ? 'WECHAT_BAD_RESPONSE' : 'ALIPAY_BAD_RESPONSE', {
      cause: this,
    });
  }
}

/** The codes a dependency that is down answers with (shared/src/errors.ts). */
export type DependencyDownCode = Extract<
  ErrorCode,
  | 'INSURANCE_PLATFORM_DOWN'
  | 'PAYMENT_PLATFORM_DOWN'
  | 'WECHAT_DOWN'
  | 'ALIPAY_DOWN'
  | 'WECHATPAY_DOWN'
  | 'ALIPAY_PAY_DOWN'
  | 'STORAGE_DOWN'
  | 'SESSION_SERVICE_DOWN'
>;

/**
 * A dependency's circuit breaker is open (services/breaker.ts): the call was refused here and
 * never sent, so nothing happened there. Not an UpstreamError, whose outcome may be unknown: a
 * payment refused this way is certainly not made. The error middleware adds Retry-After.
 */
export class DependencyDown extends AppError {
  constructor(
    code: DependencyDownCode,
    readonly dependency: string,
    /** When the breaker lets a probe through (epoch ms), if it knows. */
    readonly retryAt?: number,
  ) {
    super(code);
    this.name = 'DependencyDown';
  }

  /** The same refusal in another dependency's words (a payment's, say). */
  as(code: DependencyDownCode): DependencyDown {
    return new DependencyDown(code, this.dependency, this.retryAt);
  }
}
