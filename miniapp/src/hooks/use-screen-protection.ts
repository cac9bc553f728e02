// While the code is on screen: full brightness (counter scanners read a bright screen best),
// screen kept on, the code hidden from screen captures where the platform can (WeChat on
// Android), and a warning when a screenshot is taken. Everything is put back on leaving.
// H5 has none of these APIs (Taro's stand-ins only warn), so it is skipped there.
import Taro from '@tarojs/taro';
import { useEffect } from 'react';

export const SCREENSHOT_WARNING = '医保码仅限本人使用，请勿截图分享';

/** Runs a platform call that may be missing, throw, or reject, without disturbing the page. */
function quietly(run: () => unknown): void {
  try {
    const result = run();
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // An old base library without the API: the code still shows.
  }
}

function warnOnScreenshot(): void {
  void Taro.showToast({ title: SCREENSHOT_WARNING, icon: 'none', duration: 3000 });
}

/** Applies the protections and returns the function that undoes them. */
export function protectScreen(): () => void {
  let undone = false;
  let previousBrightness: number | undefined;

  quietly(() =>
    Taro.getScreenBrightness().then(({ value }) => {
      if (undone) return undefined;
      previousBrightness = value;
      return Taro.setScreenBrightness({ value: 1 });
    }),
  );
  quietly(() => Taro.setKeepScreenOn({ keepScreenOn: true }));
  const hidesCaptures = Boolean(Taro.canIUse?.('setVisualEffectOnCapture'));
  if (hidesCaptures) quietly(() => Taro.setVisualEffectOnCapture({ visualEffect: 'hidden' }));
  quietly(() => Taro.onUserCaptureScreen(warnOnScreenshot));

  return () => {
    undone = true;
    if (previousBrightness !== undefined) {
      const value = previousBrightness;
      quietly(() => Taro.setScreenBrightness({ value }));
    }
    quietly(() => Taro.setKeepScreenOn({ keepScreenOn: false }));
    if (hidesCaptures) quietly(() => Taro.setVisualEffectOnCapture({ visualEffect: 'none' }));
    quietly(() => Taro.offUserCaptureScreen(warnOnScreenshot));
  };
}

export function useScreenProtection(active: boolean): void {
  useEffect(() => {
    if (!active || process.env.TARO_ENV === 'h5') return undefined;
    return protectScreen();
  }, [active]);
}
