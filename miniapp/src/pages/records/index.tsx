// 消费记录: every settlement of this person (by 医保码, 身份证, 社保卡 or online), newest
// first, 20 at a time with 加载更多; an empty state when there are none. Filters: a month, and
// whose records (本人 or a family member of 亲情账户). A tap on a record opens its own page. While
// the platform is down, the first page from the BFF's last good copy, with its time above it.
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';

import { AsOfNotice } from '../../components/as-of-notice';
import { ClaimFirst } from '../../components/claim-first';
import { InlineError } from '../../components/inline-error';
import { PageHeader } from '../../components/page-header';
import { PrimaryButton } from '../../components/primary-button';
import { RecordItem } from '../../components/record-item';
import { ResultPanel } from '../../components/result-panel';
import { SignInPrompt } from '../../components/sign-in-prompt';
import { useLoad } from '../../hooks/use-load';
import { useRecords } from '../../hooks/use-records';
import { call } from '../../services/api';
import { recentMonths, recordDetailUrl, type RecordsFilter } from '../../services/settlements';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

/** Chips: 全部 and the last six months; 本人 and each live family member. */
function FilterBar({
  filter,
  onChange,
}: {
  filter: RecordsFilter;
  onChange: (filter: RecordsFilter) => void;
}) {
  // The family is optional here: without it (none, or not loaded) only 本人 shows.
  const family = useLoad(() => call('family'));
  const members =
    family.status === 'ready' ? family.data.members.filter((m) => m.linkStatus === 'active') : [];
  const chip = (on: boolean, label: string, testId: string, pick: () => void) => (
    <View
      key={testId}
      className={`records__chip${on ? ' records__chip--on' : ''}`}
      role="option"
      aria-selected={on ? 'true' : 'false'}
      data-testid={testId}
      onClick={pick}
    >
      <Text>{label}</Text>
    </View>
  );
  return (
    <View className="records__filters" data-testid="records-filters">
      {members.length > 0 ? (
        <View className="records__chips" role="listbox" aria-label="谁的记录">
          {chip(!filter.member, '本人', 'records-member-self', () =>
            onChange({ ...filter, member: undefined }),
          )}
          {members.map((member) =>
            chip(
              filter.member === member.memberId,
              `${member.maskedName}（${member.relationName}）`,
              `records-member-${member.memberId}`,
              () => onChange({ ...filter, member: member.memberId }),
            ),
          )}
        </View>
      ) : null}
      <View className="records__chips" role="listbox" aria-label="月份">
        {chip(!filter.month, '全部月份', 'records-month-all', () =>
          onChange({ ...filter, month: undefined }),
        )}
        {recentMonths(Date.now(), 6).map((month) =>
          chip(filter.month === month, `${Number(month.slice(5))}月`, `records-month-${month}`, () =>
            onChange({ ...filter, month }),
          ),
        )}
      </View>
    </View>
  );
}

function RecordsPage() {
  // Opened from a member's code page after a settlement: that member's records first.
  const { params } = useRouter();
  const [filter, setFilter] = useState<RecordsFilter>(() =>
    params.member ? { member: decodeURIComponent(params.member) } : {},
  );
  const { records, nextBefore, asOf, loaded, loading, error, loadMore, reload } = useRecords(filter);

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
      <FilterBar filter={filter} onChange={setFilter} />
      {loaded ? <AsOfNotice asOf={asOf} testId="records-as-of" /> : null}
      {!loaded ? (
        <View className="records__state" data-testid="records-loading">
          <Text>加载中…</Text>
        </View>
      ) : null}
      {loaded && records.length === 0 ? (
        <View className="records__state" data-testid="records-empty">
          <Text className="records__empty-glyph">账</Text>
          <Text>{filter.month || filter.member ? '所选范围内暂无消费记录' : '暂无消费记录'}</Text>
        </View>
      ) : null}
      {records.length > 0 ? (
        <View data-testid="records-list">
          {records.map((record) => (
            <RecordItem
              key={record.recordId}
              record={record}
              onOpen={() => void Taro.navigateTo({ url: recordDetailUrl(record.recordId, filter.member) })}
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

export default withLargeText(RecordsPage);
