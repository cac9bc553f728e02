// After scan 2: what was paid, how it splits between 医保统筹, 个人账户 and 现金, when and
// where, and the personal account's new balance — with the way back to the code and to records.
// Should the counter take the settlement back, the same card says so: what went back to the
// fund and to the account, the balance now, and that the cash is the institution's to return.
import { Text, View } from '@tarojs/components';
import { describeReturned, formatYuan, type SettlementSplit } from '@ybm/shared';

import { formatSettledAt } from '../../services/settlements';
import { PrimaryButton } from '../primary-button';
import { SettlementSplitRows } from '../settlement-split';
import './index.scss';

export interface SettlementResultProps {
  settlement: SettlementSplit;
  /** Set when the counter reversed this settlement. */
  reversedAt?: string;
  onShowCode: () => void;
  onOpenRecords: () => void;
}

/** What the reversal gave back, and what is left to do. */
function ReversalNote({ settlement }: { settlement: SettlementSplit }) {
  const insurance = describeReturned({ ...settlement, cashFen: 0 });
  return (
    <View className="settlement-result__reversal" data-testid="settlement-reversal" role="alert">
      <Text className="settlement-result__reversal-line">
        {insurance ? `${insurance}。` : '医保未支付这笔费用，无需退回。'}
      </Text>
      <Text className="settlement-result__reversal-line">
        {settlement.cashFen > 0
          ? `您支付的现金${formatYuan(settlement.cashFen)}请向${settlement.institutionName}办理退还。`
          : '您无需为这笔结算补缴任何费用。'}
      </Text>
    </View>
  );
}

export function SettlementResult({
  settlement,
  reversedAt,
  onShowCode,
  onOpenRecords,
}: SettlementResultProps) {
  const reversed = reversedAt !== undefined;
  return (
    <View
      className={`settlement-result${reversed ? ' settlement-result--reversed' : ''}`}
      data-testid="settlement-result"
      data-state={reversed ? 'reversed' : 'settled'}
      role="status"
    >
      <View className="settlement-result__icon">
        <Text>{reversed ? '↩' : '✓'}</Text>
      </View>
      <Text className="settlement-result__title" data-testid="settlement-title">
        {reversed ? '结算已撤销' : '结算成功'}
      </Text>
      <Text className="settlement-result__total" data-testid="settlement-total">
        {formatYuan(settlement.totalFen)}
      </Text>
      <Text className="settlement-result__institution" data-testid="settlement-institution">
        {settlement.institutionName}
      </Text>

      {reversed ? <ReversalNote settlement={settlement} /> : null}
      <SettlementSplitRows split={settlement} testIdPrefix="split" />
      <View className="settlement-result__rows">
        {settlement.balanceAfterFen !== undefined ? (
          <View className="settlement-result__row" data-testid="settlement-balance">
            <Text className="settlement-result__label">账户余额</Text>
            <Text className="settlement-result__value">{formatYuan(settlement.balanceAfterFen)}</Text>
          </View>
        ) : null}
        <View className="settlement-result__row" data-testid="settlement-time">
          <Text className="settlement-result__label">结算时间</Text>
          <Text className="settlement-result__value">{formatSettledAt(settlement.settledAt)}</Text>
        </View>
        {reversedAt ? (
          <View className="settlement-result__row" data-testid="settlement-reversed-at">
            <Text className="settlement-result__label">撤销时间</Text>
            <Text className="settlement-result__value">{formatSettledAt(reversedAt)}</Text>
          </View>
        ) : null}
      </View>

      <PrimaryButton testId="code-show-again" onClick={onShowCode}>
        再次出示医保码
      </PrimaryButton>
      <PrimaryButton plain testId="settlement-records" onClick={onOpenRecords}>
        查看消费记录
      </PrimaryButton>
    </View>
  );
}
