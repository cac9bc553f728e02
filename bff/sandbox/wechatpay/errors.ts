// WeChat Pay APIv3's error answers: an HTTP status and `{code, message}` (with `detail` for a
// bad field), e.g. 401 SIGN_ERROR, 404 ORDER_NOT_EXIST, 403 ORDERPAID, 400 ORDER_CLOSED.
// Handlers throw PayRefusal; the app signs and sends it like any other answer.

export class PayRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: { field?: string; location?: string; issue?: string },
  ) {
    super(message);
    this.name = 'PayRefusal';
  }

  toBody(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

export const paramError = (field: string, issue: string, location: 'body' | 'path' | 'query' = 'body') =>
  new PayRefusal(400, 'PARAM_ERROR', `参数错误：${field} ${issue}`, { field, location, issue });

export const signError = (why: string) => new PayRefusal(401, 'SIGN_ERROR', `签名错误，验签失败：${why}`);
