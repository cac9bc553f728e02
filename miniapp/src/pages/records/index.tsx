// 消费记录: every settlement of this person (by 医保码, 身份证, 社保卡 or online), newest
// first, 20 at a time with 加载更多; an empty state when there are none. A tap on a record
// opens its own page (by its id).
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { ClaimFirst } from '../../components/claim-first';
import { InlineError } from '../../components/inline-error';
import { PageHeader } from '../../components/page-header';
import { PrimaryButton } from '../../components/primary-button';
import { RecordItem } from '../../components/record-item';
import { ResultPanel } from '../../components/result-panel';
import { SignInPrompt } from '../../components/sign-in-prompt';
import { useRecords } from '../../hooks/use-records';
import { recordDetailUrl } from '../../services/settlements';
import './index.scss';

export default function RecordsPage() {
  const { records, nextBefore, loaded, loading, error, loadMore, reload } = useRecords();

  if (!loaded && error?.code === 'UNAUTHENTICATED') {
    return (
      <View className="records">
        <PageHeader title="消费记录" inPaddedPage />
        <SignInPrompt message="登录后查看您的医保消费记录" onSignedIn={reload} />
      </View>
    );
  }
  if (!loaded && error?.code === 'VOUCHER_NOT_ACTIVATED') {
    return (
      <View className="records">
        <PageHeader title="消费记录" inPaddedPage />
        <ClaimFirst message="领取医保码后，您在定点医药机构的结算会显示在这里" />
      </View>
    );
  }
  if (!loaded && error) {
    return (
      <View className="records">
        <PageHeader title="消费记录" inPaddedPage />
        <ResultPanel title="消费记录加载失败" message={error.message} testId="records-error">
          <PrimaryButton testId="records-retry" onClick={reload}>
            重试
          </PrimaryButton>
        </ResultPanel>
      </View>
    );
  }

  return (
    <View className="records">
      <PageHeader title="消费记录" inPaddedPage />
      {!loaded ? (
        <View className="records__state" data-testid="records-loading">
          <Text>加载中…</Text>
        </View>
      ) : null}
      {loaded && records.length === 0 ? (
        <View className="records__state" data-testid="records-empty">
          <Text className="records__empty-glyph">账</Text>
          <Text>暂无消费记录</Text>
        </View>
      ) : null}
      {records.length > 0 ? (
        <View data-testid="records-list">
          {records.map((record) => (
            <RecordItem
              key={record.setlId}
              record={record}
              onOpen={() => void Taro.navigateTo({ url: recordDetailUrl(record.setlId) })}
            />
          ))}
        </View>
      ) : null}
      {loaded ? <InlineError message={error?.message} testId="records-more-error" /> : null}
      {loaded && nextBefore ? (
        <View className="records__more">
          <PrimaryButton plain busy={loading} testId="records-more" onClick={loadMore}>
            {loading ? '加载中…' : '加载更多'}
          </PrimaryButton>
        </View>
      ) : null}
      {loaded && !nextBefore && records.length > 0 ? (
        <Text className="records__end" data-testid="records-end">
          没有更多了
        </Text>
      ) : null}
    </View>
  );
}
