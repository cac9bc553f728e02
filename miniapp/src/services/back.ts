// The way back from a page that is not a tab: the page below it, or — when it was opened on
// its own (a notice, a shared link, a reload on H5) — the page the caller names, home by default.
import Taro from '@tarojs/taro';

export const HOME_TAB = '/pages/index/index';

export function goBack(fallback: string = HOME_TAB): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: fallback });
}
