// 设置's pages and what they share: where they are, the identity a claim refused for its
// stopped phone hands to the phone replacement (kept in memory only), and 大字模式.
import Taro from '@tarojs/taro';
import type { DocumentType, RecoveryPurpose } from '@ybm/shared';

export const SETTINGS_PAGE = '/pages/settings/index';
export const CHANGE_PASSWORD_PAGE = '/pages/settings/password/index';
export const FRAUD_TIPS_PAGE = '/pages/settings/fraud/index';

/** The recovery page for a purpose, optionally letting a claim go on afterwards. */
export function recoverPage(purpose: RecoveryPurpose, claimId?: string): string {
  return `/pages/settings/recover/index?purpose=${purpose}${claimId ? `&claimId=${claimId}` : ''}`;
}

export interface EnteredIdentity {
  name: string;
  docType: DocumentType;
  docNumber: string;
}

let entered: EnteredIdentity | undefined;

/** The claim's identity step remembers what was typed, so the replacement need not ask again. */
export function rememberIdentity(identity: EnteredIdentity | undefined): void {
  entered = identity;
}
export const rememberedIdentity = (): EnteredIdentity | undefined => entered;

// ---- 大字模式 -----------------------------------------------------------------------------

const LARGE_TEXT_KEY = 'ybm.largeText';
const LARGE_SCALE = 1.25;

/** The platform's own font size setting, where it reports one (WeChat: fontSizeSetting, px). */
function systemPrefersLarge(): boolean {
  try {
    const info = Taro.getSystemInfoSync() as { fontSizeSetting?: number };
    return typeof info.fontSizeSetting === 'number' && info.fontSizeSetting > 17;
  } catch {
    return false;
  }
}

export function largeTextOn(): boolean {
  const stored: unknown = Taro.getStorageSync(LARGE_TEXT_KEY);
  if (stored === true || stored === false) return stored;
  return systemPrefersLarge();
}

let baseFontSize: number | undefined;

/**
 * Applies 大字模式: a root class (CSS variables in app.scss) and, on H5, where every size is in
 * rem of the root font size, that size scaled, so text and touch targets grow together.
 */
export function applyLargeText(on: boolean = largeTextOn()): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  const root = document.documentElement;
  root.classList.toggle('large-text', on);
  const current = parseFloat(root.style.fontSize || getComputedStyle(root).fontSize);
  if (baseFontSize === undefined || root.dataset.ybmScaled !== 'true') baseFontSize = current;
  root.style.fontSize = `${baseFontSize * (on ? LARGE_SCALE : 1)}px`;
  root.dataset.ybmScaled = 'true';
}

/** Keeps the choice on this phone (the BFF keeps it for the person) and applies it. */
export function setLargeText(on: boolean): void {
  Taro.setStorageSync(LARGE_TEXT_KEY, on);
  applyLargeText(on);
}
