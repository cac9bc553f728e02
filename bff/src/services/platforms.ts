// What the BFF needs from the WeChat and Alipay open platforms, as interfaces: the real
// clients (clients/wechat.ts, clients/alipay.ts) implement them, tests pass fakes.

export type FaceOutcome = 'pass' | 'fail' | 'cancel' | 'pending';

export interface WechatIdentity {
  /** jscode2session; the session_key stays inside the client. */
  codeToSession(jsCode: string): Promise<{ openid: string }>;
  getVerifyId(input: { openid: string; name: string; idNumber: string }): Promise<{ verifyId: string }>;
  queryVerifyResult(input: {
    openid: string;
    verifyId: string;
    name: string;
    idNumber: string;
  }): Promise<FaceOutcome>;
}

export interface AlipayIdentity {
  /** Newer Alipay apps get only open_id, older ones user_id: at least one is set. */
  authCodeToUser(code: string): Promise<{ userId?: string; openId?: string }>;
  startCertify(input: { outerOrderNo: string; name: string; idNumber: string }): Promise<{
    certifyId: string;
    certifyUrl: string;
  }>;
  queryCertify(certifyId: string): Promise<FaceOutcome>;
}

/** Dev-only controls of the fake platforms (H5 demo login, face results, the cashier sheet). */
export interface DevPlatformControls {
  mintWechatLoginCode(openid: string): Promise<string>;
  /** As my.getAuthCode on the user's phone; undefined when no fake Alipay is configured. */
  mintAlipayAuthCode?(userId: string): Promise<string>;
  /** Answers a WeChat face check (verify_id) or an Alipay certify (certify_id), whichever it is. */
  setFaceResult(faceId: string, result: 'pass' | 'fail' | 'cancel'): Promise<void>;
  listPersonas(): Promise<{ key: string; name: string; docType: string; docNumber: string; note: string }[]>;
  /** As the person paying or cancelling a cash order in the cashier of its platform's fake. */
  cashier?(provider: 'wechatpay' | 'alipay', orderId: string, result: 'pay' | 'cancel'): Promise<void>;
}

/** A platform error with the platform's own code (WeChat errcode / Alipay code). */
export function platformErrorCode(error: unknown): string | undefined {
  const record = (error ?? {}) as { errcode?: unknown; code?: unknown; subCode?: unknown };
  if (typeof record.errcode === 'number') return String(record.errcode);
  if (typeof record.subCode === 'string') return record.subCode;
  return undefined;
}
