// One settlement in 消费记录: where and how much, how the person was identified (医保码,
// 身份证, 社保卡 or 线上), the region and time, and the split.
import { Text, View } from '@tarojs/components';
import { formatYuan, type SettlementRecord } from '@ybm/shared';

import { formatSettledAt, MEDIUM_LABELS, STATUS_LABELS } from '../../services/settlements';
import { SettlementSplitRows } from '../settlement-split';
import './index.scss';

export function RecordItem({ record }: { record: SettlementRecord }) {
  const reversed = record.status === 'reversed';
  return (
    <View
      className={`record-item${reversed ? ' record-item--reversed' : ''}`}
      data-testid="record-item"
      data-setl-id={record.setlId}
    >
      <View className="record-item__head">
        <Text className="record-item__institution" data-testid="record-institution">
          {record.institutionName}
        </Text>
        <Text className="record-item__total" data-testid="record-total">
          {formatYuan(record.totalFen)}
        </Text>
      </View>
      <View className="record-item__meta">
        <Text className="record-item__medium" data-testid="record-medium">
          {MEDIUM_LABELS[record.medium]}
        </Text>
        {reversed ? <Text className="record-item__status">{STATUS_LABELS.reversed}</Text> : null}
        <Text className="record-item__where" data-testid="record-region">
          {record.regionName}
        </Text>
        <Text className="record-item__when" data-testid="record-time">
          {formatSettledAt(record.settledAt)}
        </Text>
      </View>
      <SettlementSplitRows split={record} compact />
    </View>
  );
}
