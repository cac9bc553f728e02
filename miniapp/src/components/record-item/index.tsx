// One settlement in 消费记录: where and how much, how the person was identified (医保码,
// 身份证, 社保卡 or 线上), the region and time, and the split (with why the fund paid nothing,
// when it did not). A reversed settlement says when and what came back; an online one that
// was refunded lists each refund and what is left. A tap opens the record's own page.
import { Text, View } from '@tarojs/components';
import { describeReturned, formatYuan, type SettlementRecord } from '@ybm/shared';

import {
  formatBeijingTime,
  formatSettledAt,
  MEDIUM_LABELS,
  recordStateLabel,
} from '../../services/settlements';
import { RefundList } from '../refund-list';
import { SettlementSplitRows } from '../settlement-split';
import './index.scss';

/** A settlement the counter took back: what went back to the fund and the account, and the cash. */
export function ReversalLine({ record }: { record: SettlementRecord }) {
  const back = describeReturned({ ...record, cashFen: 0 });
  const cash = record.cashFen > 0 ? `现金${formatYuan(record.cashFen)}由机构退还。` : '';
  const when = record.reversedAt ? `${formatBeijingTime(record.reversedAt)} ` : '';
  return (
    <Text className="record-item__reversal" data-testid="record-reversal">
      {`${when}已撤销${back ? `：${back}。` : '。'}${cash}`}
    </Text>
  );
}

export function RecordItem({ record, onOpen }: { record: SettlementRecord; onOpen?: () => void }) {
  const reversed = record.status === 'reversed';
  const refunded = record.refunds.length > 0;
  const label = recordStateLabel(record);
  return (
    <View
      className={`record-item${reversed || refunded ? ' record-item--reversed' : ''}`}
      data-testid="record-item"
      data-record-id={record.recordId}
      data-status={record.status}
      role={onOpen ? 'button' : undefined}
      onClick={onOpen}
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
        {label ? (
          <Text className="record-item__status" data-testid="record-status">
            {label}
          </Text>
        ) : null}
        <Text className="record-item__where" data-testid="record-region">
          {record.regionName}
        </Text>
        <Text className="record-item__when" data-testid="record-time">
          {formatSettledAt(record.settledAt)}
        </Text>
      </View>
      <SettlementSplitRows split={record} compact fundZeroReason={record.fundZeroReason} />
      {refunded ? <RefundList refunds={record.refunds} paid={record} compact /> : null}
      {reversed && !refunded ? <ReversalLine record={record} /> : null}
    </View>
  );
}
