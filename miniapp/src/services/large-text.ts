// 大字模式: whether this phone shows the large text, and who decided. The person's own choice
// always wins; until they make one, the platform's font size setting decides (WeChat and
// Alipay report it; H5 has none). Every page's root view carries the `large-text` class while
// it is on (components/large-text-root), and the build copies every text-sizing rule under that
// class, grown (config/large-text.ts): the same mechanism in weapp, alipay and h5.
import Taro from '@tarojs/taro';

/** The person's choice on this phone (true / false); absent until they choose. */
const CHOICE_KEY = 'ybm.largeText';
/** Set while a choice made here has not reached the BFF yet (it then wins over the account's). */
const UNSAVED_KEY = 'ybm.largeText.unsaved';

/** A platform font size that counts as large: WeChat's standard is 16 px (Android), 17 px (iOS). */
const LARGE_FONT_SETTING_PX = 20;
/** WeChat's own scale factor, where it reports one: one step above standard is 1.12–1.15. */
const LARGE_FONT_SCALE_FACTOR = 1.15;

export interface PlatformFontScale {
  /** The font size the person set in WeChat or Alipay, in px. */
  fontSizeSetting?: number;
  /** WeChat's scale factor for that setting (getAppBaseInfo). */
  fontSizeScaleFactor?: number;
}

/**
 * The platform's font size setting, where it reports one. WeChat: wx.getAppBaseInfo (base
 * library 2.23.4+ has fontSizeSetting there), else the older wx.getSystemInfoSync; Alipay:
 * my.getSystemInfoSync's fontSizeSetting where a base library returns it. H5: none.
 */
export function platformFontScale(): PlatformFontScale | undefined {
  try {
    if (process.env.TARO_ENV === 'weapp' && typeof wx !== 'undefined') {
      const base = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : undefined;
      if (typeof base?.fontSizeSetting === 'number') return base;
      const system = typeof wx.getSystemInfoSync === 'function' ? wx.getSystemInfoSync() : undefined;
      return { ...base, ...(typeof system?.fontSizeSetting === 'number' ? system : {}) };
    }
    if (process.env.TARO_ENV === 'alipay' && typeof my !== 'undefined')
      return typeof my.getSystemInfoSync === 'function' ? my.getSystemInfoSync() : undefined;
  } catch {
    // A platform that cannot say: the normal size, until the person chooses.
  }
  return undefined;
}

/** Whether the platform's setting asks for large text. */
export function platformPrefersLarge(scale = platformFontScale()): boolean {
  if (!scale) return false;
  const { fontSizeSetting, fontSizeScaleFactor } = scale;
  if (typeof fontSizeScaleFactor === 'number' && fontSizeScaleFactor >= LARGE_FONT_SCALE_FACTOR) return true;
  return typeof fontSizeSetting === 'number' && fontSizeSetting >= LARGE_FONT_SETTING_PX;
}

function storedChoice(): boolean | undefined {
  const stored: unknown = Taro.getStorageSync(CHOICE_KEY);
  return stored === true || stored === false ? stored : undefined;
}

/** Whether the person chose here or elsewhere (false: the platform's setting decides). */
export const largeTextChosen = (): boolean => storedChoice() !== undefined;

export function largeTextOn(): boolean {
  return storedChoice() ?? platformPrefersLarge();
}

type Listener = (on: boolean) => void;
const listeners = new Set<Listener>();

/** Every page's root hears when the mode changes (the pages of a mini-program share this module). */
export function subscribeLargeText(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const notify = () => {
  const on = largeTextOn();
  listeners.forEach((listener) => listener(on));
};

/** The person's choice, made on this phone: kept here (unsaved until the BFF confirms). */
export function setLargeText(on: boolean): void {
  Taro.setStorageSync(CHOICE_KEY, on);
  Taro.setStorageSync(UNSAVED_KEY, true);
  notify();
}

/** The BFF kept the choice made here. */
export function largeTextSaved(): void {
  Taro.removeStorageSync(UNSAVED_KEY);
}

/**
 * What the BFF keeps for the person (GET /me), so a choice follows them to another phone. The
 * BFF answers `false` both for "chose off" and for "never chose": `true` is always a choice, and
 * `false` overrides a choice made here only once that choice was saved (the person changed it
 * on another phone since); with no choice here, the platform's setting still decides.
 */
export function adoptAccountLargeText(saved: boolean): void {
  const chosen = storedChoice();
  const unsaved = Taro.getStorageSync(UNSAVED_KEY) === true;
  if (unsaved && chosen !== undefined) return;
  if (saved) Taro.setStorageSync(CHOICE_KEY, true);
  else if (chosen !== undefined) Taro.setStorageSync(CHOICE_KEY, false);
  else return;
  if (chosen !== storedChoice()) notify();
}
