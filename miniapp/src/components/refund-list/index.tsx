// A bill's (or an online settlement's) refunds, oldest first: when, how much, and where each
// part went — 统筹基金 to the fund, 个人账户 to the account, 现金 back the way it was paid —
// then what was not refunded, if anything: the person should never have to work it out.
import { Text, View } from '@tarojs/components';
import {
  describeParts,
  describeReturned,
  formatYuan,
  notRefunded,
  splitTotal,
  type BillRefund,
  type MoneySplit,
} from '@ybm/shared';

import { formatBeijingTime } from '../../services/settlements';
import './index.scss';

export interface RefundListProps {
  refunds: readonly BillRefund[];
  /** What was paid: with it, the list ends with what has not come back. */
  paid?: MoneySplit;
  compact?: boolean;
}

export function RefundList({ refunds, paid, compact = false }: RefundListProps) {
  if (refunds.length === 0) return null;
  const left = paid ? describeParts(notRefunded(paid, refunds)) : '';
  return (
    <View className={`refund-list${compact ? ' refund-list--compact' : ''}`} data-testid="refund-list">
      {refunds.map((refund, index) => (
        <View key={`${refund.at}-${index}`} className="refund-list__item" data-testid="refund-item">
          <View className="refund-list__head">
            <Text className="refund-list__amount">退款 {formatYuan(splitTotal(refund))}</Text>
            <Text className="refund-list__time">{formatBeijingTime(refund.at)}</Text>
          </View>
          <Text className="refund-list__parts">{describeReturned(refund)}</Text>
        </View>
      ))}
      {paid ? (
        <Text className="refund-list__left" data-testid="refund-left">
          {left ? `尚未退还：${left}` : '已全部退回'}
        </Text>
      ) : null}
    </View>
  );
}
