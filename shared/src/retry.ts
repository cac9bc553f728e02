// The phone's retry policy, in one place so the mini-program's client and the load tests that
// play the phone make the same choice: retry only what cannot be done twice by accident (a GET,
// or a request the BFF de-duplicates by its request id), only when no answer came or the BFF
// said "down for a moment" (503 with a short Retry-After), at most twice. Everything else is
// shown to the person in the BFF's own words.

/** Retries after the first attempt; the third failure is shown. */
export const MAX_RETRIES = 2;
/** A 503 asking for a longer wait than this is shown, not waited out on a spinner. */
export const MAX_RETRY_AFTER_MS = 5_000;
/** The wait before retry n when the BFF did not say: 1 s, then 2 s. */
export const RETRY_STEP_MS = 1_000;

export interface RetryInput {
  /** The HTTP method of the request that failed. */
  method: string;
  /** True when the BFF de-duplicates the request (it carries a request id / idempotency key). */
  idempotent: boolean;
  /** The answer's status; undefined or 0 when no answer came (network error, timeout). */
  status: number | undefined;
  /** The answer's Retry-After header (delta-seconds), or undefined when absent. */
  retryAfter: string | number | null | undefined;
  /** Which attempt just failed: 1 for the first request, 2 for the first retry, … */
  attempt: number;
}

/**
 * How long to wait before trying `input`'s request again, or undefined to show the error.
 * A delay of 0 is a real answer ("again at once"), so callers test `=== undefined`.
 */
export function retryDelayMs(input: RetryInput): number | undefined {
  const { method, idempotent, status, attempt } = input;
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_RETRIES) return undefined;
  if (method.toUpperCase() !== 'GET' && !idempotent) return undefined;
  const noAnswer = status === undefined || status === 0;
  const retryAfterMs = parseRetryAfterMs(input.retryAfter);
  if (noAnswer) return retryAfterMs ?? RETRY_STEP_MS * attempt;
  if (status !== 503 || retryAfterMs === undefined || retryAfterMs > MAX_RETRY_AFTER_MS) return undefined;
  return retryAfterMs;
}

/**
 * Retry-After as milliseconds, or undefined when absent or not delta-seconds. The BFF only
 * sends whole seconds; an HTTP-date (allowed by RFC 9110) is not one it sends, so it is
 * treated as absent rather than trusted against the phone's clock.
 */
export function parseRetryAfterMs(value: string | number | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (!/^\d{1,9}$/.test(text)) return undefined;
  return Number(text) * 1_000;
}
