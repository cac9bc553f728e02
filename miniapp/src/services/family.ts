// 亲情账户's pages and how to reach them: the list, adding a member, a pending member's
// consent, and a member's code — each by the member's opaque id.
import Taro from '@tarojs/taro';

export const FAMILY_PAGE = '/pages/family/index';
export const FAMILY_ADD_PAGE = '/pages/family/add/index';
export const ACCOUNT_PAGE = '/pages/account/index';

export const familyConsentUrl = (memberId: string) =>
  `/pages/family/consent/index?memberId=${encodeURIComponent(memberId)}`;
export const memberCodeUrl = (memberId: string) =>
  `/pages/family/code/index?memberId=${encodeURIComponent(memberId)}`;

/** The page's memberId query parameter ('' when absent: the BFF then says there is no such member). */
export function memberIdParam(): string {
  const value = Taro.getCurrentInstance().router?.params?.memberId;
  return typeof value === 'string' ? decodeURIComponent(value) : '';
}
