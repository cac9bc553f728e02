// One message in 消息中心: an unread dot, the title and time, the body and, for a bill, the
// bill's state now (待支付, 已支付, 已退款, …); the whole card answers a tap.
import { Text, View } from '@tarojs/components';
import type { InboxMessage } from '@ybm/shared';

import { BILL_STATUS_LABELS } from '../../services/bills';
import { formatBeijingTime } from '../../services/settlements';
import './index.scss';

const KIND_GLYPHS: Record<InboxMessage['kind'], string> = {
  bill: '付',
  settlement: '结',
  refund: '退',
  reversal: '撤',
  reinstatement: '复',
};

export function InboxItem({ message, onOpen }: { message: InboxMessage; onOpen: () => void }) {
  return (
    <View
      className={`inbox-item${message.read ? '' : ' inbox-item--unread'}`}
      data-testid="inbox-item"
      data-id={String(message.id)}
      data-kind={message.kind}
      data-bill-id={message.billId}
      data-read={message.read ? 'true' : 'false'}
      data-bill-status={message.billStatus}
      onClick={onOpen}
    >
      <View className={`inbox-item__glyph inbox-item__glyph--${message.kind}`}>
        <Text>{KIND_GLYPHS[message.kind]}</Text>
        {message.read ? null : <View className="inbox-item__dot" data-testid="inbox-unread-dot" />}
      </View>
      <View className="inbox-item__main">
        <View className="inbox-item__head">
          <Text className="inbox-item__title" data-testid="inbox-title">
            {message.title}
          </Text>
          <Text className="inbox-item__time" data-testid="inbox-time">
            {formatBeijingTime(message.createdAt)}
          </Text>
        </View>
        <Text className="inbox-item__body" data-testid="inbox-body">
          {message.body}
        </Text>
        {message.billStatus ? (
          <Text
            className={`inbox-item__state inbox-item__state--${message.billStatus}`}
            data-testid="inbox-bill-status"
          >
            {BILL_STATUS_LABELS[message.billStatus]}
          </Text>
        ) : null}
      </View>
    </View>
  );
}
