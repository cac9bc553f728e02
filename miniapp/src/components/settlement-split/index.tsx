// Who paid what of a settlement: 医保统筹支付 (the pooled fund), 个人账户支付 (the personal
// account) and 个人现金支付 (paid by the person), each labelled — and, when the fund paid
// nothing, why (丙类, 起付线, the region's rules, 封顶线).
import { Text, View } from '@tarojs/components';
import { formatYuan, type FundZeroReason, type SettlementSplit } from '@ybm/shared';

import { fundZeroNote, PART_LABELS } from '../../services/money-words';
import './index.scss';

type Split = Pick<SettlementSplit, 'fundFen' | 'accountFen' | 'cashFen'>;

const PARTS = [
  { key: 'fund', label: PART_LABELS.fund, amount: (split: Split) => split.fundFen },
  { key: 'account', label: PART_LABELS.account, amount: (split: Split) => split.accountFen },
  { key: 'cash', label: PART_LABELS.cash, amount: (split: Split) => split.cashFen },
] as const;

export interface SettlementSplitRowsProps {
  split: Split;
  /** Test ids `${prefix}-fund`, `${prefix}-account`, `${prefix}-cash` (and `-fund-reason`). */
  testIdPrefix?: string;
  compact?: boolean;
  /** Say why the fund paid nothing (the platform's code), under the rows. */
  fundZeroReason?: FundZeroReason | undefined;
}

export function SettlementSplitRows({
  split,
  testIdPrefix,
  compact = false,
  fundZeroReason,
}: SettlementSplitRowsProps) {
  const total = split.fundFen + split.accountFen + split.cashFen;
  const why = fundZeroNote({ totalFen: total, fundFen: split.fundFen, fundZeroReason });
  return (
    <View className={`settlement-split${compact ? ' settlement-split--compact' : ''}`}>
      <View className="settlement-split__rows">
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
      {why ? (
        <Text
          className="settlement-split__why"
          data-testid={testIdPrefix ? `${testIdPrefix}-fund-reason` : undefined}
        >
          {`医保统筹未支付：${why}`}
        </Text>
      ) : null}
    </View>
  );
}
