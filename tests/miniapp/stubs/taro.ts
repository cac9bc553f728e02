// @tarojs/taro for component tests: every API is a jest.fn (import this file to steer
// them), storage is an in-memory map, and page lifecycle hooks run as React effects.
import { useEffect, useRef } from 'react';

export const ENV_TYPE = { WEAPP: 'WEAPP', ALIPAY: 'ALIPAY', WEB: 'WEB' } as const;

/** What Taro.setStorageSync has stored, by key. */
export const storage = new Map<string, unknown>();

export const request = jest.fn();
export const showToast = jest.fn(() => Promise.resolve());
export const hideToast = jest.fn();
export const showLoading = jest.fn(() => Promise.resolve());
export const hideLoading = jest.fn();
export const showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }));
export const navigateTo = jest.fn(() => Promise.resolve());
export const redirectTo = jest.fn(() => Promise.resolve());
export const navigateBack = jest.fn(() => Promise.resolve());
export const switchTab = jest.fn(() => Promise.resolve());
export const reLaunch = jest.fn(() => Promise.resolve());
/** The page stack; empty unless a test says otherwise (a page opened on its own has one). */
export const getCurrentPages = jest.fn((): unknown[] => []);
export const getEnv = jest.fn(() => ENV_TYPE.WEB);
export const getStorageSync = jest.fn((key: string) => storage.get(key) ?? '');
export const setStorageSync = jest.fn((key: string, value: unknown) => {
  storage.set(key, value);
});
export const removeStorageSync = jest.fn((key: string) => {
  storage.delete(key);
});
export const createCanvasContext = jest.fn();
export const login = jest.fn(() => Promise.resolve({ code: 'wx-login-code', errMsg: 'login:ok' }));
export const canIUse = jest.fn((_schema: string) => true);
export const getScreenBrightness = jest.fn(() =>
  Promise.resolve({ value: 0.4, errMsg: 'getScreenBrightness:ok' }),
);
export const setScreenBrightness = jest.fn((_option: { value: number }) => Promise.resolve({ errMsg: 'ok' }));
export const setKeepScreenOn = jest.fn((_option: { keepScreenOn: boolean }) =>
  Promise.resolve({ errMsg: 'ok' }),
);
export const setVisualEffectOnCapture = jest.fn((_option: { visualEffect: string }) =>
  Promise.resolve({ errMsg: 'ok' }),
);
export const requestSubscribeMessage = jest.fn((_option: Record<string, unknown>) =>
  Promise.resolve({ errMsg: 'requestSubscribeMessage:ok' } as Record<string, string>),
);
/** wx.requestPayment: resolves as if the payer paid; a test may make it reject (cancel). */
export const requestPayment = jest.fn((_option: Record<string, unknown>) =>
  Promise.resolve({ errMsg: 'requestPayment:ok' }),
);
export const onUserCaptureScreen = jest.fn((_callback: () => void) => undefined);
const networkListeners = new Set<(result: { isConnected: boolean; networkType: string }) => void>();
export const onNetworkStatusChange = jest.fn(
  (callback: (result: { isConnected: boolean; networkType: string }) => void) => {
    networkListeners.add(callback);
  },
);
export const offNetworkStatusChange = jest.fn(
  (callback: (result: { isConnected: boolean; networkType: string }) => void) => {
    networkListeners.delete(callback);
  },
);

/** The phone's network comes back (true) or goes (false): fires onNetworkStatusChange. */
export function networkStatus(isConnected: boolean): void {
  for (const listener of [...networkListeners])
    listener({ isConnected, networkType: isConnected ? 'wifi' : 'none' });
}
export const offUserCaptureScreen = jest.fn((_callback: () => void) => undefined);

type Hook = (callback: (options: Record<string, string>) => void) => void;
// Runs once after the first render, like the page event.
const asEffect: Hook = (callback) => {
  useEffect(() => callback({}), []);
};
export const useLoad = asEffect;
export const useLaunch = asEffect;
export const useReady = asEffect;

const pageListeners = { show: new Set<() => void>(), hide: new Set<() => void>() };

/** A page event hook: listens until unmount; useDidShow also fires once on mount, like the first show. */
function pageEvent(event: 'show' | 'hide'): Hook {
  return (callback) => {
    const latest = useRef(callback);
    latest.current = callback;
    useEffect(() => {
      const listener = () => latest.current({});
      pageListeners[event].add(listener);
      if (event === 'show') listener();
      return () => {
        pageListeners[event].delete(listener);
      };
    }, []);
  };
}
export const useDidShow = pageEvent('show');
export const useDidHide = pageEvent('hide');

/** The page goes out of sight (another tab, the app in the background): fires useDidHide. */
export function hidePage(): void {
  for (const listener of [...pageListeners.hide]) listener();
}

/** The page is shown again: fires useDidShow. */
export function showPage(): void {
  for (const listener of [...pageListeners.show]) listener();
}
export const useRouter = jest.fn(() => ({ params: {} as Record<string, string>, path: '' }));
export const setNavigationBarTitle = jest.fn(() => Promise.resolve());
/** The platform's system info; `fontSizeSetting` is WeChat's font size setting (px). */
export const getSystemInfoSync = jest.fn((): Record<string, unknown> => ({}));

const Taro = {
  ENV_TYPE,
  request,
  showToast,
  hideToast,
  showLoading,
  hideLoading,
  showModal,
  setNavigationBarTitle,
  getSystemInfoSync,
  navigateTo,
  redirectTo,
  navigateBack,
  switchTab,
  reLaunch,
  getCurrentPages,
  getEnv,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  createCanvasContext,
  login,
  canIUse,
  getScreenBrightness,
  setScreenBrightness,
  setKeepScreenOn,
  setVisualEffectOnCapture,
  requestSubscribeMessage,
  requestPayment,
  onUserCaptureScreen,
  offUserCaptureScreen,
  onNetworkStatusChange,
  offNetworkStatusChange,
};
export default Taro;

/** The next Taro.request answers with this HTTP status and body. */
export function respondWith(statusCode: number, data: unknown): void {
  request.mockResolvedValueOnce({ statusCode, data, header: {}, errMsg: 'request:ok' });
}

/** The next Taro.request fails the way a mini-program runtime reports it. */
export function failWith(failure: unknown = { errMsg: 'request:fail timeout' }): void {
  request.mockRejectedValueOnce(failure);
}

export interface SeenRequest {
  url: string;
  method: string;
  data?: unknown;
  header: Record<string, string>;
}

type Answer = { status: number; body: unknown } | ((seen: SeenRequest) => { status: number; body: unknown });

/**
 * Answers Taro.request by "METHOD /path" (query ignored) from a table — for pages that make
 * several calls at once. An answer may be a function of the request; anything else is a 404.
 */
export function serve(routes: Record<string, Answer>): SeenRequest[] {
  const seen: SeenRequest[] = [];
  request.mockReset();
  request.mockImplementation(async (options: SeenRequest) => {
    seen.push(options);
    const path = options.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
    const answer = routes[`${options.method} ${path}`];
    const { status, body } =
      typeof answer === 'function'
        ? answer(options)
        : (answer ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: '' } } });
    return { statusCode: status, data: body, header: {}, errMsg: 'request:ok' };
  });
  return seen;
}

/** Clears the stubs' state between tests: calls, storage and request answers. */
export function resetTaro(): void {
  jest.clearAllMocks();
  request.mockReset();
  storage.clear();
  useRouter.mockImplementation(() => ({ params: {}, path: '' }));
  getCurrentPages.mockImplementation(() => []);
}
