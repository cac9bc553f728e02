import { MAX_RETRIES, parseRetryAfterMs, retryDelayMs, type RetryInput } from '@ybm/shared';

function input(overrides: Partial<RetryInput> = {}): RetryInput {
  return { method: 'GET', idempotent: false, status: 503, retryAfter: '1', attempt: 1, ...overrides };
}

describe('retryDelayMs', () => {
  it('waits out a 503 with a short Retry-After on a GET', () => {
    expect(retryDelayMs(input({ retryAfter: '2' }))).toBe(2_000);
    expect(retryDelayMs(input({ retryAfter: 5 }))).toBe(5_000);
  });

  it('retries at once when the BFF says Retry-After: 0', () => {
    expect(retryDelayMs(input({ retryAfter: '0' }))).toBe(0);
  });

  it('shows a 503 whose Retry-After is longer than 5 s, or that has none', () => {
    expect(retryDelayMs(input({ retryAfter: '6' }))).toBeUndefined();
    expect(retryDelayMs(input({ retryAfter: '30' }))).toBeUndefined();
    expect(retryDelayMs(input({ retryAfter: undefined }))).toBeUndefined();
    expect(retryDelayMs(input({ retryAfter: null }))).toBeUndefined();
  });

  it('retries a GET that got no answer after 1 s, then 2 s', () => {
    expect(retryDelayMs(input({ status: undefined, retryAfter: undefined, attempt: 1 }))).toBe(1_000);
    expect(retryDelayMs(input({ status: 0, retryAfter: undefined, attempt: 2 }))).toBe(2_000);
  });

  it('gives up after two retries', () => {
    expect(MAX_RETRIES).toBe(2);
    expect(retryDelayMs(input({ attempt: 2 }))).toBe(1_000);
    expect(retryDelayMs(input({ attempt: 3 }))).toBeUndefined();
    expect(retryDelayMs(input({ status: undefined, retryAfter: undefined, attempt: 3 }))).toBeUndefined();
  });

  it('never retries a POST the BFF does not de-duplicate', () => {
    expect(retryDelayMs(input({ method: 'POST' }))).toBeUndefined();
    expect(retryDelayMs(input({ method: 'POST', status: undefined, retryAfter: undefined }))).toBeUndefined();
    expect(retryDelayMs(input({ method: 'DELETE', status: undefined }))).toBeUndefined();
  });

  it('retries a POST that carries a request id like a GET', () => {
    expect(retryDelayMs(input({ method: 'POST', idempotent: true, retryAfter: '1' }))).toBe(1_000);
    expect(
      retryDelayMs(input({ method: 'post', idempotent: true, status: undefined, retryAfter: undefined })),
    ).toBe(1_000);
  });

  it('shows every other answer, whatever the method', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 502, 504]) {
      expect(retryDelayMs(input({ status, retryAfter: '1' }))).toBeUndefined();
    }
  });

  it('refuses an attempt number that is not a positive whole number', () => {
    expect(retryDelayMs(input({ attempt: 0 }))).toBeUndefined();
    expect(retryDelayMs(input({ attempt: 1.5 }))).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and ignores what it cannot trust', () => {
    expect(parseRetryAfterMs(' 3 ')).toBe(3_000);
    expect(parseRetryAfterMs('-1')).toBeUndefined();
    expect(parseRetryAfterMs('1.5')).toBeUndefined();
    expect(parseRetryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT')).toBeUndefined();
    expect(parseRetryAfterMs('')).toBeUndefined();
  });
});
