// Where each agreement and the consent record (授权管理) live, and how a date is written on them.
import Taro from '@tarojs/taro';
import type { AgreementKey } from '@ybm/shared';

const ROOT = '/pages/agreements';

export const AGREEMENT_PAGES: Readonly<Record<AgreementKey, string>> = {
  terms: `${ROOT}/terms/index`,
  privacy: `${ROOT}/privacy/index`,
  sensitive: `${ROOT}/sensitive/index`,
};

/** 我的 → 授权管理: what this account agreed to, when, on which platform. */
export const CONSENTS_PAGE = `${ROOT}/consents/index`;

export function openAgreement(key: AgreementKey): void {
  void Taro.navigateTo({ url: AGREEMENT_PAGES[key] });
}

/** "2026-11-01" → "2026年11月1日". */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return year && month && date ? `${year}年${month}月${date}日` : day;
}
