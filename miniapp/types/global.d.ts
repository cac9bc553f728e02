// Ambient types for the mini-program: Taro's globals, asset imports and build-time variables
// (the native platform APIs called directly are in native.d.ts).
/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'alipay' | 'h5';
    /** BFF origin, e.g. https://ybm.example.cn; '' means same origin (H5 served by the BFF). */
    TARO_APP_API_BASE?: string;
    /** This mini-program's version, from miniapp/package.json. */
    TARO_APP_VERSION?: string;
    /** The bill notice's subscribe-message template (WeChat tmplId, Alipay entityId); YBM_BILL_NOTICE by default. */
    TARO_APP_BILL_TEMPLATE_ID?: string;
  }
}
