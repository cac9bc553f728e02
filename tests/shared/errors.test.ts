import { ERROR_CODES, ERRORS, errorMessage, errorStatus, isErrorCode } from '@ybm/shared';

describe('ERRORS', () => {
  it.each(ERROR_CODES)('gives %s a Chinese message', (code) => {
    expect(ERRORS[code].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(ERROR_CODES.filter((code) => code !== 'NETWORK_ERROR'))('gives %s a 4xx or 5xx status', (code) => {
    expect(errorStatus(code)).toBeGreaterThanOrEqual(400);
    expect(errorStatus(code)).toBeLessThan(600);
  });

  it('gives NETWORK_ERROR, which no server sends, status 0', () => {
    expect(errorStatus('NETWORK_ERROR')).toBe(0);
  });

  it('names codes in SCREAMING_SNAKE_CASE', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z]+(?:_[A-Z]+)*$/);
  });
});

describe('errorMessage', () => {
  it('gives the message of a known code', () => {
    expect(errorMessage('ENVELOPE_STALE')).toBe('报文时间戳超出允许范围');
  });

  it('falls back to the generic message for a code it does not know', () => {
    expect(errorMessage('SOMETHING_NEWER_SERVERS_SAY')).toBe(ERRORS.INTERNAL_ERROR.message);
    expect(errorMessage('toString')).toBe(ERRORS.INTERNAL_ERROR.message);
  });
});

describe('isErrorCode', () => {
  it('recognises catalogue codes only', () => {
    expect(isErrorCode('VALIDATION_ERROR')).toBe(true);
    expect(isErrorCode('validation_error')).toBe(false);
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode(400)).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });
});
