// Opens a service from the grid, or says 敬请期待 for one not built yet — never a dead tap.
import Taro from '@tarojs/taro';
import type { ServiceEntry } from '@ybm/shared';

import { SERVICE_ROUTES } from './catalogue';
import { INBOX_PAGE, openInbox } from './inbox';

export const COMING_SOON = '敬请期待';
export const SERVICE_OFF = '当前地区暂未开通该服务';

export function openService(service: ServiceEntry): void {
  const route = SERVICE_ROUTES[service.key];
  if (!service.available) {
    void Taro.showToast({ title: route ? SERVICE_OFF : COMING_SOON, icon: 'none' });
    return;
  }
  if (!route) {
    void Taro.showToast({ title: COMING_SOON, icon: 'none' });
    return;
  }
  if (route.url === INBOX_PAGE) openInbox();
  else if (route.tab) void Taro.switchTab({ url: route.url });
  else void Taro.navigateTo({ url: route.url });
}
