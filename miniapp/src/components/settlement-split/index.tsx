// Who paid what of a settlement: 医保统筹 (the pooled fund), 个人账户 (the personal account)
// and 现金 (paid by the person), each labelled.
import { Text, View } from '@tarojs/components';
import { formatYuan, type SettlementSplit } from '@ybm/shared';

import './index.scss';

type Split = Pick<SettlementSplit, 'fundFen' | 'accountFen' | 'cashFen'>;

const PARTS = [
  { key: 'fund', label: '医保统筹', amount: (split: Split) => split.fundFen },
  { key: 'account', label: '个人账户', amount: (split: Split) => split.accountFen },
  { key: 'cash', label: '现金', amount: (split: Split) => split.cashFen },
] as const;

export interface SettlementSplitRowsProps {
  split: Split;
  /** Test ids `${prefix}-fund`, `${prefix}-account`, `${prefix}-cash` on the rows. */
  testIdPrefix?: string;
  compact?: boolean;
}

export function SettlementSplitRows({ split, testIdPrefix, compact = false }: SettlementSplitRowsProps) {
  return (
    <View className={`settlement-split${compact ? ' settlement-split--compact' : ''}`}>
      {PARTS.map((part) => (
        <View
          key={part.key}
          className="settlement-split__row"
          data-testid={testIdPrefix ? `${testIdPrefix}-${part.key}` : undefined}
        >
          <Text className="settlement-split__label">{part.label}</Text>
          <Text className="settlement-split__amount">{formatYuan(part.amount(split))}</Text>
        </View>
      ))}
    </View>
  );
}
