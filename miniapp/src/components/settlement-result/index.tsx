// After scan 2: what was paid, how it splits between 医保统筹, 个人账户 and 现金, when and
// where, and the personal account's new balance — with the way back to the code and to records.
import { Text, View } from '@tarojs/components';
import { formatYuan, type SettlementSplit } from '@ybm/shared';

import { formatSettledAt } from '../../services/settlements';
import { PrimaryButton } from '../primary-button';
import { SettlementSplitRows } from '../settlement-split';
import './index.scss';

export interface SettlementResultProps {
  settlement: SettlementSplit;
  onShowCode: () => void;
  onOpenRecords: () => void;
}

export function SettlementResult({ settlement, onShowCode, onOpenRecords }: SettlementResultProps) {
  return (
    <View className="settlement-result" data-testid="settlement-result" role="status">
      <View className="settlement-result__icon">
        <Text>✓</Text>
      </View>
      <Text className="settlement-result__title">结算成功</Text>
      <Text className="settlement-result__total" data-testid="settlement-total">
        {formatYuan(settlement.totalFen)}
      </Text>
      <Text className="settlement-result__institution" data-testid="settlement-institution">
        {settlement.institutionName}
      </Text>

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
