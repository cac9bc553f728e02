// 消息中心: where it is, how it opens (asking for the bill notice subscription on the way,
// inside the tap), and where each kind of message leads.
import Taro from '@tarojs/taro';
import type { InboxMessage } from '@ybm/shared';

import { payPageUrl } from './bills';
import { RECORDS_PAGE } from './settlements';
import { requestBillSubscription } from './subscription';

export const INBOX_PAGE = '/pages/inbox/index';
export const INBOX_PAGE_SIZE = 20;

/** Opens the inbox from a tap (the home page's 消息 entry, the 诊间支付 tile). */
export function openInbox(): void {
  requestBillSubscription('inbox');
  void Taro.navigateTo({ url: INBOX_PAGE });
}

/**
 * A bill or refund notice opens the bill (a refund's parts and what is left are there);
 * settlement, reversal and reinstatement notices open 消费记录.
 */
export function messageTarget(message: InboxMessage): string {
  switch (message.kind) {
    case 'bill':
    case 'refund':
      return message.billId ? payPageUrl(message.billId) : RECORDS_PAGE;
    case 'settlement':
    case 'reversal':
    case 'reinstatement':
      return RECORDS_PAGE;
    default: {
      const unknown: never = message.kind;
      return unknown;
    }
  }
}

/** The badge's text: the count, capped at 99+. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}
