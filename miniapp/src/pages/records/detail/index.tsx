// 消费记录详情, opened from 消费记录 as pages/records/detail/index?recordId=…: one settlement —
// where, when and how the person was identified, the amount and who paid which part (with why
// the fund paid nothing, when it did not), the balance after it, the settlement number, and a
// reversal or the refunds — with the way back to the list.
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { formatYuan, type SettlementRecord, careWords } from '@ybm/shared';

import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ReversalLine } from '../../../components/record-item';
import { RefundList } from '../../../components/refund-list';
import { ResultPanel } from '../../../components/result-panel';
import { SettlementSplitRows } from '../../../components/settlement-split';
import { useRecord } from '../../../hooks/use-record';
import { paidByLines } from '../../../services/payer-words';
import { goBack } from '../../../services/back';
import {
  formatBeijingTime,
  MEDIUM_LABELS,
  recordStateLabel,
  RECORDS_PAGE,
} from '../../../services/settlements';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

/** Back to the list: the page it came from, or the list itself when opened directly. */
const backToRecords = () => goBack(RECORDS_PAGE);

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <View className="record-detail__row" data-testid={testId}>
      <Text className="record-detail__label">{label}</Text>
      <Text className="record-detail__value">{value}</Text>
    </View>
  );
}

function Detail({ record }: { record: SettlementRecord }) {
  const state = recordStateLabel(record) ?? '已结算';
  const reversed = record.status === 'reversed';
  const refunded = record.refunds.length > 0;
  return (
    <>
      <View className="record-detail__card record-detail__summary">
        <Text className="record-detail__institution" data-testid="record-detail-institution">
          {record.institutionName}
        </Text>
        <Text className="record-detail__label">费用合计</Text>
        <Text
          className={`record-detail__total${reversed || refunded ? ' record-detail__total--back' : ''}`}
          data-testid="record-detail-total"
        >
          {formatYuan(record.totalFen)}
        </Text>
        <Text className="record-detail__state" data-testid="record-detail-state">
          {state}
        </Text>
      </View>

      <View className="record-detail__card">
        <Text className="record-detail__card-title">谁支付了多少</Text>
        <SettlementSplitRows
          split={record}
          testIdPrefix="record-detail"
          fundZeroReason={record.fundZeroReason}
        />
        {paidByLines(record.paidBy, record).map((line) => (
          <Text key={line} className="record-detail__care" data-testid="record-detail-paid-by">
            {line}
          </Text>
        ))}
        {refunded ? <RefundList refunds={record.refunds} paid={record} /> : null}
        {reversed && !refunded ? <ReversalLine record={record} /> : null}
        {/* 异地就医 (filed or not) and a level rule: which applied, in the person's words. */}
        {record.care
          ? careWords(record.care).map((line) => (
              <Text key={line} className="record-detail__care" data-testid="record-detail-care">
                {line}
              </Text>
            ))
          : null}
      </View>

      {record.items && record.items.length > 0 ? (
        <View className="record-detail__card" data-testid="record-detail-items">
          <Text className="record-detail__card-title">费用明细</Text>
          {record.items.map((item, index) => (
            <View key={index} className="record-detail__item" data-testid="record-detail-item">
              <Text className="record-detail__item-name">
                {item.name}（{item.className}）
              </Text>
              <Text className="record-detail__item-line">
                {item.qty} × {formatYuan(item.priceFen)}元 = {formatYuan(item.amountFen)}元
                {item.selfPaidFen > 0 ? ` · 个人自付 ${formatYuan(item.selfPaidFen)}元` : ' · 无个人自付'}
              </Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className="record-detail__card">
        <Row label="结算时间" value={formatBeijingTime(record.settledAt)} testId="record-detail-time" />
        {record.reversedAt ? (
          <Row
            label="撤销时间"
            value={formatBeijingTime(record.reversedAt)}
            testId="record-detail-reversed-at"
          />
        ) : null}
        <Row label="结算方式" value={MEDIUM_LABELS[record.medium]} testId="record-detail-medium" />
        {record.regionName ? (
          <Row label="就医地区" value={record.regionName} testId="record-detail-region" />
        ) : null}
        {record.balanceAfterFen !== undefined ? (
          <Row
            label="结算后个人账户余额"
            value={formatYuan(record.balanceAfterFen)}
            testId="record-detail-balance"
          />
        ) : null}
      </View>
    </>
  );
}

function RecordDetailPage() {
  const { params } = useRouter();
  const recordId = params.recordId ? decodeURIComponent(params.recordId) : '';
  const member = params.member ? decodeURIComponent(params.member) : undefined;
  const load = useRecord(recordId, member);

  return (
    <View className="record-detail" data-testid="record-detail">
      <PageHeader title="消费记录详情" onBack={backToRecords} inPaddedPage />
      {load.status === 'loading' ? (
        <View className="record-detail__state-line" data-testid="record-detail-loading">
          <Text>加载中…</Text>
        </View>
      ) : null}
      {load.status === 'failed' ? (
        <ResultPanel title="无法查看这条记录" message={load.error.message} testId="record-detail-error">
          {load.error.code === 'RECORD_NOT_FOUND' ? null : (
            <PrimaryButton testId="record-detail-retry" onClick={load.reload}>
              重试
            </PrimaryButton>
          )}
        </ResultPanel>
      ) : null}
      {load.status === 'ready' ? <Detail record={load.record} /> : null}
      <View className="record-detail__back">
        <PrimaryButton plain testId="record-detail-back" onClick={backToRecords}>
          返回消费记录
        </PrimaryButton>
      </View>
    </View>
  );
}

export default withLargeText(RecordDetailPage);
