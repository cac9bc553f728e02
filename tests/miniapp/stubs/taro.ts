// @tarojs/taro for component tests: every API is a jest.fn (import this file to steer
// them), and page lifecycle hooks run as React effects.
import { useEffect } from 'react';

export const ENV_TYPE = { WEAPP: 'WEAPP', ALIPAY: 'ALIPAY', WEB: 'WEB' } as const;

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
export const getEnv = jest.fn(() => ENV_TYPE.WEB);
export const getStorageSync = jest.fn();
export const setStorageSync = jest.fn();
export const removeStorageSync = jest.fn();
export const createCanvasContext = jest.fn();

type Hook = (callback: (options: Record<string, string>) => void) => void;
// Runs once after the first render, like the page event.
const asEffect: Hook = (callback) => {
  useEffect(() => callback({}), []);
};
export const useLoad = asEffect;
export const useLaunch = asEffect;
export const useReady = asEffect;
export const useDidShow = asEffect;
export const useDidHide: Hook = () => undefined;
export const useRouter = jest.fn(() => ({ params: {}, path: '' }));

const Taro = {
  ENV_TYPE,
  request,
  showToast,
  hideToast,
  showLoading,
  hideLoading,
  showModal,
  navigateTo,
  redirectTo,
  navigateBack,
  switchTab,
  reLaunch,
  getEnv,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  createCanvasContext,
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
