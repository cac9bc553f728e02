// The few native platform APIs the mini-program calls directly (Taro has no wrapper for
// them): WeChat's `wx` and Alipay's `my`, each used only in its own build.

interface NativeFailure {
  /** WeChat */
  errCode?: number;
  errMsg?: string;
  /** Alipay */
  error?: number;
  errorMessage?: string;
}

interface RandomValuesOptions {
  length: number;
  success?: (res: { randomValues: ArrayBuffer }) => void;
  fail?: (failure: NativeFailure) => void;
}

/** WeChat's `wx`: only the calls made directly (weapp builds only). */
interface WechatNativeApi {
  canIUse(schema: string): boolean;
  /** 城市服务人脸核身: the verifyId comes from the BFF's getverifyid call. */
  requestFacialVerify?(options: {
    verifyId: string;
    success?: (res: { errCode?: number; errMsg?: string }) => void;
    fail?: (failure: NativeFailure) => void;
  }): void;
  getRandomValues?(options: RandomValuesOptions): void;
  /** Base library 2.20.1+; fontSizeSetting (px) there from 2.23.4 (大字模式 follows it). */
  getAppBaseInfo?(): PlatformFontInfo;
  /** The older catch-all; fontSizeSetting (px) from base library 1.5.0. */
  getSystemInfoSync?(): PlatformFontInfo;
}

/** The part of the platforms' system info 大字模式 reads. */
interface PlatformFontInfo {
  fontSizeSetting?: number;
  fontSizeScaleFactor?: number;
}

/** Alipay's `my`: only the calls made directly (alipay builds only). */
interface AlipayNativeApi {
  canIUse(schema: string): boolean;
  getAuthCode(options: {
    scopes: string | string[];
    success?: (res: { authCode?: string }) => void;
    fail?: (failure: NativeFailure) => void;
  }): void;
  /** 支付宝身份验证 (certify): opens the certify URL the BFF got from certify.open.initialize. */
  startAPVerify?(options: {
    url: string;
    certifyId: string;
    success?: (res: { resultStatus?: string; result?: unknown }) => void;
    fail?: (failure: NativeFailure) => void;
  }): void;
  /** fontSizeSetting (px) where a base library reports it (大字模式 follows it). */
  getSystemInfoSync?(): PlatformFontInfo;
  /** Not documented by Alipay; used only if a base library turns out to have it. */
  getRandomValues?(options: RandomValuesOptions): void;
  /**
   * Alipay's cashier for a trade the merchant created (alipay.trade.create → trade_no).
   * resultCode 9000 paid, 8000 processing, 6001 cancelled, 6002 network, 4000 failed —
   * none of which is proof: the BFF asks Alipay.
   */
  tradePay?(options: {
    tradeNO: string;
    success?: (res: { resultCode?: string }) => void;
    fail?: (failure: NativeFailure) => void;
  }): void;
  /** Native RSA, PKCS#1 v1.5 padding: `key` is an SPKI public key in Base64; answers Base64. */
  rsa?(options: {
    action: 'encrypt' | 'decrypt';
    text: string;
    key: string;
    success?: (res: { text?: string }) => void;
    fail?: (failure: NativeFailure) => void;
  }): void;
}

declare const wx: WechatNativeApi;
declare const my: AlipayNativeApi;
