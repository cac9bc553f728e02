// The one error shape screens handle: a shared error code (or a phone-side one) and the
// Chinese message to show. No imports, so modules that must load early can use it.

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly requestId?: string,
    /** The error body's `details`, e.g. `{ remaining }` tries after PASSWORD_WRONG. */
    readonly details?: unknown,
    /** The answer's Retry-After header (a 503 of a dependency that is down), as sent. */
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A problem found on the phone, with a message of its own (not from the BFF). */
export function localError(code: string, message: string): ApiError {
  return new ApiError(code, message, 0);
}
