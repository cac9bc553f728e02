// The error-code catalogue: one stable code per failure, its HTTP status and the
// Chinese message a user sees. The BFF answers with these codes and the
// mini-program shows these words, so both sides always say the same thing.

export const ERRORS = {
  VALIDATION_ERROR: { status: 400, message: '提交的信息有误，请检查后重试' },
  BAD_JSON: { status: 400, message: '请求格式错误' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求格式不受支持' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持该操作' },
  UNAUTHENTICATED: { status: 401, message: '登录已失效，请重新进入' },
  FORBIDDEN: { status: 403, message: '无权进行此操作' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL_ERROR: { status: 500, message: '系统繁忙，请稍后重试' },

  UPSTREAM_UNAVAILABLE: { status: 503, message: '医保平台暂时不可用，请稍后重试' },
  UPSTREAM_TIMEOUT: { status: 504, message: '医保平台响应超时，请稍后重试' },
  UPSTREAM_BAD_RESPONSE: { status: 502, message: '医保平台返回异常，请稍后重试' },
  NETWORK_ERROR: { status: 0, message: '网络异常，请稍后重试' },

  ENVELOPE_MALFORMED: { status: 400, message: '报文格式错误' },
  ENVELOPE_UNKNOWN_APP: { status: 401, message: '渠道未登记' },
  ENVELOPE_STALE: { status: 401, message: '报文时间戳超出允许范围' },
  ENVELOPE_UNREADABLE: { status: 400, message: '报文解密失败' },
  ENVELOPE_SIGNATURE_INVALID: { status: 401, message: '报文签名验证失败' },
  UNKNOWN_OPERATION: { status: 404, message: '不支持的交易' },

  DOCUMENT_INVALID: { status: 400, message: '证件号码格式有误，请核对后重新输入' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);
}

/** The words to show for a code; unknown codes (a newer server) fall back to a generic message. */
export function errorMessage(code: string): string {
  return isErrorCode(code) ? ERRORS[code].message : ERRORS.INTERNAL_ERROR.message;
}

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}
