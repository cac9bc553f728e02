// 成员医保码: a family member's own code on the guardian's phone, with the member's masked name
// large above it so the counter sees whose code it is. It refreshes and follows the counter's
// scans like the 医保码 tab; after scan 2 the settlement (charged to the member) shows here.
// A member no longer linked (removed here or on another phone) gets the BFF's refusal and the
// way back, never a code.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SettlementResult } from '../../../components/settlement-result';
import { VoucherQr } from '../../../components/voucher-qr';
import { usePageVisible } from '../../../hooks/use-page-visible';
import { useScreenProtection } from '../../../hooks/use-screen-protection';
import {
  LONG_POLL_TIMEOUT_MS,
  LONG_POLL_WAIT_SECONDS,
  useVoucherCode,
} from '../../../hooks/use-voucher-code';
import { call, showApiError } from '../../../services/api';
import { FAMILY_PAGE, memberIdParam } from '../../../services/family';
import { RECORDS_PAGE } from '../../../services/settlements';
import '../../code/index.scss';
import { withLargeText } from '../../../components/large-text-root';

/** Refusals that a retry cannot mend: the member is gone or has not consented. */
const FINAL = new Set(['FAMILY_MEMBER_NOT_FOUND', 'FAMILY_CONSENT_PENDING', 'VALIDATION_ERROR']);

function MemberCodePage() {
  const memberId = memberIdParam();
  const visible = usePageVisible();
  const code = useVoucherCode({
    active: visible,
    deps: {
      issueCode: () => call('memberCode', { params: { memberId } }),
      waitForEvents: (cursor, onTask) =>
        call('memberEvents', {
          params: { memberId },
          query: { cursor, wait: LONG_POLL_WAIT_SECONDS },
          timeoutMs: LONG_POLL_TIMEOUT_MS,
          onTask,
        }),
    },
  });
  const { display, verified } = code;
  useScreenProtection(visible && display.kind === 'code');
  const back = () => void Taro.redirectTo({ url: FAMILY_PAGE });

  let content;
  if (display.kind === 'settled') {
    content = (
      <SettlementResult
        settlement={display.settlement}
        {...(display.reversedAt ? { reversedAt: display.reversedAt } : {})}
        onShowCode={code.restart}
        onOpenRecords={() =>
          void Taro.navigateTo({ url: `${RECORDS_PAGE}?member=${encodeURIComponent(memberId)}` })
        }
      />
    );
  } else if (display.kind === 'offline' && FINAL.has(display.error.code)) {
    content = (
      <ResultPanel
        title="不能出示该成员的医保码"
        message={display.error.message}
        testId="member-code-refused"
      >
        <PrimaryButton testId="member-code-back" onClick={back}>
          返回亲情账户
        </PrimaryButton>
      </ResultPanel>
    );
  } else {
    content = (
      <View className="code-page__card" data-testid="member-code">
        <Text className="code-page__label">亲情账户 · 家庭成员的医保码</Text>
        <Text className="code-page__name" data-testid="member-code-holder">
          {display.kind === 'code' ? display.code.maskedName : '…'}
        </Text>
        {display.kind === 'code' ? (
          <Text className="code-page__meta">
            {display.code.insuranceType} · {display.code.regionName}
          </Text>
        ) : null}
        {verified ? (
          <View className="code-page__status" data-testid="member-code-status" role="status">
            <Text>
              {verified.institutionName ? `已核验身份 · ${verified.institutionName}` : '已核验身份'}
            </Text>
          </View>
        ) : null}
        <View className="code-page__qr">
          {display.kind === 'code' ? (
            <VoucherQr value={display.code.code} testId="member-code-qr" />
          ) : (
            <View className="code-page__qr-placeholder" data-testid="member-code-loading">
              <Text>{display.kind === 'offline' ? display.error.message : '正在生成医保码…'}</Text>
            </View>
          )}
        </View>
        {display.kind === 'code' ? (
          <View className="code-page__timer">
            <Text className="code-page__countdown" data-testid="member-code-countdown">
              {display.refreshing ? '正在刷新…' : `${display.secondsLeft}秒内有效 · 到期前自动刷新`}
            </Text>
            <View
              className="code-page__refresh"
              role="button"
              data-testid="member-code-refresh"
              onClick={() => void code.refresh().then((error) => error && showApiError(error))}
            >
              <Text>刷新</Text>
            </View>
          </View>
        ) : null}
        {display.kind === 'offline' ? (
          <PrimaryButton testId="member-code-retry" onClick={() => void code.refresh()}>
            重试
          </PrimaryButton>
        ) : null}
        <Text className="code-page__notice">费用由该成员本人的医保结算，请向医药机构工作人员出示</Text>
      </View>
    );
  }
  return (
    <View className="code-page">
      <PageHeader title="成员医保码" fallback={FAMILY_PAGE} />
      {content}
    </View>
  );
}

export default withLargeText(MemberCodePage);
