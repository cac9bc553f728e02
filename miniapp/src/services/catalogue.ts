// The built-in service grid (shown when the BFF cannot be reached) and the page of each
// service built so far.
import type { ServiceEntry, ServiceKey } from '@ybm/shared';

import { CATALOGUE_PAGE, INSTITUTIONS_PAGE, REMOTE_CARE_PAGE } from './directory';
import { INBOX_PAGE } from './inbox';

export const FALLBACK_SERVICES: ServiceEntry[] = [
  { key: 'code', title: '医保码', available: true },
  { key: 'records', title: '消费记录', available: true },
  { key: 'account', title: '个人账户', available: true },
  { key: 'family', title: '亲情账户', available: true },
  { key: 'institutions', title: '定点机构', available: true },
  { key: 'catalogue', title: '医保目录', available: true },
  { key: 'remote_care', title: '异地就医备案', available: true },
  { key: 'pay', title: '诊间支付', available: true },
];

export interface ServiceRoute {
  url: string;
  /** Tab pages must be opened with switchTab, other pages with navigateTo. */
  tab: boolean;
}

/** Services built so far; the rest answer 敬请期待. */
export const SERVICE_ROUTES: Partial<Record<ServiceKey, ServiceRoute>> = {
  code: { url: '/pages/code/index', tab: true },
  records: { url: '/pages/records/index', tab: false },
  account: { url: '/pages/account/index', tab: false },
  family: { url: '/pages/family/index', tab: false },
  // Bills are reached from their notices: 诊间支付 opens the inbox (消息中心).
  pay: { url: INBOX_PAGE, tab: false },
  institutions: { url: INSTITUTIONS_PAGE, tab: false },
  catalogue: { url: CATALOGUE_PAGE, tab: false },
  remote_care: { url: REMOTE_CARE_PAGE, tab: false },
};

/** Short glyphs drawn in the grid's icon circles (no image assets needed). */
export const SERVICE_GLYPHS: Record<ServiceKey, string> = {
  code: '码',
  records: '账',
  account: '户',
  family: '亲',
  institutions: '院',
  catalogue: '药',
  remote_care: '异',
  pay: '付',
};
