// 消息中心: every bill, settlement and refund notice, newest first, 20 at a time with 加载更多 —
// so nothing depends on a push being delivered. A bill notice opens its pay page, the others
// open 消费记录; opening a message marks it read. 暂无消息 when there are none.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { InboxMessage } from '@ybm/shared';

import { InboxItem } from '../../components/inbox-item';
import { ClaimFirst } from '../../components/claim-first';
import { InlineError } from '../../components/inline-error';
import { PageHeader } from '../../components/page-header';
import { PrimaryButton } from '../../components/primary-button';
import { ResultPanel } from '../../components/result-panel';
import { SignInPrompt } from '../../components/sign-in-prompt';
import { useInbox } from '../../hooks/use-inbox';
import { messageTarget } from '../../services/inbox';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

function InboxPage() {
  const { messages, unread, nextBefore, loaded, loading, error, loadMore, reload, markRead } = useInbox();

  const open = (message: InboxMessage) => {
    markRead(message);
    void Taro.navigateTo({ url: messageTarget(message) });
  };

  if (!loaded && error?.code === 'UNAUTHENTICATED') {
    return (
      <View className="inbox">
        <PageHeader title="消息中心" inPaddedPage />
        <SignInPrompt message="登录后查看您的账单、结算和退款消息" onSignedIn={reload} />
      </View>
    );
  }
  if (!loaded && error?.code === 'VOUCHER_NOT_ACTIVATED') {
    return (
      <View className="inbox">
        <PageHeader title="消息中心" inPaddedPage />
        <ClaimFirst message="领取医保码后，账单、结算和退款消息会显示在这里" />
      </View>
    );
  }
  if (!loaded && error) {
    return (
      <View className="inbox">
        <PageHeader title="消息中心" inPaddedPage />
        <ResultPanel title="消息加载失败" message={error.message} testId="inbox-error">
          <PrimaryButton testId="inbox-retry" onClick={reload}>
            重试
          </PrimaryButton>
        </ResultPanel>
      </View>
    );
  }

  return (
    <View className="inbox">
      <PageHeader title="消息中心" inPaddedPage />
      {!loaded ? (
        <View className="inbox__state" data-testid="inbox-loading">
          <Text>加载中…</Text>
        </View>
      ) : null}
      {loaded && messages.length === 0 ? (
        <View className="inbox__state" data-testid="inbox-empty">
          <Text className="inbox__empty-glyph">信</Text>
          <Text>暂无消息</Text>
        </View>
      ) : null}
      {messages.length > 0 ? (
        <>
          <Text className="inbox__summary" data-testid="inbox-unread">
            {unread > 0 ? `${unread}条未读` : '全部已读'}
          </Text>
          <View data-testid="inbox-list">
            {messages.map((message) => (
              <InboxItem key={message.id} message={message} onOpen={() => open(message)} />
            ))}
          </View>
        </>
      ) : null}
      {loaded ? <InlineError message={error?.message} testId="inbox-more-error" /> : null}
      {loaded && nextBefore ? (
        <View className="inbox__more">
          <PrimaryButton plain busy={loading} testId="inbox-more" onClick={loadMore}>
            {loading ? '加载中…' : '加载更多'}
          </PrimaryButton>
        </View>
      ) : null}
      {loaded && !nextBefore && messages.length > 0 ? (
        <Text className="inbox__end" data-testid="inbox-end">
          没有更多了
        </Text>
      ) : null}
    </View>
  );
}

export default withLargeText(InboxPage);
